import { acquireDataDirLock } from "../../db/lock.js";
import { restoreSnapshot as replaceDataDir } from "../../db/snapshots.js";

/**
 * Replaces the embedded database of `dataRoot` with a snapshot, while no other process has it
 * open (the data directory's lock). The data it replaces is moved aside, never deleted.
 */
export async function restoreSnapshot(file: string, dataRoot: string): Promise<{ movedAside?: string }> {
  const lock = await acquireDataDirLock(dataRoot);
  try {
    return await replaceDataDir(file, dataRoot);
  } finally {
    await lock.release();
  }
}
