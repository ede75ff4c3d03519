/**
 * Evidence files of a month's execution. The bytes are stored in `evidence_files` (bytea), so
 * a database backup carries them; metadata answers never load the bytes.
 */
import { and, eq } from "drizzle-orm";
import { isUuid } from "../domain/ids.js";
import type { ActivityScope } from "./activity-scope.js";
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

export async function insertEvidence(
  tx: Db,
  scope: ActivityScope,
  file: { month: number; fileName: string; contentType: string; data: Buffer; sha256: string },
  uploadedBy: string | undefined,
): Promise<EvidenceMeta> {
  const [row] = await tx
    .insert(evidenceFiles)
    .values({
      institutionId: scope.institutionId,
      activityId: scope.id,
      month: file.month,
      fileName: file.fileName,
      contentType: file.contentType,
      size: file.data.length,
      sha256: file.sha256,
      data: file.data,
      uploadedBy,
    })
    .returning(metaColumns);
  if (!row) throw new Error("insert returned nothing");
  return row;
}

/** false when the file was already gone. */
export async function deleteEvidenceFile(tx: Db, institutionId: string, id: string): Promise<boolean> {
  const removed = await tx
    .delete(evidenceFiles)
    .where(byId(institutionId, id))
    .returning({ id: evidenceFiles.id });
  return removed.length > 0;
}
