/**
 * Attaches an evidence file to a month of an activity. Who: whoever may record the month (the
 * unit's editors), in an open month of a plan in execution, on an activity not withdrawn. The
 * name is sanitised and the type read from the bytes (evidence-file.ts).
 */
import { createHash } from "node:crypto";
import { audit } from "../../db/audit.js";
import type { Db } from "../../db/connection.js";
import { type EvidenceMeta, insertEvidence } from "../../db/evidence.js";
import { AppError } from "../../domain/errors.js";
import {
  activityOf,
  type Caller,
  lockPlanInExecution,
  requireActiveActivity,
  requireActivityEditor,
  requireOpenMonth,
} from "../execution/execution-rules.js";
import { auditedMeta, checkEvidenceType, sanitizeFileName } from "./evidence-file.js";

export type UploadedFile = { fileName: string; declaredType: string; data: Buffer };

export async function uploadEvidence(
  db: Db,
  caller: Caller,
  input: {
    institutionId: string;
    activityId: string;
    month: number;
    /** Reads the upload: called only once the caller may upload, so a refused caller's body is never read. */
    file: () => Promise<UploadedFile>;
  },
): Promise<EvidenceMeta> {
  const scope = await activityOf(db, input.institutionId, input.activityId);
  requireActivityEditor(caller, scope);
  const { fileName: rawName, declaredType, data } = await input.file();
  if (data.length === 0)
    throw new AppError("validation", "El archivo está vacío.", "file", { code: "empty_file" });
  const fileName = sanitizeFileName(rawName);
  const contentType = await checkEvidenceType(fileName, declaredType, data);
  requireActiveActivity(scope);
  const sha256 = createHash("sha256").update(data).digest("hex");
  return db.transaction(async (tx) => {
    await lockPlanInExecution(tx, scope.institutionId, scope.planId, "share", "la evidencia se adjunta");
    await requireOpenMonth(tx, scope.institutionId, scope.planId, input.month);
    const row = await insertEvidence(
      tx,
      scope,
      { month: input.month, fileName, contentType, data, sha256 },
      caller.userId,
    );
    await audit(tx, {
      institutionId: scope.institutionId,
      userId: caller.userId,
      ip: caller.ip,
      action: "upload",
      entity: "evidence",
      entityId: row.id,
      planId: scope.planId,
      unitId: scope.unitId,
      after: { activityId: scope.id, ...auditedMeta(row) },
    });
    return row;
  });
}
