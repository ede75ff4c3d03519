/**
 * A planner approves or rejects a pending reprogramming request. Approval writes the new
 * quantities into the plan's current programming; it needs the plan still in execution, no
 * closed month changing, and the current programming still what the request saw: if another
 * request was approved first, approving this one would silently undo that change, so it is
 * refused (409) and the requester asks again from the new values.
 */
import { audit } from "../../db/audit.js";
import type { Db } from "../../db/connection.js";
import {
  findReprogramming,
  lockReprogramming,
  type Reprogramming,
  recordReview,
  writeProgrammedQuantities,
} from "../../db/reprogrammings.js";
import type { Actor } from "../../domain/actor.js";
import { AppError, notFound } from "../../domain/errors.js";
import type { ReprogrammingStatus } from "../../domain/reprogramming.js";
import { activityOf, lockPlanInExecution } from "../execution/execution-rules.js";
import { currentProgramming, refuseClosedChanges } from "./reprogramming-rules.js";

const STATUS_DONE: Record<ReprogrammingStatus, string> = {
  pending: "pendiente",
  approved: "aprobada",
  rejected: "rechazada",
};

const ALREADY_REVIEWED = {
  approved: "reprogramming_already_approved",
  rejected: "reprogramming_already_rejected",
} as const;

export async function reviewReprogramming(
  db: Db,
  actor: Actor,
  review: { institutionId: string; id: string; decision: "approved" | "rejected"; comment?: string },
): Promise<Reprogramming> {
  const { institutionId, id } = review;
  const found = await findReprogramming(db, institutionId, id);
  if (!found) throw notFound();
  const scope = await activityOf(db, institutionId, found.activity.id);
  await db.transaction(async (tx) => {
    await lockPlanInExecution(tx, institutionId, scope.planId, "share", "se revisan las reprogramaciones");
    const locked = await lockReprogramming(tx, institutionId, id);
    if (!locked) throw notFound();
    if (locked.status !== "pending") {
      throw new AppError("conflict", `La solicitud ya fue ${STATUS_DONE[locked.status]}.`, "status", {
        code: ALREADY_REVIEWED[locked.status],
      });
    }
    const { oldValues, newValues } = locked;
    if (review.decision === "approved") {
      const current = await currentProgramming(tx, scope);
      if (current.values.some((value, i) => value !== oldValues[i])) {
        throw new AppError(
          "conflict",
          "La programación vigente cambió desde la solicitud: pida una nueva reprogramación sobre los valores actuales.",
          "status",
          { code: "programming_changed" },
        );
      }
      await refuseClosedChanges(tx, scope, oldValues, newValues);
      await writeProgrammedQuantities(tx, scope, current.versionId, newValues);
    }
    await recordReview(tx, institutionId, id, {
      decision: review.decision,
      reviewedBy: actor.userId,
      comment: review.comment ?? null,
    });
    await audit(tx, {
      institutionId,
      userId: actor.userId,
      ip: actor.ip,
      action: review.decision === "approved" ? "approve" : "reject",
      entity: "reprogramming",
      entityId: id,
      planId: scope.planId,
      unitId: scope.unitId,
      ...(review.comment ? { reason: review.comment } : {}),
      before: { status: "pending", programmed: oldValues },
      after: { status: review.decision, programmed: review.decision === "approved" ? newValues : oldValues },
    });
  });
  return (await findReprogramming(db, institutionId, id)) as Reprogramming;
}
