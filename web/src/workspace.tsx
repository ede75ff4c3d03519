/**
 * The institution and plan the user works on, chosen in the header and remembered in the
 * browser. The institution list is the user's memberships; the last plan opened is kept per
 * institution so that "Tablero" goes back to it.
 */
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from "react";
import type { Membership, User } from "./api.js";

type Workspace = {
  memberships: Membership[];
  institution: Membership | undefined;
  setInstitutionId: (id: string) => void;
  lastPlanId: string | undefined;
  rememberPlan: (institutionId: string, planId: string) => void;
};

const WorkspaceContext = createContext<Workspace | null>(null);
const INSTITUTION_KEY = "avance.institution";
const planKey = (institutionId: string) => `avance.plan.${institutionId}`;

export function WorkspaceProvider({ user, children }: { user: User; children: ReactNode }) {
  const [institutionId, setInstitutionIdState] = useState(() => localStorage.getItem(INSTITUTION_KEY));
  const [lastPlans, setLastPlans] = useState<Record<string, string>>({});
  const setInstitutionId = useCallback((id: string) => {
    localStorage.setItem(INSTITUTION_KEY, id);
    setInstitutionIdState(id);
  }, []);
  const rememberPlan = useCallback((institution: string, planId: string) => {
    localStorage.setItem(planKey(institution), planId);
    setLastPlans((plans) => ({ ...plans, [institution]: planId }));
  }, []);
  const value = useMemo<Workspace>(() => {
    const memberships = user.memberships;
    const institution =
      memberships.find((membership) => membership.institution.id === institutionId) ?? memberships[0];
    const id = institution?.institution.id;
    const lastPlanId = id ? (lastPlans[id] ?? localStorage.getItem(planKey(id)) ?? undefined) : undefined;
    return { memberships, institution, setInstitutionId, lastPlanId, rememberPlan };
  }, [user, institutionId, lastPlans, setInstitutionId, rememberPlan]);
  return <WorkspaceContext.Provider value={value}>{children}</WorkspaceContext.Provider>;
}

export function useWorkspace(): Workspace {
  const context = useContext(WorkspaceContext);
  if (!context) throw new Error("useWorkspace outside WorkspaceProvider");
  return context;
}
