import { once } from "node:events";
import { createReadStream } from "node:fs";
import { createGunzip } from "node:zlib";
import { type BackupHeader, type BackupSummary, restoreBackup } from "../../db/backup.js";
import type { Db } from "../../db/connection.js";
import { AppError } from "../../domain/errors.js";

/** `avance restore FILE`: an `avance backup` file into an empty database (PGlite or PostgreSQL). */
export async function restoreFromFile(
  db: Db,
  file: string,
): Promise<BackupSummary & { header: BackupHeader }> {
  const input = createReadStream(file);
  await once(input, "open").catch(() => {
    throw new AppError("not_found", `No se puede leer el archivo ${file}.`);
  });
  const gunzip = createGunzip();
  input.on("error", (error) => gunzip.destroy(error));
  // Errors reach the restore through its line reader; this keeps a late one from going unhandled.
  gunzip.on("error", () => undefined);
  input.pipe(gunzip);
  try {
    return await restoreBackup(db, gunzip);
  } finally {
    input.destroy();
    gunzip.destroy();
  }
}
