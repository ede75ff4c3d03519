/**
 * Moves a plan one step (approve, start, close). Approval freezes the baseline: a derived
 * baseline becomes a copy of the current programming at that moment; a baseline brought by the
 * source (CEPLAN's CS phase) is kept as it came. `db` may be a transaction already open (the
 * demo's): the step then commits or rolls back with it.
 */
import { audit } from "../../db/audit.js";
import type { Db } from "../../db/connection.js";
import { type Plan, updatePlanRow } from "../../db/plans.js";
import { freezeBaseline } from "../../db/programming.js";
import type { Actor } from "../../domain/actor.js";
import { AppError } from "../../domain/errors.js";
import { type PlanTransition, planStatusLabels, planTransitions } from "../../domain/plan-status.js";
import { requirePlan } from "./plan-rules.js";

export async function transitionPlan(
  db: Db,
  actor: Actor,
  institutionId: string,
  planId: string,
  transition: PlanTransition,
): Promise<Plan> {
  const { from, to, verb } = planTransitions[transition];
  return db.transaction(async (tx) => {
    const plan = await requirePlan(tx, institutionId, planId, { lock: true });
    if (plan.status !== from) {
      throw new AppError(
        "conflict",
        `No se puede ${verb}: está ${planStatusLabels[plan.status]} (se requiere que esté ${planStatusLabels[from]}).`,
        "status",
        { code: "plan_wrong_status", params: { transition, status: plan.status, required: from } },
      );
    }
    if (transition === "approve") await freezeBaseline(tx, institutionId, planId);
    const after = await updatePlanRow(tx, institutionId, planId, { status: to });
    await audit(tx, {
      institutionId,
      planId,
      action: transition,
      entity: "plan",
      entityId: planId,
      before: { status: from },
      after: { status: to },
      ...actor,
    });
    return after;
  });
}
