/** A page of an institution's plans, newest year first, optionally of one year or status. */
import type { Db } from "../../db/connection.js";
import type { Page, Paging } from "../../db/pagination.js";
import { listPlansPage, type Plan } from "../../db/plans.js";
import type { PlanStatus } from "../../domain/plan-status.js";

export async function listPlans(
  db: Db,
  institutionId: string,
  filters: { year?: number; status?: PlanStatus },
  paging: Paging,
): Promise<Page<Plan>> {
  return listPlansPage(db, institutionId, filters, paging);
}
