/** Adds an activity at the end of a draft plan. */
import { randomUUID } from "node:crypto";
import {
  type ActivityInput,
  type ActivityView,
  activityColumns,
  insertActivity,
  nextActivityPosition,
} from "../../db/activities.js";
import { audit } from "../../db/audit.js";
import type { Db } from "../../db/connection.js";
import type { Actor } from "../../domain/actor.js";
import { requireDraft, requirePlan } from "../plans/plan-rules.js";
import { checkDates, checkUnit, refuseTwinActivity, requireActivityView } from "./activity-rules.js";

export async function createActivity(
  db: Db,
  actor: Actor,
  institutionId: string,
  planId: string,
  input: ActivityInput & { name: string; unitId: string },
): Promise<ActivityView> {
  const id = randomUUID();
  await db.transaction(async (tx) => {
    const plan = await requirePlan(tx, institutionId, planId, { lock: true });
    requireDraft(plan);
    await checkUnit(tx, institutionId, input.unitId);
    checkDates(input);
    await refuseTwinActivity(tx, institutionId, planId, { id, unitId: input.unitId, name: input.name });
    const created = await insertActivity(tx, {
      ...activityColumns(input),
      institutionId,
      planId,
      id,
      name: input.name,
      unitId: input.unitId,
      position: await nextActivityPosition(tx, institutionId, planId),
    });
    await audit(tx, {
      institutionId,
      planId,
      unitId: input.unitId,
      action: "create",
      entity: "activity",
      entityId: id,
      after: created,
      ...actor,
    });
  });
  return requireActivityView(db, institutionId, id);
}
