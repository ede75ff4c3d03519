/** The CEPLAN sample into the database: the figures the file has, and a re-import that changes nothing. */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, queryRows } from "../../src/db/connection.js";
import { importDocument } from "../../src/services/imports/import-document.js";
import { CEPLAN_SAMPLE, sampleRows, sampleText } from "../fixtures/ceplan/variants.js";
import { openTestDatabase } from "../helpers/database.js";

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database?.close());

const bytes = new TextEncoder().encode(sampleText());
const [header = [], ...data] = sampleRows();
const active = data.filter((cells) => cells[header.indexOf("Activo AO")] === "SI");
const fileSum = (column: string) =>
  active.reduce((sum, cells) => sum + Number(cells[header.indexOf(column)] || 0), 0);

describe("the CEPLAN sample, imported", () => {
  it("creates the institution, its unit tree and 268 activities with the file's figures", async () => {
    const outcome = await importDocument(database.db, { fileName: CEPLAN_SAMPLE, bytes });
    expect(outcome.status).toBe("imported");
    expect(outcome.institution?.name).toBe("INSTITUTO NACIONAL MATERNO PERINATAL");
    expect(outcome.commit?.activities.created).toBe(268);

    const [row] = await queryRows<Record<string, string>>(
      database.db,
      sql`select
        (select code from institutions limit 1) as code,
        (select count(*) from org_units where parent_id is null)::text as parents,
        (select count(*) from org_units where parent_id is not null)::text as children,
        (select count(*) from activities)::text as activities,
        (select count(*) from activities where not active)::text as withdrawn,
        (select count(*) from execution_entries where comment is not null)::text as comments,
        (select sum(p.q01)::text from programmed_values p join programming_versions v
           on v.institution_id = p.institution_id and v.id = p.version_id where v.role = 'current') as re01,
        (select sum(e.q05)::text from executed_values e) as se05,
        (select sum(e.m01)::text from executed_values e) as money01`,
    );
    expect(row).toMatchObject({ code: "000127", children: "38", activities: "268", withdrawn: "64" });
    expect(Number(row?.comments)).toBeGreaterThan(0);
    expect(Number(row?.re01)).toBe(fileSum("F(RE) 01"));
    expect(Number(row?.se05)).toBe(fileSum("F(SE) 05"));
    expect(Number(row?.money01)).toBeCloseTo(fileSum("Fn(SE) 01"), 2);
  });

  // CC Responsable '07 and '18 are both «OFICINA DE GESTION DE LA CALIDAD»: codes keep them apart.
  it("keeps two CC Responsable with the same name and other codes apart", async () => {
    const [row] = await queryRows<{ codes: string }>(
      database.db,
      sql`select string_agg(code, ',' order by code) as codes from org_units where parent_id is null`,
    );
    expect(row?.codes.split(",")).toHaveLength(17);
  });

  it("imported again, changes nothing", async () => {
    const outcome = await importDocument(database.db, { fileName: CEPLAN_SAMPLE, bytes });
    expect(outcome.status).toBe("imported");
    expect(outcome.commit).toMatchObject({
      created: false,
      units: { created: 0 },
      activities: { created: 0, updated: 0, unchanged: 268 },
    });
  });
});
