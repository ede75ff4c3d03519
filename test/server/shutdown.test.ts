/**
 * PGlite loses data if the process dies mid-write. Signals must therefore close the server and
 * the database cleanly: every write acknowledged before SIGINT/SIGTERM is there after a restart.
 */
import { spawn } from "node:child_process";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/connection.js";
import { institutions } from "../../src/db/schema.js";

async function killDuringWrites(signal: NodeJS.Signals) {
  const root = await mkdtemp(join(tmpdir(), "avance-shutdown-"));
  const child = spawn(process.execPath, ["--import", "tsx", "test/fixtures/shutdown-writer.ts"], {
    env: { ...process.env, AVANCE_DATA_DIR: root, DATABASE_URL: "", LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const acked: string[] = [];
  let stderr = "";
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  let buffer = "";
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split("\n");
      buffer = lines.pop() ?? "";
      for (const line of lines) if (line.startsWith("ack ")) acked.push(line.slice(4));
      if (acked.length >= 150) resolve();
    });
    exited.then((code) => reject(new Error(`writer exited early (${code}): ${stderr}`)));
  });
  child.kill(signal);
  const code = await exited;
  for (const line of buffer.split("\n")) if (line.startsWith("ack ")) acked.push(line.slice(4));

  const database = await openDatabase({ dataDir: root });
  const found = await database.db
    .select({ slug: institutions.slug })
    .from(institutions)
    .where(inArray(institutions.slug, acked));
  await database.close();
  const backups = await readdir(join(root, "backups"));
  await rm(root, { recursive: true, force: true });
  return { code, acked, found: found.length, backups, stderr };
}

describe.concurrent("graceful shutdown of the embedded database", () => {
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    it(`loses no acknowledged write on ${signal}`, async () => {
      const result = await killDuringWrites(signal);
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      expect(result.acked.length).toBeGreaterThanOrEqual(150);
      expect(result.found).toBe(result.acked.length);
      // The clean shutdown left a snapshot behind (besides the first-start one).
      expect(result.backups.filter((name) => name.endsWith(".tar.gz")).length).toBeGreaterThanOrEqual(1);
    }, 60_000);
  }
});
