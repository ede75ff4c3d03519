/**
 * Permission checks for route handlers. Call one at the top of every handler, before reading
 * anything, with the institution taken from the URL:
 *
 *   const auth = requireRole(request, params.institutionId, ["admin", "planner"]);
 *
 * THE RULE (every route follows it; the permissions test walks every route to hold us to it):
 * - 401 `unauthorized`: no valid session or API token.
 * - 404 `not_found`: the resource is in an institution the user is not a member of. Not 403:
 *   answering "forbidden" would tell a stranger the institution, plan or unit exists. A route
 *   must answer exactly the same 404 (same detail) for "does not exist" and "exists in another
 *   institution": query tenant rows always by (institution_id, id) with the institution checked
 *   here first, and use `notFound()` for both cases.
 * - 403 `forbidden`: a member of the institution whose role does not allow the action (a viewer
 *   writing, an editor touching a unit that is not theirs). They may know the resource exists.
 * - A super-admin passes every check, in every institution.
 *
 * Roles are not a ladder: name every role that may act (`["admin", "planner"]`); an admin is not
 * implicitly a planner. Editor rights are per unit and also cover the units below them.
 */
import type { FastifyRequest } from "fastify";
import { AppError, forbidden, messages, notFound } from "../../domain/errors.js";
import { isUuid } from "../../domain/ids.js";
import type { Role } from "../../domain/roles.js";
import type { Auth, AuthMembership, SessionCredential } from "../../services/auth/caller.js";

export type {
  Auth,
  AuthMembership,
  AuthUser,
  SessionCredential,
  TokenCredential,
} from "../../services/auth/caller.js";

/** Unit id → parent id (null at the root), or the unit rows themselves. */
export type UnitTree = ReadonlyMap<string, string | null> | Iterable<{ id: string; parentId: string | null }>;

/** The caller, or 401. */
export function requireUser(request: FastifyRequest): Auth {
  if (!request.auth)
    throw new AppError("unauthorized", messages.unauthorized, undefined, { code: "login_required" });
  return request.auth;
}

/** A caller with a browser session (not an API token), or 401 / 403. */
export function requireSession(request: FastifyRequest): Auth & { credential: SessionCredential } {
  const auth = requireUser(request);
  if (auth.credential.kind !== "session")
    throw new AppError("forbidden", messages.sessionRequired, undefined, { code: "session_required" });
  return auth as Auth & { credential: SessionCredential };
}

/** A super-admin, or 401 / 403. */
export function requireSuperAdmin(request: FastifyRequest): Auth {
  const auth = requireUser(request);
  if (!auth.user.superAdmin) throw forbidden();
  return auth;
}

export function membershipOf(auth: Auth, institutionId: string): AuthMembership | undefined {
  return auth.memberships.find((membership) => membership.institution.id === institutionId);
}

/** True when the caller may act with one of `roles` in the institution (super-admins always). */
export function hasRole(auth: Auth, institutionId: string, roles: readonly Role[]): boolean {
  if (auth.user.superAdmin) return true;
  const membership = membershipOf(auth, institutionId);
  return membership !== undefined && roles.includes(membership.role);
}

/** Any member of the institution (reading), or 401 / 404. */
export function requireMember(request: FastifyRequest, institutionId: string): Auth {
  const auth = requireUser(request);
  // A super-admin passes for any institution: what is no id is missing, not a query's error.
  if (auth.user.superAdmin ? !isUuid(institutionId) : !membershipOf(auth, institutionId)) throw notFound();
  return auth;
}

/** A member with one of `roles`, or 401 / 404 (not a member) / 403 (another role). */
export function requireRole(request: FastifyRequest, institutionId: string, roles: readonly Role[]): Auth {
  const auth = requireMember(request, institutionId);
  if (!hasRole(auth, institutionId, roles)) throw forbidden();
  return auth;
}

function parentsOf(tree: UnitTree): ReadonlyMap<string, string | null> {
  if (tree instanceof Map) return tree;
  const parents = new Map<string, string | null>();
  for (const unit of tree as Iterable<{ id: string; parentId: string | null }>)
    parents.set(unit.id, unit.parentId);
  return parents;
}

/** Unit id → parent id, from unit rows; build it once when checking many units. */
export function toUnitTree(
  units: Iterable<{ id: string; parentId: string | null }>,
): Map<string, string | null> {
  return new Map(parentsOf(units));
}

/**
 * May the caller record execution for `unitId`? Super-admins: yes. Editors: for their units and
 * every unit below them in `unitTree` (the institution's units). Other roles: no (a route that
 * lets planners record execution says so itself).
 */
export function canEditUnit(auth: Auth, institutionId: string, unitId: string, unitTree: UnitTree): boolean {
  if (auth.user.superAdmin) return true;
  const membership = membershipOf(auth, institutionId);
  if (membership?.role !== "editor" || membership.unitIds.length === 0) return false;
  const own = new Set(membership.unitIds);
  const parents = parentsOf(unitTree);
  const seen = new Set<string>();
  for (let unit: string | null | undefined = unitId; unit && !seen.has(unit); unit = parents.get(unit)) {
    if (own.has(unit)) return true;
    seen.add(unit);
  }
  return false;
}

/** `canEditUnit` as a check: 401 / 404 (not a member) / 403 (not this unit's editor). */
export function requireUnitEditor(
  request: FastifyRequest,
  institutionId: string,
  unitId: string,
  unitTree: UnitTree,
): Auth {
  const auth = requireMember(request, institutionId);
  if (!canEditUnit(auth, institutionId, unitId, unitTree)) throw forbidden();
  return auth;
}

/**
 * The units the caller may edit in the institution, for filtering lists: "all" for super-admins,
 * an editor's units with everything below them, nothing for other roles.
 */
export function editableUnitIds(auth: Auth, institutionId: string, unitTree: UnitTree): "all" | Set<string> {
  if (auth.user.superAdmin) return "all";
  const parents = parentsOf(unitTree);
  const editable = new Set<string>();
  for (const unit of parents.keys()) {
    if (canEditUnit(auth, institutionId, unit, parents)) editable.add(unit);
  }
  return editable;
}
