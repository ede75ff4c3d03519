/**
 * Backups as files: `avance backup FILE`, `avance restore FILE`, `GET /api/backup`, and the
 * backup taken through a running server (`--server URL --token avk_…`) when the embedded data
 * is locked by that server. The format and its guarantees are in `src/db/backup.ts`.
 */
import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import { rename, rm, stat } from "node:fs/promises";
import { Readable } from "node:stream";
import { pipeline as pipelineAsync } from "node:stream/promises";
import type { ReadableStream } from "node:stream/web";
import { createGunzip, createGzip } from "node:zlib";
import { type BackupHeader, type BackupSummary, restoreBackup, writeBackup } from "../db/backup.js";
import type { Database, Db } from "../db/connection.js";
import { AppError } from "../domain/errors.js";

/** A gzip'd backup as a stream; `done` settles when the snapshot has been read to its end. */
export function backupStream(database: Database): { stream: Readable; done: Promise<BackupSummary> } {
  const gzip = createGzip();
  const done = writeBackup(database.db, database.kind, gzip).then(
    (summary) => {
      gzip.end();
      return summary;
    },
    (error: unknown) => {
      gzip.destroy(error as Error);
      throw error;
    },
  );
  return { stream: gzip, done };
}

/** Writes to `file.partial` and renames at the end: a failed backup never looks like a good one. */
async function writeAtomically(file: string, from: Readable, done?: Promise<unknown>): Promise<number> {
  const partial = `${file}.partial`;
  try {
    await Promise.all([pipelineAsync(from, createWriteStream(partial)), done]);
    await rename(partial, file);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  return (await stat(file)).size;
}

export async function backupToFile(
  database: Database,
  file: string,
): Promise<BackupSummary & { bytes: number }> {
  const { stream, done } = backupStream(database);
  // `done` rejects with the database error; the pipeline would only see a destroyed stream.
  const [bytes, summary] = await Promise.all([writeAtomically(file, stream), done]);
  return { ...summary, bytes };
}

/** `GET /api/backup` of a running server, saved to `file`. */
export async function backupFromServer(
  server: string,
  token: string,
  file: string,
): Promise<{ bytes: number }> {
  let url: URL;
  try {
    url = new URL("/api/backup", server);
  } catch {
    throw new AppError(
      "validation",
      `--server debe ser una dirección como http://localhost:3000 (recibido «${server}»).`,
      "server",
    );
  }
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } }).catch(
    (error: Error) => {
      throw new AppError("database_unreachable", `No se pudo conectar con ${url.origin}: ${error.message}`);
    },
  );
  if (!response.ok || !response.body) {
    const problem = (await response.json().catch(() => ({}))) as { detail?: string };
    throw new AppError(
      response.status === 401
        ? "unauthorized"
        : response.status === 403
          ? "forbidden"
          : "database_unreachable",
      `El servidor rechazó la copia (${response.status}): ${problem.detail ?? response.statusText}`,
    );
  }
  const body = Readable.fromWeb(response.body as ReadableStream);
  return { bytes: await writeAtomically(file, body) };
}

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
