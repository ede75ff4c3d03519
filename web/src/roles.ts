/**
 * What the chosen institution lets the user do, to show each screen only to those who may use
 * it (the server still checks every call). A super-admin may do everything everywhere.
 */
import { useMe } from "./session.js";
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
