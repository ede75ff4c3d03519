/** A page of a plan's activities in plan order; `unitId` includes the units below it. */
import { type ActivityView, listActivitiesPage } from "../../db/activities.js";
import type { Db } from "../../db/connection.js";
import { unitTree } from "../../db/org-units.js";
import type { Page, Paging } from "../../db/pagination.js";
import { unitWithDescendants } from "../../domain/unit-tree.js";
import { requirePlan } from "../plans/plan-rules.js";
import { requireUnit } from "../units/unit-rules.js";

export async function listActivities(
  db: Db,
  institutionId: string,
  planId: string,
  filters: { unitId?: string; q?: string; includeWithdrawn?: boolean },
  paging: Paging,
): Promise<Page<ActivityView>> {
  await requirePlan(db, institutionId, planId);
  const { unitId, ...rest } = filters;
  if (!unitId) return listActivitiesPage(db, institutionId, planId, rest, paging);
  await requireUnit(db, institutionId, unitId);
  const unitIds = [...unitWithDescendants(await unitTree(db, institutionId), unitId)];
  return listActivitiesPage(db, institutionId, planId, { ...rest, unitIds }, paging);
}
