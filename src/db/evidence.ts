/**
 * Evidence files of a month's execution. The bytes are stored in `evidence_files` (bytea), so
 * a database backup carries them; metadata answers never load the bytes.
 */
import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Actor } from "../domain/actor.js";
import { AppError } from "../domain/errors.js";
import { isUuid } from "../domain/ids.js";
import {
  type ActivityScope,
  lockPlanInExecution,
  requireActiveActivity,
  requireOpenMonth,
} from "./activity-scope.js";
import { audit } from "./audit.js";
import type { Db } from "./connection.js";
import type { EvidenceRef } from "./execution.js";
import { evidenceFiles } from "./schema.js";

export type EvidenceMeta = EvidenceRef & {
  activityId: string;
  month: number;
  sha256: string;
  uploadedBy: string | null;
  uploadedAt: Date;
};

const metaColumns = {
  id: evidenceFiles.id,
  activityId: evidenceFiles.activityId,
  month: evidenceFiles.month,
  fileName: evidenceFiles.fileName,
  size: evidenceFiles.size,
  contentType: evidenceFiles.contentType,
  sha256: evidenceFiles.sha256,
  uploadedBy: evidenceFiles.uploadedBy,
  uploadedAt: evidenceFiles.uploadedAt,
};

const byId = (institutionId: string, id: string) =>
  and(eq(evidenceFiles.institutionId, institutionId), eq(evidenceFiles.id, id));

export async function findEvidence(
  db: Db,
  institutionId: string,
  id: string,
): Promise<EvidenceMeta | undefined> {
  if (!isUuid(institutionId) || !isUuid(id)) return undefined;
  const [found] = await db.select(metaColumns).from(evidenceFiles).where(byId(institutionId, id));
  return found;
}

export async function evidenceBytes(db: Db, institutionId: string, id: string): Promise<Buffer | undefined> {
  const [found] = await db
    .select({ data: evidenceFiles.data })
    .from(evidenceFiles)
    .where(byId(institutionId, id));
  return found?.data;
}

function auditedMeta(file: Pick<EvidenceMeta, "fileName" | "size" | "contentType" | "sha256" | "month">) {
  return {
    fileName: file.fileName,
    size: file.size,
    contentType: file.contentType,
    sha256: file.sha256,
    month: file.month,
  };
}

/** Stores a checked file for an open month of a plan in execution. */
export async function addEvidence(
  db: Db,
  scope: ActivityScope,
  file: { month: number; fileName: string; contentType: string; data: Buffer },
  actor: Actor,
): Promise<EvidenceMeta> {
  requireActiveActivity(scope);
  const sha256 = createHash("sha256").update(file.data).digest("hex");
  return db.transaction(async (tx) => {
    await lockPlanInExecution(tx, scope.institutionId, scope.planId, "share", "la evidencia se adjunta");
    await requireOpenMonth(tx, scope.institutionId, scope.planId, file.month);
    const [row] = await tx
      .insert(evidenceFiles)
      .values({
        institutionId: scope.institutionId,
        activityId: scope.id,
        month: file.month,
        fileName: file.fileName,
        contentType: file.contentType,
        size: file.data.length,
        sha256,
        data: file.data,
        uploadedBy: actor.userId,
      })
      .returning(metaColumns);
    if (!row) throw new Error("insert returned nothing");
    await audit(tx, {
      institutionId: scope.institutionId,
      userId: actor.userId,
      ip: actor.ip,
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

export async function deleteEvidence(
  db: Db,
  scope: ActivityScope,
  evidence: EvidenceMeta,
  actor: Actor,
): Promise<void> {
  await db.transaction(async (tx) => {
    await lockPlanInExecution(tx, scope.institutionId, scope.planId, "share", "la evidencia se retira");
    await requireOpenMonth(tx, scope.institutionId, scope.planId, evidence.month);
    const removed = await tx
      .delete(evidenceFiles)
      .where(byId(scope.institutionId, evidence.id))
      .returning({ id: evidenceFiles.id });
    if (removed.length === 0) throw new AppError("not_found", "La evidencia ya fue retirada.");
    await audit(tx, {
      institutionId: scope.institutionId,
      userId: actor.userId,
      ip: actor.ip,
      action: "delete",
      entity: "evidence",
      entityId: evidence.id,
      planId: scope.planId,
      unitId: scope.unitId,
      before: { activityId: scope.id, ...auditedMeta(evidence) },
    });
  });
}
