import type { Readable } from "node:stream";
import { audit } from "../../db/audit.js";
import type { BackupSummary } from "../../db/backup.js";
import type { Database } from "../../db/connection.js";
import type { Actor } from "../../domain/actor.js";
import { backupStream } from "./backup-files.js";

/**
 * `GET /api/backup`: the whole database as a gzip'd `avance backup` stream; who took it, and
 * from where, is audited first. `done` settles when the snapshot has been read to its end.
 */
export async function streamBackup(
  database: Database,
  actor: Actor,
): Promise<{ stream: Readable; done: Promise<BackupSummary> }> {
  await audit(database.db, { action: "backup", entity: "database", ...actor });
  return backupStream(database);
}
