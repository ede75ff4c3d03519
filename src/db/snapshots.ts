/**
 * Automatic snapshots of the embedded database. PGlite's file system never calls fsync
 * (PGlite issue #1107): a power cut can lose or corrupt recent writes, so Avance keeps
 * compressed copies of the data directory, taken at clean shutdown and at least daily.
 */
import { mkdir, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { PGlite } from "@electric-sql/pglite";

const PREFIX = "avance-";
const SUFFIX = ".tar.gz";

export type SnapshotOptions = { dir: string; keep: number; now?: Date };

/** Writes a snapshot and deletes all but the newest `keep`; returns its path. */
export async function takeSnapshot(
  pglite: PGlite,
  { dir, keep, now = new Date() }: SnapshotOptions,
): Promise<string> {
  await mkdir(dir, { recursive: true });
  const blob = await pglite.dumpDataDir("gzip");
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  const path = join(dir, `${PREFIX}${stamp}${SUFFIX}`);
  // Write then rename, so a crash mid-write never leaves a truncated file that looks like a snapshot.
  await writeFile(`${path}.partial`, new Uint8Array(await blob.arrayBuffer()));
  await rename(`${path}.partial`, path);
  const all = await listSnapshots(dir);
  await Promise.all(all.slice(keep).map((old) => rm(old, { force: true })));
  return path;
}

/** Snapshot paths, newest first. */
export async function listSnapshots(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names
    .filter((name) => name.startsWith(PREFIX) && name.endsWith(SUFFIX))
    .sort()
    .reverse()
    .map((name) => join(dir, name));
}

export async function newestSnapshot(dir: string): Promise<string | undefined> {
  return (await listSnapshots(dir))[0];
}

/** Age of the newest snapshot in ms, or Infinity when there is none. */
export async function newestSnapshotAge(dir: string, now = new Date()): Promise<number> {
  const newest = await newestSnapshot(dir);
  if (!newest) return Number.POSITIVE_INFINITY;
  return now.getTime() - (await stat(newest)).mtime.getTime();
}

/**
 * Replaces `<dataRoot>/pglite` with the snapshot's contents. The data it replaces is moved
 * aside (`pglite.replaced-<time>`), never deleted: it may still hold something worth rescuing.
 */
export async function restoreSnapshot(
  file: string,
  dataRoot: string,
  now = new Date(),
): Promise<{ movedAside?: string }> {
  const { readFile } = await import("node:fs/promises");
  const bytes = await readFile(file);
  const dataDir = join(dataRoot, "pglite");
  const staging = join(dataRoot, `pglite.restoring-${process.pid}`);
  await rm(staging, { recursive: true, force: true });
  const restored = await PGlite.create({ dataDir: staging, loadDataDir: new Blob([bytes]) });
  await restored.query("select 1");
  await restored.close();
  let movedAside: string | undefined;
  if (await stat(dataDir).catch(() => undefined)) {
    movedAside = join(dataRoot, `pglite.replaced-${now.toISOString().replace(/[-:.]/g, "")}`);
    await rename(dataDir, movedAside);
  }
  await rename(staging, dataDir);
  return movedAside ? { movedAside: basename(movedAside) } : {};
}
