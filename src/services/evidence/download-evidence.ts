/** An evidence file with its bytes, for any member of its institution. */
import type { Db } from "../../db/connection.js";
import { type EvidenceMeta, evidenceBytes, findEvidence } from "../../db/evidence.js";
import { notFound } from "../../domain/errors.js";

export async function downloadEvidence(
  db: Db,
  input: { institutionId: string; evidenceId: string },
): Promise<{ file: EvidenceMeta; data: Buffer }> {
  const { institutionId, evidenceId } = input;
  const file = await findEvidence(db, institutionId, evidenceId);
  const data = file && (await evidenceBytes(db, institutionId, evidenceId));
  if (!file || !data) throw notFound();
  return { file, data };
}
