/**
 * The first line of every `/api/institutions/:institutionId/...` handler: the permission check
 * of `auth/permissions.ts`, plus, for super-admins (who pass every check), proof that the
 * institution exists, so that an unknown id is the same 404 for everybody.
 */
import type { FastifyRequest } from "fastify";
import type { Db } from "../db/connection.js";
import type { Role } from "../domain/roles.js";
import { getInstitution } from "../services/institutions/get-institution.js";
import { type Auth, requireMember, requireRole, requireUser } from "./auth/permissions.js";

/** Any member (reading) or, with `roles`, a member with one of them: 401 / 404 / 403. */
export async function requireInstitutionAccess(
  request: FastifyRequest,
  db: Db,
  institutionId: string,
  roles?: readonly Role[],
): Promise<Auth> {
  const auth = roles ? requireRole(request, institutionId, roles) : requireMember(request, institutionId);
  if (auth.user.superAdmin) await getInstitution(db, institutionId);
  return auth;
}

/**
 * A `preValidation` hook: no session is a 401 before the body is even looked at, so an
 * anonymous caller gets the same answer whatever it sends.
 */
export async function callerFirst(request: FastifyRequest): Promise<void> {
  requireUser(request);
}
