/**
 * Activities at risk (the dashboard's list, issue 6): an activity row of the POI and POA reports
 * is `atRisk` when its light is red or when a closed month of the period had something programmed
 * and has no entry (`missingClosedMonths`). An open month without an entry is not late yet; a
 * withdrawn activity is never at risk (it is in no row).
 */
import { readFileSync } from "node:fs";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ReportJson, type ReportJsonRow } from "../../src/contract/report.js";
import type { Database } from "../../src/db/connection.js";
import { activityLines } from "../../src/db/reports/activity-lines.js";
import { loadPlanContext, type PlanContext } from "../../src/db/reports/plan-context.js";
import { closedMonths, executedValues, programmedValues, programmingVersions } from "../../src/db/schema.js";
import { buildPlanReport } from "../../src/services/reports/build-plan-report.js";
import { findReportPlan } from "../../src/services/reports/find-report-plan.js";
import { renderReport } from "../../src/services/reports/render-report.js";
import { openTestDatabase, testDatabaseUrl } from "../helpers/database.js";
import { buildActivity, buildInstitution, buildPlan, buildUnit } from "../helpers/factories.js";
import { importSeed, SEED_POI } from "./report-fixtures.js";

const NOW = new Date("2021-04-05T15:00:00Z");

let database: Database;

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database?.close());

/** The report as the API sends it (`format=json`). */
async function reportRows(
  plan: PlanContext,
  report: "poi" | "poa",
  period: string,
): Promise<ReportJsonRow[]> {
  const built = await buildPlanReport(database.db, plan, { report, period, now: NOW });
  const json = ReportJson.parse(JSON.parse((await renderReport(built, "json")).body.toString("utf8")));
  return json.rows.filter((row) => row.kind === "activity");
}

const risk = (rows: ReportJsonRow[]) =>
  Object.fromEntries(
    rows.map((row) => [
      row.activity,
      { atRisk: row.atRisk, missing: row.missingClosedMonths, light: row.light },
    ]),
  );

const twelve = (values: Record<number, string>) =>
  Object.fromEntries(
    Array.from({ length: 12 }, (_, i) => [`q${String(i + 1).padStart(2, "0")}`, values[i + 1] ?? null]),
  );

describe(`activities at risk (${testDatabaseUrl ? "PostgreSQL" : "PGlite"})`, () => {
  let plan: PlanContext;

  beforeAll(async () => {
    const { db } = database;
    const { id: institutionId } = await buildInstitution(db);
    const unit = await buildUnit(db, institutionId, { name: "GERENCIA DE FINANZAS" });
    const created = await buildPlan(db, institutionId);
    const planId = created.id;
    const [version] = await db
      .insert(programmingVersions)
      .values({ institutionId, planId, code: "RE", name: "Vigente", role: "current" })
      .returning();
    let position = 0;
    const add = async (
      name: string,
      programmed: Record<number, string>,
      executed: Record<number, string> | null,
      active = true,
    ) => {
      position += 1;
      const activity = await buildActivity(
        db,
        { institutionId, planId, unitId: unit.id },
        { name, active, position },
      );
      await db.insert(programmedValues).values({
        institutionId,
        versionId: version?.id as string,
        activityId: activity.id,
        ...twelve(programmed),
      });
      if (executed) {
        await db
          .insert(executedValues)
          .values({ institutionId, activityId: activity.id, ...twelve(executed) });
      }
    };
    // Q1: 10 + 1 + 10 programmed; February has no entry: 20 of 21, 95.2 % green.
    await add("SIN REGISTRO EN FEBRERO", { 1: "10", 2: "1", 3: "10" }, { 1: "10", 3: "10" });
    // The same with February's entry: 21 of 21.
    await add("CON REGISTRO EN FEBRERO", { 1: "10", 2: "1", 3: "10" }, { 1: "10", 2: "1", 3: "10" });
    // Every month entered, 0 in February (an entry all the same): 4 of 30, red.
    await add("EN ROJO", { 1: "10", 2: "10", 3: "10" }, { 1: "2", 2: "0", 3: "2" });
    // Nothing entered at all, ever.
    await add("SIN NINGÚN REGISTRO", { 1: "2", 2: "2", 3: "2" }, null);
    // February programmed 0 (nothing to do) and not entered: not missing.
    await add("FEBRERO EN CERO", { 1: "5", 2: "0", 3: "5" }, { 1: "5", 3: "5" });
    // April (open) programmed and not entered: 15 of 16 in S1, green.
    await add("ABRIL ABIERTO", { 1: "5", 2: "5", 3: "5", 4: "1" }, { 1: "5", 2: "5", 3: "5" });
    // Withdrawn, red and with February missing: never at risk.
    await add("RETIRADA", { 1: "10", 2: "10", 3: "10" }, { 1: "1" }, false);
    await db.insert(closedMonths).values([1, 2, 3].map((month) => ({ institutionId, planId, month })));
    plan = (await loadPlanContext(db, planId)) as PlanContext;
  });

  it("Q1 with January to March closed: red, or programmed in a closed month with no entry", async () => {
    const rows = await reportRows(plan, "poi", "Q1");
    expect(risk(rows)).toEqual({
      "SIN REGISTRO EN FEBRERO": { atRisk: true, missing: [2], light: "green" },
      "CON REGISTRO EN FEBRERO": { atRisk: false, missing: [], light: "green" },
      "EN ROJO": { atRisk: true, missing: [], light: "red" },
      // Closed months with nothing recorded count as 0 executed (issue 13): 0 %, red, not «—».
      "SIN NINGÚN REGISTRO": { atRisk: true, missing: [1, 2, 3], light: "red" },
      "FEBRERO EN CERO": { atRisk: false, missing: [], light: "green" },
      "ABRIL ABIERTO": { atRisk: false, missing: [], light: "green" },
    });
    expect(rows.find((row) => row.activity === "SIN REGISTRO EN FEBRERO")).toMatchObject({
      programmed: 21,
      executed: 20,
      executionPct: 95.24,
    });
  });

  it("an open month without an entry does not put an activity at risk", async () => {
    const rows = await reportRows(plan, "poi", "S1");
    expect(risk(rows)["ABRIL ABIERTO"]).toEqual({ atRisk: false, missing: [], light: "green" });
    // The closed months of the semester still count.
    expect(risk(rows)["SIN REGISTRO EN FEBRERO"]).toMatchObject({ atRisk: true, missing: [2] });
    // Q2: no month closed, nothing is late.
    const q2 = await reportRows(plan, "poi", "Q2");
    expect(q2.filter((row) => row.atRisk).map((row) => row.activity)).toEqual([]);
    expect(q2.every((row) => row.missingClosedMonths?.length === 0)).toBe(true);
  });

  it("only the period's closed months count: March alone, February reopened", async () => {
    const march = await reportRows(plan, "poi", "M03");
    expect(march.filter((row) => row.atRisk).map((row) => row.activity)).toEqual([
      "EN ROJO",
      "SIN NINGÚN REGISTRO",
    ]);
    const { db } = database;
    await db
      .delete(closedMonths)
      .where(
        and(
          eq(closedMonths.institutionId, plan.institutionId),
          eq(closedMonths.planId, plan.id),
          eq(closedMonths.month, 2),
        ),
      );
    try {
      const rows = await reportRows(plan, "poi", "Q1");
      expect(risk(rows)["SIN REGISTRO EN FEBRERO"]).toEqual({ atRisk: false, missing: [], light: "green" });
      expect(risk(rows)["SIN NINGÚN REGISTRO"]).toMatchObject({ atRisk: true, missing: [1, 3] });
    } finally {
      await db.insert(closedMonths).values({ institutionId: plan.institutionId, planId: plan.id, month: 2 });
    }
  });

  it("a withdrawn activity is never at risk: it is in no row of the POI or the POA", async () => {
    for (const report of ["poi", "poa"] as const) {
      const rows = await reportRows(plan, report, "Q1");
      expect(rows.map((row) => row.activity)).not.toContain("RETIRADA");
      expect(rows.filter((row) => row.atRisk).map((row) => row.activity)).toEqual([
        "SIN REGISTRO EN FEBRERO",
        "EN ROJO",
        "SIN NINGÚN REGISTRO",
      ]);
    }
    const lines = await activityLines(database.db, {
      scope: { kind: "plan", institutionId: plan.institutionId, planId: plan.id },
      months: [1, 2, 3],
    });
    expect(lines.map((line) => line.name)).not.toContain("RETIRADA");
  });

  it("subtotal and TOTAL rows carry no risk", async () => {
    const built = await buildPlanReport(database.db, plan, {
      report: "poi",
      period: "Q1",
      subtotals: true,
      now: NOW,
    });
    const json = ReportJson.parse(JSON.parse((await renderReport(built, "json")).body.toString("utf8")));
    for (const row of json.rows.filter((row) => row.kind !== "activity")) {
      expect(row).not.toHaveProperty("atRisk");
      expect(row).not.toHaveProperty("missingClosedMonths");
    }
  });
});

/** Seed 004's rows as the file prints them: months ENE…MAR programmed and executed, I TRIM figures. */
function seedActivities() {
  const number = (text: string | undefined) => {
    const trimmed = (text ?? "").trim().replace(/,/g, "");
    return trimmed === "" ? null : Number(trimmed);
  };
  return readFileSync(`samples/${SEED_POI}`, "utf8")
    .split(/\r?\n/)
    .map((line) => line.split("\t"))
    .filter(
      (cells) =>
        cells.length === 22 &&
        cells[0]?.trim() &&
        !["ORGANÓ/UNIDAD ORGÁNICA", "TOTAL"].includes(cells[0].trim()),
    )
    .map((cells) => ({
      unit: (cells[0] as string).trim(),
      activity: (cells[1] as string).trim(),
      programmed: [5, 6, 7].map((i) => number(cells[i])),
      executed: [17, 18, 19].map((i) => number(cells[i])),
      quarter: { programmed: number(cells[20]) ?? 0, executed: number(cells[21]) },
    }));
}

describe("seed 004, I Trimestre 2021 with January to March closed", () => {
  it("lists as at risk exactly the file's activities below 75 % or with a programmed month not reported", async () => {
    const { institutionId, planId } = await importSeed(database.db, SEED_POI, "SAT Piura");
    await database.db
      .insert(closedMonths)
      .values([1, 2, 3].map((month) => ({ institutionId, planId, month })));
    const plan = await findReportPlan(database.db, { institution: "SAT Piura", year: 2021 });

    const file = seedActivities();
    expect(file).toHaveLength(78);
    const expected = file
      .filter(({ programmed, executed, quarter }) => {
        const red =
          quarter.programmed > 0 &&
          quarter.executed !== null &&
          (quarter.executed * 100) / quarter.programmed < plan.institution.thresholds.amberFrom;
        const missing = programmed.some((p, i) => (p ?? 0) > 0 && executed[i] === null);
        return red || missing;
      })
      .map(({ unit, activity }) => `${unit} | ${activity}`);
    // By hand from the file: 5 of 8 (62.5 %), 12 of 18 (66.7 %) and 8 of 14 (57.1 %).
    expect(expected).toHaveLength(3);

    const rows = await reportRows(plan, "poi", "Q1");
    expect(rows).toHaveLength(78);
    const atRisk = rows.filter((row) => row.atRisk).map((row) => `${row.unit} | ${row.activity}`);
    expect(atRisk.sort()).toEqual(expected.sort());
    // Every month the file programs in the quarter was reported: the risk is the red light alone.
    expect(rows.filter((row) => row.atRisk).every((row) => row.light === "red")).toBe(true);
    expect(rows.every((row) => row.missingClosedMonths?.length === 0)).toBe(true);
  });
});
