/**
 * Backup and restore: a database with rows in every table (seed 004 imported through the import
 * service, users, sessions, tokens, an invitation, execution, evidence bytes, audit), backed up,
 * restored into a fresh empty database, and compared table by table. On PostgreSQL (TEST_DATABASE_URL) also
 * across engines: a PGlite backup restored into PostgreSQL.
 */
import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { audit } from "../../src/db/audit.js";
import { type Database, type Db, queryRows } from "../../src/db/connection.js";
import {
  activities,
  auditLog,
  closedMonths,
  evidenceFiles,
  executionEntries,
  invitations,
  invitationUnits,
  membershipUnits,
  orgUnits,
  reprogrammings,
} from "../../src/db/schema.js";
import { createSession } from "../../src/db/sessions.js";
import { hashToken, newToken } from "../../src/security/secrets.js";
import { createApiToken } from "../../src/services/auth/create-api-token.js";
import { backupToFile } from "../../src/services/backup/back-up-to-file.js";
import { restoreFromFile } from "../../src/services/backup/restore-from-file.js";
import { importDocument } from "../../src/services/imports/import-document.js";
import { addUser } from "../../src/services/users/add-user.js";
import { openPgliteTestDatabase, openTestDatabase, testDatabaseUrl } from "../helpers/database.js";

let dir: string;
const opened: Database[] = [];
async function open(kind: "test" | "pglite" = "test") {
  const database = kind === "pglite" ? await openPgliteTestDatabase() : await openTestDatabase();
  opened.push(database);
  return database;
}

/** Every byte value, so an encoding slip in bytea shows. */
const evidenceBytes = Buffer.concat([
  Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
  Buffer.alloc(4096, 7),
]);

/** Rows in every table of the schema. */
async function populate(db: Db) {
  const outcome = await importDocument(db, {
    fileName: "004_72e0f0e913d1a590.txt",
    bytes: await readFile("samples/004_72e0f0e913d1a590.txt"),
    institution: "SAT Piura",
  });
  expect(outcome.status).toBe("imported");
  const institutionId = outcome.institution?.id as string;
  const admin = await addUser(db, {
    email: "admin@sat.gob.pe",
    role: "super-admin",
    password: "una clave muy larga",
    name: "Ñusta Huamán",
  });
  const editor = await addUser(db, {
    email: "editor@sat.gob.pe",
    role: "editor",
    institution: "SAT Piura",
    password: "otra clave muy larga",
  });
  await createSession(db, {
    tokenHash: hashToken(newToken()),
    userId: admin.id,
    ip: "10.0.0.1",
    userAgent: "Firefox",
  });
  await createApiToken(db, { userId: admin.id, name: "respaldo nocturno" });
  const [activity] = await db
    .select()
    .from(activities)
    .where(eq(activities.institutionId, institutionId))
    .orderBy(activities.position)
    .limit(1);
  if (!activity) throw new Error("no activity imported");
  await db.insert(membershipUnits).values({ institutionId, userId: editor.id, unitId: activity.unitId });
  await db.insert(executionEntries).values({
    institutionId,
    activityId: activity.id,
    month: 4,
    value: "12.5",
    comment: "Informe «firmado»",
    enteredBy: editor.id,
  });
  await db
    .insert(closedMonths)
    .values({ institutionId, planId: activity.planId, month: 3, closedBy: admin.id });
  await db.insert(reprogrammings).values({
    institutionId,
    activityId: activity.id,
    // Null months inside the arrays are "nothing programmed" and must come back as such.
    oldValues: ["1", "2", "3", null, null, null, null, null, null, null, null, "0.0001"] as string[],
    newValues: [
      "1",
      "2",
      "4",
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      "99999999999999.9999",
    ] as string[],
    justification: "Ajuste presupuestal",
    requestedBy: editor.id,
  });
  await db.insert(evidenceFiles).values({
    institutionId,
    activityId: activity.id,
    month: 4,
    fileName: "acta.pdf",
    contentType: "application/pdf",
    size: evidenceBytes.length,
    sha256: createHash("sha256").update(evidenceBytes).digest("hex"),
    data: evidenceBytes,
    uploadedBy: editor.id,
  });
  const [invitation] = await db
    .insert(invitations)
    .values({
      institutionId,
      email: "invitada@sat.gob.pe",
      name: "Inés Ñahui",
      role: "editor",
      tokenHash: createHash("sha256").update("un token").digest("hex"),
      invitedBy: admin.id,
      expiresAt: new Date("2031-01-31T12:00:00Z"),
    })
    .returning();
  await db
    .insert(invitationUnits)
    .values({ institutionId, invitationId: invitation?.id as string, unitId: activity.unitId });
  await audit(db, {
    institutionId,
    action: "update",
    entity: "activity",
    before: { a: 1 },
    after: { a: "ñ" },
  });
  // A sub-unit whose key sorts before its parent's: the file has the child first.
  const parent = "ffffffff-ffff-4fff-bfff-ffffffffffff";
  await db.insert(orgUnits).values({ institutionId, id: parent, name: "GERENCIA GENERAL" });
  await db.insert(orgUnits).values({
    institutionId,
    id: "00000000-0000-4000-8000-000000000001",
    parentId: parent,
    name: "SUB GERENCIA",
  });
  return { institutionId, unitId: activity.unitId };
}

/** Every table's rows as text, in a stable order, read with the same settings on both engines. */
async function dump(db: Db): Promise<Record<string, string[]>> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local timezone = 'UTC'`);
    await tx.execute(sql`set local datestyle = 'ISO, YMD'`);
    const tables = await queryRows<{ name: string }>(
      tx as unknown as Db,
      sql`select table_name as name from information_schema.tables
          where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1`,
    );
    const result: Record<string, string[]> = {};
    for (const { name } of tables) {
      const rows = await queryRows<{ row: string }>(
        tx as unknown as Db,
        sql`select t::text as row from ${sql.identifier(name)} t order by 1`,
      );
      result[name] = rows.map((row) => row.row);
    }
    return result;
  });
}

/**
 * A restore holds exactly the original rows, but for the report cache's change marker: restored,
 * then bumped by the restore's own inserts, so it only grows and no cache can take the restored
 * figures for older ones it holds.
 */
function expectRestored(restored: Record<string, string[]>, original: Record<string, string[]>): void {
  const { figure_versions: restoredVersions, ...restoredRows } = restored;
  const { figure_versions: originalVersions, ...originalRows } = original;
  expect(restoredRows).toEqual(originalRows);
  // Rows are (institution_id, version, slot); an institution's figure version is the sum of its slots.
  const counters = (rows: string[] = []) => {
    const sums = new Map<string, number>();
    for (const row of rows) {
      const [, id = "", version = "0"] = /^\((.+?),(\d+),(\d+)\)$/.exec(row) ?? [];
      sums.set(id, (sums.get(id) ?? 0) + Number(version));
    }
    return sums;
  };
  const before = counters(originalVersions);
  const after = counters(restoredVersions);
  expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
  for (const [id, version] of after) expect(version).toBeGreaterThanOrEqual(before.get(id) as number);
}

const isEmpty = async (db: Db) => Object.values(await dump(db)).every((rows) => rows.length === 0);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "avance-backup-"));
});
afterAll(async () => {
  for (const database of opened) await database.close();
  await rm(dir, { recursive: true, force: true });
});

describe("backup and restore", () => {
  let source: Database;
  let file: string;
  let original: Record<string, string[]>;
  let summary: { tables: number; rows: number };

  beforeAll(async () => {
    source = await open();
    await populate(source.db);
    original = await dump(source.db);
    file = join(dir, "copia.jsonl.gz");
    summary = await backupToFile(source, file);
  });

  it("starts from a database with rows in every table", () => {
    const empty = Object.entries(original).filter(([, rows]) => rows.length === 0);
    expect(empty.map(([name]) => name)).toEqual([]);
    expect(original.activities).toHaveLength(78);
  });

  it("restores into an empty database exactly the rows of every table", async () => {
    expect(summary.tables).toBe(Object.keys(original).length);
    expect(summary.rows).toBe(Object.values(original).reduce((sum, rows) => sum + rows.length, 0));

    const target = await open();
    const restored = await restoreFromFile(target.db, file);
    expect(restored).toMatchObject({
      rows: summary.rows,
      header: { format: "avance-backup", engine: source.kind },
    });
    expectRestored(await dump(target.db), original);

    const [evidence] = await target.db.select().from(evidenceFiles);
    expect(evidence?.data.equals(evidenceBytes)).toBe(true);
    // Audit ids carry over and new entries continue after them.
    const [last] = await target.db.select({ id: sql<number>`max(id)::int` }).from(auditLog);
    await audit(target.db, { action: "restore", entity: "database" });
    const [next] = await target.db.select({ id: sql<number>`max(id)::int` }).from(auditLog);
    expect(next?.id).toBe((last?.id ?? 0) + 1);
  });

  it("refuses a database that is not empty, in Spanish, and changes nothing", async () => {
    const before = await dump(source.db);
    await expect(restoreFromFile(source.db, file)).rejects.toThrow(
      /La base de datos de destino no está vacía \(la tabla \w+ tiene filas\)/,
    );
    expect(await dump(source.db)).toEqual(before);
  });

  it("refuses a truncated or damaged file and writes nothing", async () => {
    const bytes = await readFile(file);
    const target = await open();
    const cases: [string, Buffer | string, RegExp][] = [
      ["cut.gz", bytes.subarray(0, Math.floor(bytes.length * 0.6)), /dañada o incompleta.*no se puede leer/],
      ["garbage.gz", Buffer.from("esto no es una copia"), /dañada o incompleta/],
      [
        "no-end.gz",
        gzipSync(gunzipSync(bytes).toString("utf8").trim().split("\n").slice(0, -1).join("\n")),
        /falta el final del archivo/,
      ],
      [
        "bad-row.gz",
        gzipSync(gunzipSync(bytes).toString("utf8").replace(/\n\[/, '\n["x",')),
        /la línea \d+ no tiene \d+ valores/,
      ],
      ["other.gz", gzipSync('{"hello":"world"}\n'), /no es una copia de seguridad de Avance/],
      [
        "newer.gz",
        gzipSync(`${JSON.stringify({ format: "avance-backup", version: 1, migration: "9999_future" })}\n`),
        /versión más nueva de Avance/,
      ],
    ];
    for (const [name, content, message] of cases) {
      await writeFile(join(dir, name), content);
      await expect(restoreFromFile(target.db, join(dir, name)), name).rejects.toThrow(message);
      expect(await isEmpty(target.db), name).toBe(true);
    }
    await expect(restoreFromFile(target.db, join(dir, "missing.gz"))).rejects.toThrow(
      /No se puede leer el archivo/,
    );
  });

  it("restores a backup from before migration 0006: a draft's copied baseline mirrors the current programming again", async () => {
    // Before 0006 a draft's derived baseline was a copy of every programmed row, with no `mirrors` column.
    type Control = { table?: string; columns?: string[]; rows?: Record<string, number> };
    const records = gunzipSync(await readFile(file))
      .toString("utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Control | string[]);
    const rowsOf = (name: string) => {
      const start = records.findIndex((record) => !Array.isArray(record) && record.table === name);
      const header = records[start] as Control;
      const end = records.findIndex((record, index) => index > start && !Array.isArray(record));
      return { start, columns: header.columns ?? [], rows: records.slice(start + 1, end) as string[][] };
    };
    const versions = rowsOf("programming_versions");
    const programmed = rowsOf("programmed_values");
    const column = (name: string) => versions.columns.indexOf(name);
    const baseline = versions.rows.find((row) => row[column("role")] === "baseline") as string[];
    const current = versions.rows.find((row) => row[column("role")] === "current") as string[];
    expect(baseline[column("mirrors")]).toBe(current[column("id")]);
    const copies = programmed.rows.map((row) =>
      row.map((value, index) =>
        programmed.columns[index] === "version_id" ? baseline[column("id")] : value,
      ),
    );
    const old = records.flatMap((record, index): unknown[] => {
      if (index === versions.start)
        return [{ ...record, columns: versions.columns.filter((name) => name !== "mirrors") }];
      if (index > versions.start && index <= versions.start + versions.rows.length)
        return [(record as string[]).filter((_, i) => i !== column("mirrors"))];
      if (index === programmed.start) return [record, ...copies];
      const { rows } = record as Control;
      if (rows)
        return [
          { ...record, rows: { ...rows, programmed_values: (rows.programmed_values ?? 0) + copies.length } },
        ];
      return [record];
    });
    const oldFile = join(dir, "antes-de-0006.jsonl.gz");
    await writeFile(oldFile, gzipSync(`${old.map((record) => JSON.stringify(record)).join("\n")}\n`));

    const target = await open();
    await restoreFromFile(target.db, oldFile);
    expectRestored(await dump(target.db), original);
  });

  it("is one consistent snapshot while writes go on", async () => {
    let writing = true;
    let written = 0;
    const institutionId = (await firstInstitution(source.db)) as string;
    const writer = (async () => {
      while (writing) {
        await source.db.transaction(async (tx) => {
          const [unit] = await tx
            .insert(orgUnits)
            .values({ institutionId, name: `UNIDAD ${written}` })
            .returning();
          await audit(tx, {
            institutionId: unit?.institutionId,
            action: "create",
            entity: "org_unit",
            entityId: unit?.id,
          });
        });
        written++;
        // PGlite answers without I/O: let timers and the backup in.
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const during = join(dir, "during.jsonl.gz");
    await new Promise((resolve) => setTimeout(resolve, 50));
    await backupToFile(source, during);
    writing = false;
    await writer;
    const lines = gunzipSync(await readFile(during)).toString("utf8");
    const units = (lines.match(/"UNIDAD \d+"/g) ?? []).length;
    const created = (lines.match(/"create","org_unit"/g) ?? []).length;
    expect(written).toBeGreaterThan(0);
    expect(units).toBe(created);
  });
});

async function firstInstitution(db: Db) {
  const [row] = await queryRows<{ id: string }>(db, sql`select id from institutions order by name limit 1`);
  return row?.id;
}

// In the PostgreSQL pass this moves an embedded installation to the server; in the PGlite pass,
// to another embedded database.
describe("across engines", () => {
  it(`moves a PGlite database to ${testDatabaseUrl ? "PostgreSQL" : "another PGlite database"}`, async () => {
    const embedded = await open("pglite");
    const { institutionId, unitId } = await populate(embedded.db);
    const file = join(dir, "pglite.jsonl.gz");
    await backupToFile(embedded, file);
    const server = await open("test");
    expect(server.kind).toBe(testDatabaseUrl ? "postgresql" : "pglite");
    const restored = await restoreFromFile(server.db, file);
    expect(restored.header.engine).toBe("pglite");
    expectRestored(await dump(server.db), await dump(embedded.db));
    const [unit] = await server.db
      .select()
      .from(orgUnits)
      .where(and(eq(orgUnits.institutionId, institutionId), eq(orgUnits.id, unitId)));
    expect(unit?.name).toEqual(expect.any(String));
  });
});
