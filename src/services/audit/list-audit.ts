import { type AuditFilter, type AuditRow, searchAudit } from "../../db/audit-log.js";
import type { Db } from "../../db/connection.js";
import type { Page, Paging } from "../../db/pagination.js";
import { type AuditScope, institutionOf } from "./audit-scope.js";

/** One page of the audit log, newest first, filtered by plan, unit, activity, user, action and date. */
export async function listAudit(
  db: Db,
  scope: AuditScope,
  filter: Omit<AuditFilter, "institutionId">,
  paging: Paging,
): Promise<Page<AuditRow>> {
  const institutionId = scope === "deployment" ? null : (await institutionOf(db, scope.institutionId)).id;
  const found = await searchAudit(db, { ...filter, institutionId }, paging);
  return { ...found, ...paging };
}
