/**
 * What the chosen institution lets the user do, to show each screen only to those who may use
 * it (the server still checks every call). A super-admin may do everything everywhere.
 */
import { useQuery } from "@tanstack/react-query";
import type { UnitNode } from "../../src/contract/units.js";
import type { MemberPage } from "../../src/contract/users.js";
import type { PlanStatus } from "../../src/domain/plan-status.js";
import { api } from "./api.js";
import { type Access, accessOf } from "./components/grid/grid-model.js";
import { useMe } from "./session.js";
import { allPages, institutionPath } from "./workflow.js";
import { useWorkspace } from "./workspace.js";

export type Abilities = {
  /** Users and settings. */
  admin: boolean;
  /** Closing and reopening months, reviewing reprogrammings. */
  planner: boolean;
  /** Recording execution and evidence, asking for reprogrammings (for the editor's units). */
  editor: boolean;
  /** The units an editor answers for (empty for other roles). */
  unitIds: string[];
};

export function useAbilities(): Abilities {
  const { institution } = useWorkspace();
  const user = useMe().data?.user;
  const superAdmin = user?.superAdmin === true;
  const role = institution?.role ?? null;
  const membership = user?.memberships.find((item) => item.institution.id === institution?.id);
  return {
    admin: superAdmin || role === "admin",
    planner: superAdmin || role === "planner",
    editor: superAdmin || role === "editor",
    unitIds: membership?.unitIds ?? [],
  };
}

/** The chosen institution's members (`GET …/users`: admins only), for the users page and filters. */
export function useMembers(enabled = true) {
  const { institution } = useWorkspace();
  const id = institution?.id;
  return useQuery({
    queryKey: membersKey(id),
    enabled: enabled && id !== undefined,
    queryFn: () => api<MemberPage>(institutionPath(id ?? "", "users?pageSize=500")),
  });
}

export const membersKey = (institutionId: string | undefined) => ["users", institutionId] as const;

/** Every unit of the chosen institution in the tree's order (one cache entry for every page). */
export function useUnits(enabled = true) {
  const { institution } = useWorkspace();
  const id = institution?.id;
  return useQuery({
    queryKey: ["units", id],
    enabled: enabled && id !== undefined,
    queryFn: () => allPages<UnitNode>(institutionPath(id ?? "", "units")),
  });
}

/**
 * Who enters execution and evidence where, as the grid decides it (`accessOf`, then `lockOf` per
 * activity and month): an editor for their units and those below, a super-admin everywhere.
 * Undefined while an editor's units are still loading.
 */
export function useExecutionAccess(status: PlanStatus | undefined, closed: Set<number>): Access | undefined {
  const { institution } = useWorkspace();
  const user = useMe().data?.user;
  const membership = user?.memberships.find((item) => item.institution.id === institution?.id);
  const editor = membership?.role === "editor";
  const units = useUnits(editor);
  if (!user || status === undefined || (editor && !units.data)) return undefined;
  return accessOf(membership, user.superAdmin, units.data ?? [], status, closed);
}
