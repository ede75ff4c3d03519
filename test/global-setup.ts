/**
 * Builds, once per run, a migrated empty PGlite data directory that every test file starts
 * from: creating PGlite from scratch costs ~3 s, loading this template ~1 s.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { access, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { migrationsFolder, openDatabase } from "../src/db/connection.js";

declare module "vitest" {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}

export default async function setup(project: TestProject) {
  const hash = createHash("sha256");
  for (const name of readdirSync(migrationsFolder).sort()) {
    if (name.endsWith(".sql")) hash.update(readFileSync(join(migrationsFolder, name)));
  }
  const path = join(tmpdir(), `avance-test-template-${hash.digest("hex").slice(0, 16)}.tar`);
  const exists = await access(path).then(
    () => true,
    () => false,
  );
  if (!exists) {
    const database = await openDatabase({ dataDir: null });
    const dump = await database.pglite?.dumpDataDir("none");
    await database.close();
    if (!dump) throw new Error("PGlite did not dump its data directory");
    await writeFile(`${path}.${process.pid}`, new Uint8Array(await dump.arrayBuffer()));
    const { rename } = await import("node:fs/promises");
    await rename(`${path}.${process.pid}`, path);
  }
  project.provide("pgliteTemplate", path);
}
