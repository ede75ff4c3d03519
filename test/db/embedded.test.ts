/** The embedded engine's safety nets: one process per data directory, snapshots, plain errors. */
import { mkdtemp, readdir, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/connection.js";
import { institutions } from "../../src/db/schema.js";
import { listSnapshots, newestSnapshotAge, restoreSnapshot, takeSnapshot } from "../../src/db/snapshots.js";
import { addInstitution } from "../../src/services/institutions/add-institution.js";

const dirs: string[] = [];
async function tempDir() {
  const dir = await mkdtemp(join(tmpdir(), "avance-embedded-"));
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe("embedded database (PGlite)", () => {
  it("refuses a second process on the same data directory", async () => {
    const root = await tempDir();
    const database = await openDatabase({ dataDir: root });
    try {
      // Another live process holds the lock: simulate it with our parent's PID.
      await writeFile(join(root, "avance.lock"), String(process.ppid));
      await expect(openDatabase({ dataDir: root })).rejects.toThrow(
        `La base de datos embebida en ${root} está en uso por el proceso ${process.ppid}`,
      );
    } finally {
      await writeFile(join(root, "avance.lock"), String(process.pid));
      await database.close();
    }
    expect(await readdir(root)).not.toContain("avance.lock");
  });

  it("keeps the newest snapshots, restores one, and moves the replaced data aside", async () => {
    const root = await tempDir();
    const backups = join(root, "backups");
    const database = await openDatabase({ dataDir: root });
    await addInstitution(database.db, { name: "Municipalidad Provincial de Piura" });
    const pglite = database.pglite;
    if (!pglite) throw new Error("expected PGlite");
    const days = [1, 2, 3].map((day) => new Date(Date.UTC(2026, 0, day)));
    for (const now of days) await takeSnapshot(pglite, { dir: backups, keep: 2, now });
    const kept = await listSnapshots(backups);
    expect(kept.map((path) => path.slice(backups.length + 1))).toEqual([
      "avance-20260103T000000Z.tar.gz",
      "avance-20260102T000000Z.tar.gz",
    ]);
    await addInstitution(database.db, { name: "Institución añadida después de la copia" });
    await database.close();

    const { movedAside } = await restoreSnapshot(kept[0] as string, root);
    expect(movedAside).toMatch(/^pglite\.replaced-/);
    const restored = await openDatabase({ dataDir: root });
    const names = (await restored.db.select().from(institutions)).map((row) => row.name);
    await restored.close();
    expect(names).toEqual(["Municipalidad Provincial de Piura"]);
  });

  it("says plainly when the data is unreadable and names the newest snapshot", async () => {
    const root = await tempDir();
    const database = await openDatabase({ dataDir: root });
    const snapshot = await takeSnapshot(database.pglite as NonNullable<typeof database.pglite>, {
      dir: join(root, "backups"),
      keep: 3,
    });
    await database.close();
    // What a power cut can leave behind: the control file destroyed.
    await writeFile(join(root, "pglite", "global", "pg_control"), "");
    const error = await openDatabase({ dataDir: root }).catch((caught: Error) => caught);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain(
      `Los datos de la base embebida en ${join(root, "pglite")} no se pueden leer`,
    );
    expect((error as Error).message).toContain(`avance snapshot restore "${snapshot}"`);
    // The failed open released its lock: a restore can run right away.
    expect(await readdir(root)).not.toContain("avance.lock");
  });

  it("measures the age of the newest snapshot for the daily schedule", async () => {
    const root = await tempDir();
    expect(await newestSnapshotAge(root)).toBe(Number.POSITIVE_INFINITY);
    const file = join(root, "avance-20260101T000000Z.tar.gz");
    await writeFile(file, "");
    const then = new Date("2026-01-01T00:00:00Z");
    await utimes(file, then, then);
    expect(await newestSnapshotAge(root, new Date("2026-01-02T06:00:00Z"))).toBe(30 * 3600 * 1000);
  });
});
