/** Changes a draft plan's fields; year, kind and title stay unique in the institution. */
import { audit } from "../../db/audit.js";
import type { Db } from "../../db/connection.js";
import { type Plan, type PlanInput, updatePlanRow } from "../../db/plans.js";
import type { Actor } from "../../domain/actor.js";
import { refuseTwinPlan, requireDraft, requirePlan } from "./plan-rules.js";

export async function updatePlan(
  db: Db,
  actor: Actor,
  institutionId: string,
  planId: string,
  patch: Partial<PlanInput>,
): Promise<Plan> {
  return db.transaction(async (tx) => {
    const before = await requirePlan(tx, institutionId, planId, { lock: true });
    requireDraft(before);
    if (patch.year !== undefined || patch.kind !== undefined || patch.title !== undefined) {
      await refuseTwinPlan(tx, institutionId, { ...before, ...patch }, planId);
    }
    const after = await updatePlanRow(tx, institutionId, planId, patch);
    await audit(tx, {
      institutionId,
      planId,
      action: "update",
      entity: "plan",
      entityId: planId,
      before: Object.fromEntries(Object.keys(patch).map((key) => [key, before[key as keyof Plan]])),
      after: patch,
      ...actor,
    });
    return after;
  });
}
