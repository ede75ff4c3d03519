/** One institution and its settings, or the tenant 404 (the same for an id that is no UUID). */
import type { Db } from "../../db/connection.js";
import { findInstitutionById, type Institution } from "../../db/institutions.js";
import { notFound } from "../../domain/errors.js";
import { isUuid } from "../../domain/ids.js";

export async function getInstitution(db: Db, institutionId: string): Promise<Institution> {
  const institution = isUuid(institutionId) ? await findInstitutionById(db, institutionId) : undefined;
  if (!institution) throw notFound();
  return institution;
}
