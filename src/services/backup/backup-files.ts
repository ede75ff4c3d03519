/**
 * What the backup use cases share: the whole database as a gzip'd stream, and files written so
 * that a failed backup never looks like a good one. The format and its guarantees are in
 * `src/db/backup.ts`.
 */
import { createWriteStream } from "node:fs";
import { rename, rm, stat } from "node:fs/promises";
import type { Readable } from "node:stream";
import { pipeline as pipelineAsync } from "node:stream/promises";
import { createGzip } from "node:zlib";
import { type BackupSummary, writeBackup } from "../../db/backup.js";
import type { Database } from "../../db/connection.js";

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
export async function writeAtomically(
  file: string,
  from: Readable,
  done?: Promise<unknown>,
): Promise<number> {
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
