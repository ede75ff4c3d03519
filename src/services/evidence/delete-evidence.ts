/** Withdraws an evidence file. Who: its uploader or a planner, while its month is open. */
import { audit } from "../../db/audit.js";
import type { Db } from "../../db/connection.js";
import { deleteEvidenceFile, findEvidence } from "../../db/evidence.js";
import { forbidden, notFound } from "../../domain/errors.js";
import {
  activityOf,
  type Caller,
  lockPlanInExecution,
  requireOpenMonth,
} from "../execution/execution-rules.js";
import { auditedMeta } from "./evidence-file.js";

export async function deleteEvidence(
  db: Db,
  caller: Caller,
  input: { institutionId: string; evidenceId: string },
): Promise<void> {
  const { institutionId, evidenceId } = input;
  const evidence = await findEvidence(db, institutionId, evidenceId);
  if (!evidence) throw notFound();
  const scope = await activityOf(db, institutionId, evidence.activityId);
  if (evidence.uploadedBy !== caller.userId && !caller.planner) {
    throw forbidden();
  }
  await db.transaction(async (tx) => {
    await lockPlanInExecution(tx, institutionId, scope.planId, "share", "la evidencia se retira");
    await requireOpenMonth(tx, institutionId, scope.planId, evidence.month);
    if (!(await deleteEvidenceFile(tx, institutionId, evidence.id))) {
      throw notFound("La evidencia ya fue retirada.", { code: "evidence_already_removed" });
    }
    await audit(tx, {
      institutionId,
      userId: caller.userId,
      ip: caller.ip,
      action: "delete",
      entity: "evidence",
      entityId: evidence.id,
      planId: scope.planId,
      unitId: scope.unitId,
      before: { activityId: scope.id, ...auditedMeta(evidence) },
    });
  });
}
