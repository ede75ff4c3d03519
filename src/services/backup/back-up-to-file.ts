import type { BackupSummary } from "../../db/backup.js";
import type { Database } from "../../db/connection.js";
import { backupStream, writeAtomically } from "./backup-files.js";

/** `avance backup FILE`: a consistent snapshot of the whole database, even while a server runs on it. */
export async function backupToFile(
  database: Database,
  file: string,
): Promise<BackupSummary & { bytes: number }> {
  const { stream, done } = backupStream(database);
  // `done` rejects with the database error; the pipeline would only see a destroyed stream.
  const [bytes, summary] = await Promise.all([writeAtomically(file, stream), done]);
  return { ...summary, bytes };
}
