/** `avance backup` / `avance restore` on the embedded database, directly and through a running server. */
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../../src/db/connection.js";
import { auditLog, institutions } from "../../src/db/schema.js";
import { buildApp } from "../../src/server/app.js";
import { createApiToken } from "../../src/services/auth/create-api-token.js";
import { addUser } from "../../src/services/users/add-user.js";
import { cliDataDirForFile, runCli } from "../helpers/cli.js";
import { openPgliteTestDatabase } from "../helpers/database.js";
import { buildInstitution } from "../helpers/factories.js";

const dataDir = cliDataDirForFile("avance-cli-backup-");
let scratch: string;
let served: Database;
let app: FastifyInstance;
let url: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "avance-cli-backup-files-"));
  served = await openPgliteTestDatabase();
  await buildInstitution(served.db, { name: "Municipalidad de San Juan" });
  app = await buildApp({ database: served, version: "test" });
  url = await app.listen({ port: 0, host: "127.0.0.1" });
});
afterAll(async () => {
  await app?.close();
  await served?.close();
  await rm(scratch, { recursive: true, force: true });
});

async function tokenFor(role: "super-admin" | "viewer") {
  const user = await addUser(served.db, {
    email: `${role}-${Date.now()}@ejemplo.gob.pe`,
    role,
    password: "una clave muy larga",
    ...(role === "viewer" ? { institution: "Municipalidad de San Juan" } : {}),
  });
  return (await createApiToken(served.db, { userId: user.id, name: "copias" })).token;
}

describe("avance backup / restore", () => {
  it("backs up the embedded database to a file", async () => {
    expect((await runCli("institution", "add", "SAT Piura")).exitCode).toBe(0);
    const file = join(scratch, "local.jsonl.gz");
    const result = await runCli("backup", file);
    expect(result).toMatchObject({ exitCode: 0, err: "" });
    expect(result.out).toMatch(new RegExp(`^Copia guardada en ${file}: \\d+ filas de \\d+ tablas`));
    expect((await stat(file)).size).toBeGreaterThan(0);
  });

  it("says how to go through the server when a running server holds the embedded data", async () => {
    // The parent process is alive and is not this one: to the lock, a running server.
    await writeFile(join(dataDir(), "avance.lock"), String(process.ppid));
    try {
      const result = await runCli("backup", join(scratch, "locked.jsonl.gz"));
      expect(result.exitCode).toBe(1);
      expect(result.err).toContain(`está en uso por el proceso ${process.ppid}`);
      expect(result.err).toContain("--server http://localhost:3000 --token avk_");
    } finally {
      await rm(join(dataDir(), "avance.lock"), { force: true });
    }
  });

  it("takes the backup through a running server with a super-admin token, and restores it into an empty database", async () => {
    const file = join(scratch, "server.jsonl.gz");
    const result = await runCli("backup", file, "--server", url, "--token", await tokenFor("super-admin"));
    expect(result).toMatchObject({ exitCode: 0, err: "" });
    expect(result.out).toContain(`tomada a través de ${url}`);
    const [taken] = await served.db.select().from(auditLog).where(eq(auditLog.action, "backup"));
    expect(taken).toMatchObject({ entity: "database", ip: "127.0.0.1", institutionId: null });

    // Not into the CLI's database: it has rows.
    const refused = await runCli("restore", file);
    expect(refused.exitCode).toBe(1);
    expect(refused.err).toContain("no está vacía");

    const empty = await mkdtemp(join(tmpdir(), "avance-cli-restore-"));
    const saved = process.env.AVANCE_DATA_DIR;
    process.env.AVANCE_DATA_DIR = empty;
    try {
      const restored = await runCli("restore", file);
      expect(restored).toMatchObject({ exitCode: 0, err: "" });
      expect(restored.out).toMatch(/^Base pglite restaurada desde .* \(copia de pglite del /);
      const database = await openDatabase({ dataDir: empty });
      const names = (await database.db.select().from(institutions)).map((row) => row.name);
      await database.close();
      expect(names).toEqual(["Municipalidad de San Juan"]);
    } finally {
      process.env.AVANCE_DATA_DIR = saved;
      await rm(empty, { recursive: true, force: true });
    }
  });

  it("is refused by the server to anyone but a super-admin, and nothing is saved", async () => {
    const file = join(scratch, "viewer.jsonl.gz");
    const result = await runCli("backup", file, "--server", url, "--token", await tokenFor("viewer"));
    expect(result.exitCode).toBe(1);
    expect(result.err).toContain("El servidor rechazó la copia (403): No tiene permiso para esta acción.");
    await expect(readFile(file)).rejects.toThrow();
  });
});
