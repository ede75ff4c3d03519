/** The institutions a user may see (all of them for a super-admin), by name. */
import type { Db } from "../../db/connection.js";
import { type Institution, listInstitutionsPage } from "../../db/institutions.js";
import type { Page, Paging } from "../../db/pagination.js";

export async function listInstitutions(
  db: Db,
  viewer: { userId: string; superAdmin: boolean },
  paging: Paging,
): Promise<Page<Institution>> {
  return listInstitutionsPage(db, viewer, paging);
}
