import { listSnapshots as snapshotsIn } from "../../db/snapshots.js";

/** The automatic snapshots of the embedded database in `dir`, newest first. */
export function listSnapshots(dir: string): Promise<string[]> {
  return snapshotsIn(dir);
}
