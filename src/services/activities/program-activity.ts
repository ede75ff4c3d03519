/** Replaces a draft activity's programmed months (quantities and, optionally, money). */
import type { ActivityView } from "../../db/activities.js";
import { audit } from "../../db/audit.js";
import type { Db } from "../../db/connection.js";
import { type MonthlyInput, writeProgrammed } from "../../db/programming.js";
import type { Actor } from "../../domain/actor.js";
import { requireDraft, requirePlan } from "../plans/plan-rules.js";
import { requireActivityView } from "./activity-rules.js";

export async function programActivity(
  db: Db,
  actor: Actor,
  institutionId: string,
  activityId: string,
  values: MonthlyInput,
): Promise<ActivityView> {
  const before = await requireActivityView(db, institutionId, activityId);
  await db.transaction(async (tx) => {
    requireDraft(await requirePlan(tx, institutionId, before.planId, { lock: true }));
    await writeProgrammed(tx, { institutionId, planId: before.planId, activityId }, values);
    await audit(tx, {
      institutionId,
      planId: before.planId,
      unitId: before.unitId,
      action: "program",
      entity: "activity",
      entityId: activityId,
      before: { quantities: before.programmed, money: before.programmedMoney },
      after: { quantities: values.quantities, money: values.money ?? Array(12).fill(null) },
      ...actor,
    });
  });
  return requireActivityView(db, institutionId, activityId);
}
