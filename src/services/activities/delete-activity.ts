/** Deletes a draft's activity with its months (a withdrawn activity of an approved plan stays: `active: false`). */
import { deleteActivityRow } from "../../db/activities.js";
import { audit } from "../../db/audit.js";
import type { Db } from "../../db/connection.js";
import type { Actor } from "../../domain/actor.js";
import { requireDraft, requirePlan } from "../plans/plan-rules.js";
import { requireActivityView } from "./activity-rules.js";

export async function deleteActivity(
  db: Db,
  actor: Actor,
  institutionId: string,
  activityId: string,
): Promise<void> {
  const before = await requireActivityView(db, institutionId, activityId);
  await db.transaction(async (tx) => {
    requireDraft(await requirePlan(tx, institutionId, before.planId, { lock: true }));
    await deleteActivityRow(tx, institutionId, activityId);
    await audit(tx, {
      institutionId,
      planId: before.planId,
      unitId: before.unitId,
      action: "delete",
      entity: "activity",
      entityId: activityId,
      before,
      ...actor,
    });
  });
}
