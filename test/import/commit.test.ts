/** Import into the database: exact figures, idempotent re-import, audited corrections, all-or-nothing. */
import { readFileSync } from "node:fs";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, queryRows } from "../../src/db/connection.js";
import { activities, auditLog, orgUnits, plans } from "../../src/db/schema.js";
import { commitPreview } from "../../src/services/imports/commit-preview.js";
import { importDocument } from "../../src/services/imports/import-document.js";
import { previewDocument } from "../../src/services/imports/preview-document.js";
import { openTestDatabase, testDatabaseUrl } from "../helpers/database.js";

const SEED_POI = "004_72e0f0e913d1a590.txt";
const SEED_POA = "000_c5fe3fe587ede302.txt";
const seed = (name: string) => new Uint8Array(readFileSync(`samples/${name}`));

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database?.close());

async function quarterFigures(institutionId: string) {
  const [row] = await queryRows<{
    target: string;
    programmed: string;
    executed: string;
    units: string;
    activities: string;
  }>(
    database.db,
    sql`select sum(a.annual_target)::text as target,
        sum(coalesce(p.q01,0) + coalesce(p.q02,0) + coalesce(p.q03,0))::text as programmed,
        sum(coalesce(e.q01,0) + coalesce(e.q02,0) + coalesce(e.q03,0))::text as executed,
        count(distinct a.unit_id)::text as units, count(*)::text as activities
      from activities a
      join programming_versions v on v.institution_id = a.institution_id and v.plan_id = a.plan_id and v.role = 'current'
      join programmed_values p on p.institution_id = a.institution_id and p.version_id = v.id and p.activity_id = a.id
      left join executed_values e on e.institution_id = a.institution_id and e.activity_id = a.id
      where a.institution_id = ${institutionId} and a.active`,
  );
  return {
    target: Number(row?.target),
    programmed: Number(row?.programmed),
    executed: Number(row?.executed),
    units: Number(row?.units),
    activities: Number(row?.activities),
  };
}

/** The year's programmed total of a plan's version: `current`, or the `baseline` (read through its mirror). */
async function programmedYear(institutionId: string, role: "current" | "baseline") {
  const [row] = await queryRows<{ total: string | null }>(
    database.db,
    sql`select sum(${sql.raw(Array.from({ length: 12 }, (_, i) => `coalesce(p.q${String(i + 1).padStart(2, "0")},0)`).join(" + "))})::text as total
      from programmed_values p
      join programming_versions v on v.institution_id = p.institution_id and coalesce(v.mirrors, v.id) = p.version_id
        and v.role = ${role}
      where p.institution_id = ${institutionId}`,
  );
  return Number(row?.total);
}

const counts = async () => {
  const [row] = await queryRows<{ plans: string; activities: string; audit: string; units: string }>(
    database.db,
    sql`select (select count(*) from plans)::text as plans, (select count(*) from activities)::text as activities,
        (select count(*) from audit_log)::text as audit, (select count(*) from org_units)::text as units`,
  );
  return row;
};

describe(`import into ${testDatabaseUrl ? "PostgreSQL" : "PGlite"}`, () => {
  let institutionId: string;

  it("imports seed 004 with the golden figures", async () => {
    const outcome = await importDocument(database.db, {
      fileName: SEED_POI,
      bytes: seed(SEED_POI),
      institution: "SAT Piura",
    });
    expect(outcome.status).toBe("imported");
    expect(outcome.institution).toMatchObject({ name: "SAT Piura", created: true });
    expect(outcome.commit?.activities).toEqual({ created: 78, updated: 0, unchanged: 0 });
    institutionId = outcome.institution?.id as string;
    expect(await quarterFigures(institutionId)).toEqual({
      target: 6350,
      programmed: 1543,
      executed: 1494,
      units: 24,
      activities: 78,
    });
    // Every month of every activity, exactly as read.
    const stored = await queryRows<{ name: string; q: string[]; e: string[] }>(
      database.db,
      sql`select a.name, array[p.q01,p.q02,p.q03,p.q04,p.q05,p.q06,p.q07,p.q08,p.q09,p.q10,p.q11,p.q12]::text[] as q,
          array[e.q01,e.q02,e.q03,e.q04]::text[] as e
        from activities a
        join programming_versions v on v.institution_id = a.institution_id and v.plan_id = a.plan_id and v.role = 'current'
        join programmed_values p on p.institution_id = a.institution_id and p.version_id = v.id and p.activity_id = a.id
        join executed_values e on e.institution_id = a.institution_id and e.activity_id = a.id
        where a.institution_id = ${institutionId} order by a.position`,
    );
    // The document has one programming: its baseline is the same months.
    expect(await programmedYear(institutionId, "current")).toBe(6350);
    expect(await programmedYear(institutionId, "baseline")).toBe(6350);
    // Values live in executed_values; a month gets an execution entry only for a comment.
    const [entries] = await queryRows<{ n: string }>(
      database.db,
      sql`select count(*)::text as n from execution_entries where institution_id = ${institutionId}`,
    );
    expect(entries?.n).toBe("0");
    const asNumbers = (values: (string | null)[]) =>
      values.map((value) => (value === null ? null : Number(value)));
    expect(stored.map((row) => [row.name, asNumbers(row.q), asNumbers(row.e)])).toEqual(
      outcome.draft.activities.map((activity) => [
        activity.name,
        [...(activity.programmed.PROGRAMADO?.quantity ?? [])],
        activity.executed.quantity.slice(0, 4),
      ]),
    );
  });

  it("changes nothing when the same document is imported again", async () => {
    const before = await counts();
    const outcome = await importDocument(database.db, {
      fileName: SEED_POI,
      bytes: seed(SEED_POI),
      institution: "SAT Piura",
    });
    expect(outcome.commit?.activities).toEqual({ created: 0, updated: 0, unchanged: 78 });
    const after = await counts();
    // Only the import itself is recorded.
    expect(after).toEqual({ ...before, audit: String(Number(before?.audit) + 1) });
  });

  it("updates a corrected document in place and audits the change", async () => {
    const text = readFileSync(`samples/${SEED_POI}`, "utf8").replace(
      "ORGANO DE CONTROL INSTITUCIONAL\tEJECUCIÓN DEL CONTROL GUBERNAMENTAL\tACCIONES DE CONTROL Y AUDITORÍA\tACCIONES\t49\t2\t2\t4\t5\t5\t5\t5\t4\t4\t5\t6\t2\t2\t1\t2\t8\t5",
      "ORGANO DE CONTROL INSTITUCIONAL\tEJECUCIÓN DEL CONTROL GUBERNAMENTAL\tACCIONES DE CONTROL Y AUDITORÍA\tACCIONES\t49\t2\t2\t4\t5\t5\t5\t5\t4\t4\t5\t6\t2\t2\t1\t4\t8\t7",
    );
    expect(text).toContain("\t1\t4\t8\t7");
    const outcome = await importDocument(database.db, {
      fileName: "004-corregido.txt",
      bytes: new TextEncoder().encode(text),
      institution: "SAT Piura",
    });
    expect(outcome.commit?.activities).toEqual({ created: 0, updated: 1, unchanged: 77 });
    expect((await quarterFigures(institutionId)).executed).toBe(1496);
    const [change] = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.institutionId, institutionId), eq(auditLog.entity, "activity")));
    if (!change) throw new Error("no audit entry for the corrected activity");
    expect(change.action).toBe("update");
    expect((change.before as { executed: Record<string, string> }).executed.q03).toMatch(/^2(\.0+)?$/);
    expect((change.after as { executed: Record<string, string> }).executed.q03).toBe("4");
  });

  it("moves the derived baseline with a corrected programming while the plan is a draft", async () => {
    const text = readFileSync(`samples/${SEED_POI}`, "utf8")
      .replace("\t1\t2\t8\t5", "\t1\t4\t8\t7")
      .replace(
        "\tACCIONES\t26\t2\t2\t2\t2\t2\t2\t2\t2\t3\t2\t2\t3\t",
        "\tACCIONES\t27\t2\t2\t2\t2\t2\t2\t2\t2\t3\t2\t2\t4\t",
      );
    expect(text).toContain("\tACCIONES\t27\t");
    const outcome = await importDocument(database.db, {
      fileName: "004-reprogramado.txt",
      bytes: new TextEncoder().encode(text),
      institution: "SAT Piura",
    });
    expect(outcome.commit?.activities).toEqual({ created: 0, updated: 1, unchanged: 77 });
    expect(await programmedYear(institutionId, "current")).toBe(6351);
    expect(await programmedYear(institutionId, "baseline")).toBe(6351);
    expect((await quarterFigures(institutionId)).executed).toBe(1496);
  });

  it("imports seed 000 as a POA of 6 activities in one unit", async () => {
    const outcome = await importDocument(database.db, {
      fileName: SEED_POA,
      bytes: seed(SEED_POA),
      institution: "Gobierno Municipal de San Juan Nonualco",
    });
    expect(outcome.status).toBe("imported");
    const id = outcome.institution?.id as string;
    const [plan] = await database.db.select().from(plans).where(eq(plans.institutionId, id));
    expect(plan).toMatchObject({
      kind: "POA",
      year: 2023,
      documentDate: "2023-02-03",
      department: "Unidad de Recuperacion de Mora",
    });
    const rows = await database.db.select().from(activities).where(eq(activities.institutionId, id));
    expect(rows).toHaveLength(6);
    expect(new Set(rows.map((row) => row.unitId)).size).toBe(1);
    expect(rows.every((row) => row.startDate?.startsWith("2023-") && row.endDate?.startsWith("2023-"))).toBe(
      true,
    );
    expect(await database.db.select().from(orgUnits).where(eq(orgUnits.institutionId, id))).toHaveLength(1);
  });

  it("refuses a document with errors and writes nothing", async () => {
    const before = await counts();
    const text = readFileSync(`samples/${SEED_POI}`, "utf8").replace("\t49\t2\t2\t4\t", "\t49\t-2\t2\t4\t");
    const outcome = await importDocument(database.db, {
      fileName: "004-negativo.txt",
      bytes: new TextEncoder().encode(text),
      institution: "Otra institución",
    });
    expect(outcome.status).toBe("refused");
    expect(outcome.problems.filter((problem) => problem.severity === "error")).toHaveLength(1);
    expect(await counts()).toEqual(before);

    const skipping = await importDocument(database.db, {
      fileName: "004-negativo.txt",
      bytes: new TextEncoder().encode(text),
      institution: "Otra institución",
      skipErrorRows: true,
    });
    expect(skipping.status).toBe("imported");
    expect(skipping.skipped).toBe(1);
    expect(skipping.commit?.activities.created).toBe(77);
  });

  it("writes nothing when the database refuses a row in the middle of the bulk write", async () => {
    const before = await counts();
    const preview = await previewDocument({ fileName: SEED_POI, bytes: seed(SEED_POI) });
    // Readers never let a negative target through; the check constraint is the last line.
    const broken = preview.draft.activities.map((activity, index) =>
      index === 40 ? { ...activity, annualTarget: -1 } : activity,
    );
    await expect(
      commitPreview(
        database.db,
        { ...preview, draft: { ...preview.draft, activities: broken } },
        { fileName: SEED_POI, institution: "Institución a medias" },
      ),
    ).rejects.toThrow();
    expect(await counts()).toEqual(before);
  });
  it("refreshes the planner's statistics after a large import (PGlite has no autovacuum)", async () => {
    // Seed 004's activities three times over, renamed: 234 activities in one document.
    const lines = readFileSync(`samples/${SEED_POI}`, "utf8").split("\n");
    const rows = lines.filter((line) =>
      /^(GERENCIA |ORGANO DE |OFICINA |JEFATURA |ESCUELA |INSTITUCIONAL\t)/.test(line),
    );
    // Each activity row becomes three, each under a name of its own.
    const large = lines.flatMap((line) =>
      rows.includes(line)
        ? [1, 2, 3].map((copy) => line.replace(/^([^\t]*)\t([^\t]*)/, `$1\t$2 (LOTE ${copy})`))
        : [line],
    );
    const outcome = await importDocument(database.db, {
      fileName: "lotes.txt",
      bytes: new TextEncoder().encode(large.join("\n")),
      institution: "SAT Lotes",
    });
    expect(outcome.commit?.activities.created).toBe(234);
    const [row] = await queryRows<{ reltuples: number; n: number }>(
      database.db,
      sql`select (select reltuples::int from pg_class where relname = 'activities') as reltuples,
        (select count(*)::int from activities) as n`,
    );
    // Every activity of the database counted, those of the earlier imports too.
    expect(row?.reltuples).toBe(row?.n);
  });
});
