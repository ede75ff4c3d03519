import type { Db } from "../../db/connection.js";
import { findInstitutionById } from "../../db/institutions.js";
import { notFound } from "../../domain/errors.js";
import { isUuid } from "../../domain/ids.js";

/**
 * Whose entries: an institution's (the caller's membership checked by the route) or the
 * deployment's, `institution_id` null (logins, institutions created…).
 */
export type AuditScope = { institutionId: string } | "deployment";

/** The institution of the scope, or the same 404 for an unknown id as for a stranger's. */
export async function institutionOf(db: Db, institutionId: string) {
  if (!isUuid(institutionId)) throw notFound();
  const institution = await findInstitutionById(db, institutionId.toLowerCase());
  if (!institution) throw notFound();
  return institution;
}
