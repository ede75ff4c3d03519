import type { PGlite } from "@electric-sql/pglite";
import { newestSnapshotAge, takeSnapshot as writeSnapshot } from "../../db/snapshots.js";

/**
 * A compressed copy of the embedded database in `dir`, keeping the newest `keep`; with
 * `ifOlderThanMs`, only when the newest copy is at least that old. The path, or undefined when
 * none was due.
 */
export async function takeSnapshot(
  pglite: PGlite,
  options: { dir: string; keep: number; ifOlderThanMs?: number },
): Promise<string | undefined> {
  const { dir, keep, ifOlderThanMs } = options;
  if (ifOlderThanMs !== undefined && (await newestSnapshotAge(dir)) < ifOlderThanMs) return undefined;
  return writeSnapshot(pglite, { dir, keep });
}
