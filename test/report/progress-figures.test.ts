/**
 * Progress-measured activities and closed months in the reports (the dashboard reads the same
 * report JSON): a progress activity's period figure is its last month's % (never a sum), progress
 * activities roll up among themselves and apart from quantities, and once a month is closed,
 * nothing recorded in it counts as 0 executed (0 %, red), not «—».
 */
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ReportJson } from "../../src/contract/report.js";
import type { Database } from "../../src/db/connection.js";
import { loadPlanContext } from "../../src/db/reports/plan-context.js";
import {
  activities,
  closedMonths,
  executedValues,
  programmedValues,
  programmingVersions,
} from "../../src/db/schema.js";
import { formatPct } from "../../src/domain/format.js";
import { reportJson } from "../../src/report/build-json.js";
import type { Report, ReportRow } from "../../src/report/model.js";
import { buildPlanReport, type ReportOptions } from "../../src/services/reports/build-plan-report.js";
import { findReportPlan } from "../../src/services/reports/find-report-plan.js";
import { openTestDatabase } from "../helpers/database.js";
import { buildActivity, buildInstitution, buildPlan, buildUnit } from "../helpers/factories.js";
import { importSeed, SEED_POA } from "./report-fixtures.js";

const NOW = new Date("2023-04-05T15:00:00Z");
let database: Database;
afterAll(() => database?.close());
beforeAll(async () => {
  database = await openTestDatabase();
});

type Ids = { institutionId: string; planId: string; unitId: string };
const monthColumns = (values: (number | null)[]) =>
  Object.fromEntries(
    values.map((value, i) => [`q${String(i + 1).padStart(2, "0")}`, value === null ? null : String(value)]),
  );

async function newPlan(kind: "POI" | "POA" = "POA"): Promise<Ids & { versionId: string }> {
  const institution = await buildInstitution(database.db);
  const unit = await buildUnit(database.db, institution.id, { name: "UNIDAD DE RECUPERACIÓN DE MORA" });
  const plan = await buildPlan(database.db, institution.id, {
    kind,
    year: 2023,
    title: `PLAN OPERATIVO ANUAL 2023 ${kind}`,
  });
  const [version] = await database.db
    .insert(programmingVersions)
    .values({
      institutionId: institution.id,
      planId: plan.id,
      code: "VIGENTE",
      name: "Vigente",
      role: "current",
    })
    .returning();
  return {
    institutionId: institution.id,
    planId: plan.id,
    unitId: unit.id,
    versionId: version?.id as string,
  };
}

async function addActivity(
  ids: Ids & { versionId: string },
  values: { name: string; measureKind: "quantity" | "progress"; programmed: number[]; executed?: number[] },
) {
  const activity = await buildActivity(database.db, ids, {
    name: values.name,
    measureKind: values.measureKind,
    annualTarget: values.measureKind === "progress" ? "100" : "12",
  });
  await database.db.insert(programmedValues).values({
    institutionId: ids.institutionId,
    versionId: ids.versionId,
    activityId: activity.id,
    ...monthColumns(values.programmed),
  });
  if (values.executed) {
    await database.db.insert(executedValues).values({
      institutionId: ids.institutionId,
      activityId: activity.id,
      ...monthColumns(values.executed),
    });
  }
  return activity;
}

async function report(planId: string, options: Omit<ReportOptions, "now">): Promise<Report> {
  const plan = await loadPlanContext(database.db, planId);
  if (!plan) throw new Error("plan");
  const built = await buildPlanReport(database.db, plan, { ...options, now: NOW });
  // What the API (and the dashboard) receive: the contract's JSON.
  ReportJson.parse(reportJson(built));
  return built;
}

const rowsOf = (built: Report) => built.sections[0]?.rows ?? [];
const figures = (row: ReportRow | undefined) => [
  row?.cells.programmed,
  row?.cells.executed,
  row?.cells.executionPct === null || row?.cells.executionPct === undefined
    ? null
    : formatPct(row.cells.executionPct as number),
  row?.light,
];
const totalRows = (built: Report) => rowsOf(built).filter((row) => row.kind === "total");

describe("a progress activity: programmed 10, 20, 30 % and executed 10, 15, 24 % in January–March", () => {
  let ids: Ids & { versionId: string };
  beforeAll(async () => {
    ids = await newPlan();
    await addActivity(ids, {
      name: "Actualización de cartera de mora",
      measureKind: "progress",
      programmed: [10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 100, 100],
      executed: [10, 15, 24],
    });
  });

  it("Q1 is its March figure: 30 programmed, 24 executed, 80.0 %, never a sum of the months", async () => {
    const poa = await report(ids.planId, { report: "poa", period: "Q1" });
    expect(figures(rowsOf(poa)[0])).toEqual([30, 24, "80.0 %", "amber"]);
    expect(figures(totalRows(poa)[0])).toEqual([30, 24, "80.0 %", "amber"]);
    expect(poa.totals).toMatchObject({ programmed: 30, executed: 24 });
    expect(poa.progressTotals).toBeUndefined(); // only progress activities: one total
    expect(poa.notes.join(" ")).toContain("cada actividad pesa igual");
    const poi = await report(ids.planId, { report: "poi", period: "Q1" });
    expect(figures(totalRows(poi)[0])).toEqual([30, 24, "80.0 %", "amber"]);
  });

  it("the units summary and its cumulative line stay percentages (30 at March, 100 at December, not 550)", async () => {
    const units = await report(ids.planId, { report: "units", period: "Q1" });
    expect(figures(rowsOf(units).find((row) => row.kind === "unit"))).toEqual([30, 24, "80.0 %", "amber"]);
    expect(reportJson(units).totals.executionPct).toBe(80);
    // The dashboard words the one total as progress: every activity of the plan is measured in %.
    expect(reportJson(units).totalsMeasure).toBe("progress");
    expect(units.notes.join(" ")).toContain("cada actividad pesa igual");
    const cumulative = units.sections[0]?.charts?.find((chart) => chart.kind === "cumulative-lines");
    if (cumulative?.kind !== "cumulative-lines") throw new Error("chart");
    expect(cumulative.programmed.slice(0, 3)).toEqual([10, 20, 30]);
    expect(cumulative.programmed[11]).toBe(100);
    expect(cumulative.executed.slice(0, 3)).toEqual([10, 15, 24]);
  });
});

describe("a plan that mixes quantity and progress activities", () => {
  it("shows the two totals apart, never one sum of both", async () => {
    const ids = await newPlan("POI");
    await addActivity(ids, {
      name: "Actualización de cartera de mora",
      measureKind: "progress",
      programmed: [10, 20, 30],
      executed: [10, 15, 24],
    });
    await addActivity(ids, {
      name: "Notificaciones de cobro",
      measureKind: "quantity",
      programmed: [100, 100, 100],
      executed: [90, 100, 80],
    });
    for (const kind of ["poi", "poa"] as const) {
      const built = await report(ids.planId, { report: kind, period: "Q1" });
      const totals = totalRows(built);
      expect(totals.map(figures), kind).toEqual([
        [300, 270, "90.0 %", "green"],
        [30, 24, "80.0 %", "amber"],
      ]);
      expect(totals.map((row) => row.cells.unit ?? row.cells.project)).toEqual(["TOTAL", "TOTAL AVANCE (%)"]);
      expect(built.totals).toMatchObject({ programmed: 300, executed: 270 });
      expect(built.progressTotals).toMatchObject({ programmed: 30, executed: 24, light: "amber" });
      expect(reportJson(built).progressTotals?.executionPct).toBe(80);
      expect(built.notes.join(" ")).toContain("nunca se suman entre sí");
    }
    const subtotals = await report(ids.planId, { report: "poi", period: "Q1", subtotals: true });
    expect(
      rowsOf(subtotals)
        .filter((row) => row.kind === "subtotal")
        .map((row) => [row.cells.activity, ...figures(row)]),
    ).toEqual([
      ["SUBTOTAL", 300, 270, "90.0 %", "green"],
      ["SUBTOTAL AVANCE (%)", 30, 24, "80.0 %", "amber"],
    ]);
    const units = await report(ids.planId, { report: "units", period: "Q1" });
    expect(reportJson(units).totalsMeasure).toBeUndefined();
    expect(totalRows(units).map(figures)).toEqual([
      [300, 270, "90.0 %", "green"],
      [30, 24, "80.0 %", "amber"],
    ]);
    // The charts show the quantities: 100 + 100 + 100 through March, no percentage added in.
    const cumulative = units.sections[0]?.charts?.find((chart) => chart.kind === "cumulative-lines");
    if (cumulative?.kind !== "cumulative-lines") throw new Error("chart");
    expect(cumulative.programmed.slice(0, 3)).toEqual([100, 200, 300]);
    const english = await report(ids.planId, { report: "poi", period: "Q1", language: "en" });
    expect(totalRows(english).map((row) => row.cells.unit)).toEqual(["TOTAL", "TOTAL PROGRESS (%)"]);
    expect(english.notes.join(" ")).toContain("never added together");
  });
});

describe("a closed month with nothing recorded counts as 0 executed", () => {
  it("open months stay «nothing recorded»; once January–March are closed: 0 %, red, for the activity, its unit and the plan", async () => {
    const ids = await newPlan("POI");
    await addActivity(ids, {
      name: "Notificaciones de cobro",
      measureKind: "quantity",
      programmed: [4, 4, 4],
    });
    const open = await report(ids.planId, { report: "poi", period: "Q1" });
    expect(figures(rowsOf(open)[0])).toEqual([12, null, null, null]);
    expect(open.totals).toMatchObject({ executed: null, executionPct: null, light: null });
    expect(open.notes.join(" ")).not.toContain("mes cerrado");

    await database.db
      .insert(closedMonths)
      .values([1, 2, 3].map((month) => ({ institutionId: ids.institutionId, planId: ids.planId, month })));
    const closed = await report(ids.planId, { report: "poi", period: "Q1" });
    const [activity] = rowsOf(closed);
    expect(figures(activity)).toEqual([12, 0, "0.0 %", "red"]);
    expect(activity?.missingClosedMonths).toEqual([1, 2, 3]);
    expect(activity?.cells.e01).toBeNull(); // the month cells show what was recorded: nothing
    expect(closed.totals).toMatchObject({ programmed: 12, executed: 0, executionPct: 0, light: "red" });
    expect(closed.notes.join(" ")).toContain(
      "En un mes cerrado, una actividad con algo programado y nada registrado cuenta 0 ejecutado (0 %, rojo)",
    );
    const units = await report(ids.planId, { report: "units", period: "Q1" });
    const unit = rowsOf(units).find((row) => row.kind === "unit");
    expect(figures(unit)).toEqual([12, 0, "0.0 %", "red"]);
    expect(unit?.cells.red).toBe(1);
    expect(reportJson(units).totals).toMatchObject({ executed: 0, executionPct: 0, light: "red" });
    // April is open: nothing recorded there is still «—».
    const april = await report(ids.planId, { report: "poi", period: "M04" });
    expect(april.notes.join(" ")).not.toContain("mes cerrado");
    const english = await report(ids.planId, { report: "poi", period: "Q1", language: "en" });
    expect(english.notes.join(" ")).toContain("In a closed month, an activity with something programmed");
  });
});

describe("seed 000 (the POA) with progress entries", () => {
  it("the POA TOTAL is Σ executed ÷ Σ programmed of each activity's last month, closed months with nothing at 0", async () => {
    await importSeed(database.db, SEED_POA, "Municipalidad de San Juan Nonualco");
    const plan = await findReportPlan(database.db, {
      institution: "Municipalidad de San Juan Nonualco",
      year: 2023,
    });
    const list = await database.db
      .select({ id: activities.id, name: activities.name, measureKind: activities.measureKind })
      .from(activities)
      .where(and(eq(activities.planId, plan.id), eq(activities.institutionId, plan.institutionId)))
      .orderBy(activities.position);
    expect(list).toHaveLength(6);
    expect(new Set(list.map((activity) => activity.measureKind))).toEqual(new Set(["progress"]));
    // Progress programmed and reported, % complete at each month's end.
    const progress: [programmed: number[], executed: (number | null)[]][] = [
      [
        [10, 20, 30],
        [10, 15, 24],
      ], // 30 / 24
      [
        [25, 50, 75],
        [25, 50, 75],
      ], // 75 / 75
      [
        [5, 10, 20],
        [5, 10],
      ], // 20 / 10: March open, its last value is February's
      [
        [30, 60, 90],
        [30, 55, 95],
      ], // 90 / 95
      [[0, 0, 0], []], // nothing programmed: no indicator
      [
        [50, 60, 70],
        [50, 60, 65],
      ], // 70 / 65
    ];
    for (const [i, activity] of list.entries()) {
      const [programmed, executed] = progress[i] as [number[], (number | null)[]];
      await database.db.execute(
        sql`update programmed_values set q01 = ${programmed[0]}, q02 = ${programmed[1]}, q03 = ${programmed[2]}
          where activity_id = ${activity.id}`,
      );
      await database.db.execute(
        sql`update executed_values set q01 = ${executed[0] ?? null}, q02 = ${executed[1] ?? null},
          q03 = ${executed[2] ?? null} where activity_id = ${activity.id}`,
      );
    }
    const q1 = await report(plan.id, { report: "poa", period: "Q1" });
    expect(
      rowsOf(q1)
        .filter((row) => row.kind === "activity")
        .map(figures),
    ).toEqual([
      [30, 24, "80.0 %", "amber"],
      [75, 75, "100.0 %", "green"],
      [20, 10, "50.0 %", "red"],
      [90, 95, "105.6 %", "green"],
      [0, null, null, null],
      [70, 65, "92.9 %", "green"],
    ]);
    const sum = { programmed: 30 + 75 + 20 + 90 + 0 + 70, executed: 24 + 75 + 10 + 95 + 65 };
    expect(figures(totalRows(q1)[0])).toEqual([
      sum.programmed,
      sum.executed,
      formatPct((sum.executed * 100) / sum.programmed),
      "green",
    ]);
    expect(totalRows(q1)).toHaveLength(1);
    expect(formatPct(q1.totals.executionPct as number)).toBe("94.4 %");

    // March closed: the third activity had 20 % programmed and nothing recorded in it: 0, red.
    await database.db
      .insert(closedMonths)
      .values([1, 2, 3].map((month) => ({ institutionId: plan.institutionId, planId: plan.id, month })));
    const closed = await report(plan.id, { report: "poa", period: "Q1" });
    expect(figures(rowsOf(closed)[2])).toEqual([20, 0, "0.0 %", "red"]);
    expect(rowsOf(closed)[2]?.atRisk).toBe(true);
    expect(figures(totalRows(closed)[0])).toEqual([
      sum.programmed,
      sum.executed - 10,
      formatPct(((sum.executed - 10) * 100) / sum.programmed),
      "green",
    ]);
  });
});
