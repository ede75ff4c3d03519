/**
 * Asks to change an activity's programming while its plan is in execution: twelve new monthly
 * quantities and a justification, for a planner to approve or reject. Who: the editors of the
 * activity's unit (or a unit above it) and planners. The request keeps the values it was made
 * against, so that approving it later cannot silently undo another approved change.
 */
import { audit } from "../../db/audit.js";
import type { Db } from "../../db/connection.js";
import {
  findReprogramming,
  insertReprogramming,
  type Monthly,
  type Reprogramming,
} from "../../db/reprogrammings.js";
import { AppError, forbidden } from "../../domain/errors.js";
import {
  activityOf,
  type Caller,
  lockPlanInExecution,
  requireActiveActivity,
} from "../execution/execution-rules.js";
import { currentProgramming, refuseClosedChanges } from "./reprogramming-rules.js";

export async function requestReprogramming(
  db: Db,
  caller: Caller,
  input: { institutionId: string; activityId: string; quantities: Monthly; justification: string },
): Promise<Reprogramming> {
  const scope = await activityOf(db, input.institutionId, input.activityId);
  if (!caller.planner && !caller.editsUnit(scope.unitId, scope.unitChain)) {
    throw forbidden();
  }
  requireActiveActivity(scope);
  const id = await db.transaction(async (tx) => {
    await lockPlanInExecution(tx, scope.institutionId, scope.planId, "share", "se reprograma");
    const current = await currentProgramming(tx, scope);
    if (input.quantities.every((value, i) => value === current.values[i])) {
      throw new AppError("validation", "La reprogramación no cambia ningún mes.", "quantities", {
        code: "reprogramming_unchanged",
      });
    }
    await refuseClosedChanges(tx, scope, current.values, input.quantities);
    const id = await insertReprogramming(tx, scope, {
      oldValues: current.values,
      newValues: input.quantities,
      justification: input.justification,
      requestedBy: caller.userId,
    });
    await audit(tx, {
      institutionId: scope.institutionId,
      userId: caller.userId,
      ip: caller.ip,
      action: "request",
      entity: "reprogramming",
      entityId: id,
      planId: scope.planId,
      unitId: scope.unitId,
      reason: input.justification,
      after: {
        activityId: scope.id,
        oldValues: current.values,
        newValues: input.quantities,
        status: "pending",
      },
    });
    return id;
  });
  return (await findReprogramming(db, scope.institutionId, id)) as Reprogramming;
}
