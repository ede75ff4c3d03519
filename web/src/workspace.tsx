/**
 * The institution and plan the user works on, chosen in the header and remembered in the
 * browser. The institutions are the user's (every one for a super-admin: `GET /api/institutions`);
 * the last plan opened is kept per institution so that "Tablero" goes back to it. A page of a plan
 * of another of the user's institutions (a link, a bookmark) chooses the plan's institution: the
 * plan is looked up by its id alone (`GET /api/plans/:planId`) when the chosen institution's plans
 * do not include it. An activity's page does the same with the plan of the page it came from.
 */
import { Center, Loader } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import type { User } from "../../src/contract/auth.js";
import type { Institution, InstitutionPage } from "../../src/contract/institutions.js";
import type { Plan } from "../../src/contract/plans.js";
import type { Role } from "../../src/contract/roles.js";
import { api } from "./api.js";
import { ErrorAlert } from "./components/error-alert.js";
import { useI18n } from "./i18n/index.js";
import { usePlans } from "./plans.js";
import { backOf, useRoute } from "./router.js";

export type WorkspaceInstitution = Pick<Institution, "id" | "name" | "locale"> & {
  /** The user's role there; null for a super-admin who is not a member. */
  role: Role | null;
};

type Workspace = {
  institutions: WorkspaceInstitution[];
  institution: WorkspaceInstitution | undefined;
  /** May import plans into the chosen institution (planner, admin, super-admin). */
  mayImport: boolean;
  setInstitutionId: (id: string) => void;
  lastPlanId: string | undefined;
  rememberPlan: (institutionId: string, planId: string) => void;
};

const WorkspaceContext = createContext<Workspace | null>(null);
const INSTITUTION_KEY = "avance.institution";
const planKey = (institutionId: string) => `avance.plan.${institutionId}`;
export const institutionsKey = ["institutions"] as const;

/** The plan of a `/plans/:id/…` page, in lower case as the API answers ids. */
export const planOfPath = (path: string) => /^\/plans\/([^/]+)/.exec(path)?.[1]?.toLowerCase();

/** The institution the next workspace opens on (a page outside it: the invitation link's). */
export function rememberInstitution(id: string): void {
  localStorage.setItem(INSTITUTION_KEY, id);
}

export function WorkspaceProvider({ user, children }: { user: User; children: ReactNode }) {
  const { t } = useI18n();
  const list = useQuery({
    queryKey: institutionsKey,
    queryFn: () => api<InstitutionPage>("/api/institutions?pageSize=500"),
  });
  const [institutionId, setInstitutionIdState] = useState(() => localStorage.getItem(INSTITUTION_KEY));
  const [lastPlans, setLastPlans] = useState<Record<string, string>>({});
  const setInstitutionId = useCallback((id: string) => {
    rememberInstitution(id);
    setInstitutionIdState(id);
  }, []);
  const rememberPlan = useCallback((institution: string, planId: string) => {
    localStorage.setItem(planKey(institution), planId);
    setLastPlans((plans) => ({ ...plans, [institution]: planId }));
  }, []);
  const institutions = useMemo(() => {
    const roles = new Map(user.memberships.map((membership) => [membership.institution.id, membership.role]));
    return (list.data?.items ?? []).map((item) => ({
      id: item.id,
      name: item.name,
      locale: item.locale,
      role: roles.get(item.id) ?? null,
    }));
  }, [user, list.data]);
  const chosenId = (institutions.find((item) => item.id === institutionId) ?? institutions[0])?.id;
  // The page's plan, when the chosen institution has no such plan: whose is it?
  const route = useRoute();
  // An activity's page knows its plan by the page it was opened from (`?from=/plans/…`).
  const pathPlan =
    planOfPath(route.path) ??
    (route.path.startsWith("/activities/") ? planOfPath(backOf(route.params) ?? "") : undefined);
  const plans = usePlans(chosenId);
  const elsewhere =
    pathPlan !== undefined && plans.isSuccess && !plans.data.some((plan) => plan.id === pathPlan);
  const located = useQuery({
    queryKey: ["plan-institution", pathPlan],
    enabled: elsewhere,
    staleTime: Number.POSITIVE_INFINITY,
    queryFn: () => api<Plan>(`/api/plans/${pathPlan}`),
  });
  const owner = elsewhere ? located.data?.institutionId : undefined;
  useEffect(() => {
    if (owner && owner !== chosenId && institutions.some((item) => item.id === owner))
      setInstitutionId(owner);
  }, [owner, chosenId, institutions, setInstitutionId]);
  const value = useMemo<Workspace>(() => {
    const institution = institutions.find((item) => item.id === chosenId);
    const id = institution?.id;
    const lastPlanId = id ? (lastPlans[id] ?? localStorage.getItem(planKey(id)) ?? undefined) : undefined;
    const mayImport =
      institution !== undefined &&
      (user.superAdmin || institution.role === "admin" || institution.role === "planner");
    return { institutions, institution, mayImport, setInstitutionId, lastPlanId, rememberPlan };
  }, [user, institutions, chosenId, lastPlans, setInstitutionId, rememberPlan]);
  if (list.isPending) {
    return (
      <Center h="60vh">
        <Loader aria-label={t("common.loading")} />
      </Center>
    );
  }
  if (list.isError) return <ErrorAlert error={list.error} />;
  return <WorkspaceContext.Provider value={value}>{children}</WorkspaceContext.Provider>;
}

export function useWorkspace(): Workspace {
  const context = useContext(WorkspaceContext);
  if (!context) throw new Error("useWorkspace outside WorkspaceProvider");
  return context;
}
