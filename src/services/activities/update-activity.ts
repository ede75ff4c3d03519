/** Changes an activity of a draft plan (its unit, name, fields). */
import {
  type ActivityInput,
  type ActivityRow,
  type ActivityView,
  activityColumns,
  updateActivityRow,
} from "../../db/activities.js";
import { audit } from "../../db/audit.js";
import type { Db } from "../../db/connection.js";
import type { Actor } from "../../domain/actor.js";
import { requireDraft, requirePlan } from "../plans/plan-rules.js";
import {
  checkDates,
  checkUnit,
  refuseTwinActivity,
  requireActivity,
  requireActivityView,
} from "./activity-rules.js";

export async function updateActivity(
  db: Db,
  actor: Actor,
  institutionId: string,
  activityId: string,
  patch: ActivityInput,
): Promise<ActivityView> {
  await db.transaction(async (tx) => {
    const before = await requireActivity(tx, institutionId, activityId);
    requireDraft(await requirePlan(tx, institutionId, before.planId, { lock: true }));
    const columns = activityColumns(patch);
    const next = { ...before, ...columns };
    if (patch.unitId !== undefined && patch.unitId !== before.unitId)
      await checkUnit(tx, institutionId, patch.unitId);
    checkDates(next);
    if (patch.unitId !== undefined || patch.name !== undefined) {
      await refuseTwinActivity(tx, institutionId, before.planId, {
        id: activityId,
        unitId: next.unitId,
        name: next.name,
      });
    }
    await updateActivityRow(tx, institutionId, activityId, columns);
    await audit(tx, {
      institutionId,
      planId: before.planId,
      unitId: next.unitId,
      action: "update",
      entity: "activity",
      entityId: activityId,
      before: Object.fromEntries(Object.keys(columns).map((key) => [key, before[key as keyof ActivityRow]])),
      after: columns,
      ...actor,
    });
  });
  return requireActivityView(db, institutionId, activityId);
}
