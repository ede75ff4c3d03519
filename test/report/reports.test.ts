/** The reports of a plan, from the database to the table model and its JSON form. */
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ReportJson } from "../../src/contract/report.js";
import type { Database } from "../../src/db/connection.js";
import { loadPlanContext, type PlanContext } from "../../src/db/reports/plan-context.js";
import {
  activities,
  closedMonths,
  executedValues,
  executionEntries,
  programmedValues,
  programmingVersions,
  reprogrammings,
} from "../../src/db/schema.js";
import { AppError } from "../../src/domain/errors.js";
import { formatPct } from "../../src/domain/format.js";
import { rankedDepth } from "../../src/domain/unit-ranking.js";
import { reportJson } from "../../src/report/build-json.js";
import type { Report, ReportRow } from "../../src/report/model.js";
import { buildPlanReport, type ReportOptions } from "../../src/services/reports/build-plan-report.js";
import { findReportPlan } from "../../src/services/reports/find-report-plan.js";
import { renderReport } from "../../src/services/reports/render-report.js";
import { openTestDatabase } from "../helpers/database.js";
import { buildActivity, buildInstitution, buildPlan, buildUnit } from "../helpers/factories.js";
import { importSeed, SEED_POA, SEED_POI } from "./report-fixtures.js";

const NOW = new Date("2021-04-05T15:00:00Z");

let database: Database;
let sat: PlanContext;

beforeAll(async () => {
  database = await openTestDatabase();
  await importSeed(database.db, SEED_POI, "SAT Piura");
  sat = await findReportPlan(database.db, { institution: "SAT Piura", year: 2021 });
});
afterAll(() => database?.close());

const build = (plan: PlanContext, options: Omit<ReportOptions, "now">) =>
  buildPlanReport(database.db, plan, { ...options, now: NOW });
const rows = (report: Report, section = 0) => report.sections[section]?.rows ?? [];
const total = (report: Report) => rows(report).find((row) => row.kind === "total") as ReportRow;
const byCell = (report: Report, key: string, value: string) =>
  rows(report).find((row) => row.cells[key] === value) as ReportRow;
const figures = (row: ReportRow) => [
  row.cells.programmed,
  row.cells.executed,
  row.cells.executionPct,
  row.light,
];

describe("seed 004: POI monitoring report, I Trimestre 2021", () => {
  it("TOTAL row: 6,350 · 1,543 · 1,494 · 96.8 % (JSON 96.82), green", async () => {
    const report = await build(sat, { report: "poi", period: "Q1" });
    const row = total(report);
    expect(row.cells).toMatchObject({ unit: "TOTAL", annualTarget: 6350, programmed: 1543, executed: 1494 });
    expect(formatPct(row.cells.executionPct as number)).toBe("96.8 %");
    expect(row.light).toBe("green");
    expect(report.totals).toEqual({
      programmed: 1543,
      executed: 1494,
      executionPct: (1494 * 100) / 1543,
      light: "green",
    });
    // The document's TOTAL row, month by month.
    expect([row.cells.p01, row.cells.p02, row.cells.p03, row.cells.p12]).toEqual([519, 506, 518, 553]);
    expect([row.cells.e01, row.cells.e02, row.cells.e03]).toEqual([509, 485, 500]);

    const json = reportJson(report);
    expect(json.totals).toEqual({
      programmed: 1543,
      executed: 1494,
      executionPct: 96.82,
      light: "green",
      overExecution: false,
    });
    expect(json.rows).toHaveLength(79);
    expect(json.rows.at(-1)).toMatchObject({
      kind: "total",
      programmed: 1543,
      executed: 1494,
      executionPct: 96.82,
    });
    for (const jsonRow of json.rows) {
      expect(Object.keys(jsonRow)).toEqual(
        expect.arrayContaining(["programmed", "executed", "executionPct", "light"]),
      );
    }
    expect(report.period).toEqual({ code: "Q1", label: "I Trimestre 2021" });
    expect(report.issuedAt).toBe("2021-04-05T15:00:00.000Z");
  });

  it("has the layout of seed 004: executed months up to the period's end, plan order", async () => {
    const report = await build(sat, { report: "poi", period: "Q1" });
    const columns = report.sections[0]?.columns ?? [];
    expect(columns.slice(0, 5).map((column) => column.label)).toEqual([
      "ÓRGANO/UNIDAD ORGÁNICA",
      "ACTIVIDAD OPERATIVA",
      "ACTIVIDAD PRESUPUESTAL-MEF",
      "UNIDAD DE MEDIDA",
      "META",
    ]);
    expect(columns.filter((column) => column.group === "PROGRAMADO")).toHaveLength(12);
    expect(columns.filter((column) => column.group === "EJECUTADO").map((column) => column.label)).toEqual([
      "ENE",
      "FEB",
      "MAR",
    ]);
    expect(columns.filter((column) => column.group === "I TRIM").map((column) => column.label)).toEqual([
      "PROG",
      "EJEC",
    ]);
    expect(rows(report)[0]?.cells.unit).toBe("JEFATURA SAT");
    expect(rows(report)[1]?.cells.unit).toBe("ORGANO DE CONTROL INSTITUCIONAL");
    const lowest = byCell(
      report,
      "activity",
      "ATENCIÓN DE LAS SOLICITUDES DE REVISIÓN Y SUBSANACIÓN DE DATOS DE LOS CIUDADANOS",
    );
    expect(figures(lowest)).toEqual([14, 8, (8 * 100) / 14, "red"]);
    expect(report.notes.join(" ")).toContain(
      "distintas unidades de medida (ACCIONES, ATENCIONES, DOCUMENTOS, INFORMES y REPORTE)",
    );

    const may = await build(sat, { report: "poi", period: "M05" });
    expect(may.sections[0]?.columns.filter((column) => column.group === "EJECUTADO")).toHaveLength(5);
    expect(total(may).cells).toMatchObject({ programmed: 532, executed: null, executionPct: null });
    expect(total(may).light).toBeNull();
  });

  it("groups by unit with subtotals, and shows the baseline beside the current programming", async () => {
    const report = await build(sat, { report: "poi", period: "Q1", subtotals: true, baseline: true });
    const subtotals = rows(report).filter((row) => row.kind === "subtotal");
    expect(subtotals).toHaveLength(24);
    expect(rows(report)).toHaveLength(78 + 24 + 1);
    const oci = subtotals.find((row) => row.cells.unit === "ORGANO DE CONTROL INSTITUCIONAL") as ReportRow;
    expect(figures(oci)).toEqual([8, 5, 62.5, "red"]);
    // Each subtotal closes its unit's rows.
    const at = rows(report).indexOf(oci);
    expect(rows(report)[at - 1]?.cells.unit).toBe("ORGANO DE CONTROL INSTITUCIONAL");
    expect(rows(report)[at + 1]?.cells.unit).toBe("ESCUELA SAT");
    expect(total(report).cells.baselineProgrammed).toBe(1543);
    expect(report.sections[0]?.columns.some((column) => column.key === "baselineProgrammed")).toBe(true);
  });

  it("unit summary: ORGANO DE CONTROL INSTITUCIONAL 62.5 % red, GERENCIA DE SERVICIOS AL ADMINISTRADO 83.2 % amber", async () => {
    const report = await build(sat, { report: "units", period: "Q1" });
    expect(rows(report)).toHaveLength(25);
    const oci = byCell(report, "unit", "ORGANO DE CONTROL INSTITUCIONAL");
    expect(figures(oci)).toEqual([8, 5, 62.5, "red"]);
    expect(oci.cells).toMatchObject({ activities: 1, red: 1, light: "red" });
    const gsa = byCell(report, "unit", "GERENCIA DE SERVICIOS AL ADMINISTRADO");
    expect([
      gsa.cells.programmed,
      gsa.cells.executed,
      formatPct(gsa.cells.executionPct as number),
      gsa.light,
    ]).toEqual([125, 104, "83.2 %", "amber"]);
    expect(total(report).cells).toMatchObject({ activities: 78, programmed: 1543, executed: 1494, red: 3 });
    expect(
      rows(report)
        .filter((row) => row.light === "red")
        .map((row) => row.cells.unit),
    ).toEqual(["ORGANO DE CONTROL INSTITUCIONAL"]);
    const json = reportJson(report);
    expect(json.rows.find((row) => row.unit === "GERENCIA DE SERVICIOS AL ADMINISTRADO")).toMatchObject({
      programmed: 125,
      executed: 104,
      executionPct: 83.2,
      light: "amber",
    });

    const charts = report.sections[0]?.charts ?? [];
    expect(charts.map((chart) => chart.kind)).toEqual(["monthly-bars", "cumulative-lines", "units-ranked"]);
    const [bars, lines, ranked] = charts;
    if (
      bars?.kind !== "monthly-bars" ||
      lines?.kind !== "cumulative-lines" ||
      ranked?.kind !== "units-ranked"
    )
      throw new Error("charts");
    expect(bars.programmed.slice(0, 3)).toEqual([519, 506, 518]);
    expect(bars.executed.slice(0, 4)).toEqual([509, 485, 500, null]);
    expect(lines.programmed[2]).toBe(1543);
    expect(lines.executed.slice(0, 4)).toEqual([509, 994, 1494, null]);
    expect(ranked.units).toHaveLength(24);
    expect(ranked.units.at(-1)).toEqual({
      name: "ORGANO DE CONTROL INSTITUCIONAL",
      executionPct: 62.5,
      light: "red",
    });
    expect(ranked.units[0]?.name).toBe("OFICINA DE CALIDAD DE DATOS");
  });

  it("year-to-date through a named month, and through the last closed month", async () => {
    const february = await build(sat, { report: "poi", period: "YTD-M02" });
    expect(february.totals).toMatchObject({ programmed: 1025, executed: 994 });
    expect(february.period).toEqual({ code: "YTD-M02", label: "Acumulado a febrero 2021" });

    const none = await build(sat, { report: "units", period: "YTD" });
    expect(none.totals).toEqual({ programmed: 0, executed: null, executionPct: null, light: null });
    expect(none.notes.join(" ")).toContain("No hay meses cerrados");

    const close = (months: number[]) =>
      database.db
        .insert(closedMonths)
        .values(months.map((month) => ({ institutionId: sat.institutionId, planId: sat.id, month })));
    const reopen = () =>
      database.db
        .delete(closedMonths)
        .where(and(eq(closedMonths.institutionId, sat.institutionId), eq(closedMonths.planId, sat.id)));
    try {
      await close([1, 2, 3]);
      const q1 = await build((await loadPlanContext(database.db, sat.id)) as PlanContext, {
        report: "poi",
        period: "YTD",
      });
      expect(q1.period.code).toBe("YTD-M03");
      expect(q1.totals).toMatchObject({ programmed: 1543, executed: 1494 });
      // February reopened: year-to-date stops at January.
      await reopen();
      await close([1, 3]);
      const january = await build((await loadPlanContext(database.db, sat.id)) as PlanContext, {
        report: "poi",
        period: "ytd",
      });
      expect(january.totals).toMatchObject({ programmed: 519, executed: 509 });
    } finally {
      await reopen();
    }
  });

  it("activity sheet: months, period figures, comments and reprogramming history", async () => {
    const [activity] = await database.db
      .select()
      .from(activities)
      .where(
        and(
          eq(activities.institutionId, sat.institutionId),
          eq(activities.name, "EJECUCIÓN DEL CONTROL GUBERNAMENTAL"),
        ),
      );
    if (!activity) throw new Error("activity");
    // An imported month without a comment has no entry row: the comment creates it.
    await database.db.insert(executionEntries).values({
      institutionId: sat.institutionId,
      activityId: activity.id,
      month: 2,
      value: "2",
      comment: "Una auditoría se reprogramó por falta de personal.",
    });
    await database.db.insert(reprogrammings).values({
      institutionId: sat.institutionId,
      activityId: activity.id,
      oldValues: ["2", "2", "4", "5", "5", "5", "5", "4", "4", "5", "6", "2"],
      newValues: ["2", "2", "2", "7", "5", "5", "5", "4", "4", "5", "6", "2"],
      justification: "Falta de auditores en marzo.",
      status: "approved",
      requestedAt: new Date("2021-03-20T10:00:00Z"),
    });

    const report = await build(sat, {
      report: "activity",
      period: "Q1",
      activity: "ejecucion del control gubernamental",
    });
    expect(report.sections.map((section) => section.title)).toEqual([
      "Ficha",
      "Meses",
      "Comentarios",
      "Reprogramaciones",
    ]);
    expect(report.totals).toEqual({ programmed: 8, executed: 5, executionPct: 62.5, light: "red" });
    const months = rows(report, 1);
    expect(months).toHaveLength(13);
    expect(months[2]?.cells).toMatchObject({
      month: "Marzo",
      programmed: 4,
      executed: 2,
      executionPct: 50,
      light: "red",
    });
    expect(months[3]?.cells).toMatchObject({
      month: "Abril",
      programmed: 5,
      executed: null,
      executionPct: null,
    });
    expect(months[12]?.cells).toMatchObject({
      month: "TOTAL I TRIM",
      baselineProgrammed: 8,
      programmed: 8,
      executed: 5,
      executionPct: 62.5,
    });
    expect(rows(report, 2).map((row) => row.cells.comment)).toEqual([
      "Una auditoría se reprogramó por falta de personal.",
    ]);
    expect(rows(report, 3)[0]?.cells).toMatchObject({
      status: "Aprobada",
      changes: "MAR: 4 → 2; ABR: 5 → 7",
      oldTotal: 49,
      newTotal: 49,
      requestedAt: "2021-03-20T10:00:00Z",
    });
    expect(rows(report, 0).find((row) => row.cells.field === "Unidad orgánica")?.cells.value).toBe(
      "ORGANO DE CONTROL INSTITUCIONAL",
    );
    const json = reportJson(report);
    expect(json.rows).toHaveLength(13);
    expect(json.sections.map((section) => section.title)).toEqual([
      "Ficha",
      "Comentarios",
      "Reprogramaciones",
    ]);
  });

  it("renders JSON, CSV and xlsx with their content types and file names", async () => {
    const report = await build(sat, { report: "poi", period: "Q1" });
    const json = await renderReport(report, "json");
    expect(json.contentType).toBe("application/json; charset=utf-8");
    expect(JSON.parse(json.body.toString("utf8")).totals.executionPct).toBe(96.82);
    const csv = await renderReport(report, "csv");
    expect(csv.fileName).toBe("sat-piura-2021-seguimiento-poi-Q1.csv");
    expect(csv.body.toString("utf8")).toContain("TOTAL");
    const xlsx = await renderReport(report, "xlsx");
    expect(xlsx.contentType).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(xlsx.body.subarray(0, 2).toString("latin1")).toBe("PK");
    const pdf = await renderReport(report, "pdf");
    expect(pdf.contentType).toBe("application/pdf");
    expect(pdf.body.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  });

  it("writes every report's JSON as the contract's ReportJson says, key for key", async () => {
    const parsed = [];
    for (const options of [
      { report: "poi", period: "Q1", subtotals: true, baseline: true },
      { report: "units", period: "Q1" },
      { report: "activity", period: "Q1", activity: "EJECUCIÓN DEL CONTROL GUBERNAMENTAL" },
    ] as const) {
      const written = JSON.parse(
        (await renderReport(await build(sat, options), "json")).body.toString("utf8"),
      );
      const json = ReportJson.parse(written);
      // Strictly equal: the schema knows every key, and drops none.
      expect(json).toStrictEqual(written);
      parsed.push(json);
    }
    const [poi, units, sheet] = parsed;
    expect(poi?.issuedAt).toBe("2021-04-05T15:00:00.000Z");
    expect(poi?.rows.find((row) => row.kind === "activity")?.activityId).toMatch(/^[0-9a-f-]{36}$/);
    expect(units?.charts?.map((chart) => chart.kind)).toEqual([
      "monthly-bars",
      "cumulative-lines",
      "units-ranked",
    ]);
    expect(sheet?.sections.map((section) => section.title)).toEqual([
      "Ficha",
      "Comentarios",
      "Reprogramaciones",
    ]);
  });

  it("says in Spanish which option is wrong", async () => {
    const fieldOf = async (work: () => Promise<unknown>) => {
      try {
        await work();
      } catch (error) {
        if (error instanceof AppError) return [error.field, error.message];
        throw error;
      }
      return undefined;
    };
    expect(await fieldOf(() => findReportPlan(database.db, { institution: "SAT Lima" }))).toEqual([
      "institution",
      "No existe la institución «SAT Lima».",
    ]);
    expect(
      await fieldOf(() => findReportPlan(database.db, { institution: "sat-piura", year: 2020 })),
    ).toEqual(["year", "La institución «SAT Piura» no tiene un plan del año 2020. Años con plan: 2021."]);
    const period = await fieldOf(() => build(sat, { report: "poi", period: "Q5" }));
    expect(period?.[0]).toBe("period");
    expect(period?.[1]).toContain('Periodo no válido: "Q5"');
    expect(
      await fieldOf(() => build(sat, { report: "poi", period: "Q1", unit: "GERENCIA DE MARKETING" })),
    ).toEqual(["unit", "No existe la unidad orgánica «GERENCIA DE MARKETING» en «SAT Piura»."]);
    expect((await fieldOf(() => build(sat, { report: "activity", period: "Q1" })))?.[0]).toBe("activity");
  });
});

describe("a three-level unit tree, a withdrawn activity, nothing programmed", () => {
  // A ─ B ─ C, D and E at the root. C also holds a withdrawn activity; E only an activity with
  // nothing programmed nor reported; D one with nothing programmed but 3 executed.
  let plan: PlanContext;
  beforeAll(async () => {
    const { db } = database;
    const institution = await buildInstitution(db);
    const institutionId = institution.id;
    const a = await buildUnit(db, institutionId, { name: "GERENCIA A", position: 0 });
    const b = await buildUnit(db, institutionId, { name: "SUBGERENCIA B", parentId: a.id });
    const c = await buildUnit(db, institutionId, { name: "OFICINA C", parentId: b.id });
    const d = await buildUnit(db, institutionId, { name: "GERENCIA D", position: 1 });
    const e = await buildUnit(db, institutionId, { name: "GERENCIA E", position: 2 });
    const created = await buildPlan(db, institutionId);
    const [version] = await db
      .insert(programmingVersions)
      .values({ institutionId, planId: created.id, code: "RE", name: "Vigente", role: "current" })
      .returning();
    const add = async (
      unitId: string,
      name: string,
      q1: [string | null, string | null, string | null],
      executed: [string | null, string | null, string | null] | null,
      extra: { active?: boolean } = {},
    ) => {
      const activity = await buildActivity(
        db,
        { institutionId, planId: created.id, unitId },
        { name, ...extra },
      );
      await db.insert(programmedValues).values({
        institutionId,
        versionId: version?.id as string,
        activityId: activity.id,
        q01: q1[0],
        q02: q1[1],
        q03: q1[2],
      });
      if (executed) {
        await db.insert(executedValues).values({
          institutionId,
          activityId: activity.id,
          q01: executed[0],
          q02: executed[1],
          q03: executed[2],
        });
      }
    };
    await add(a.id, "A1", ["3", "3", "4"], ["3", "3", "3"]);
    await add(b.id, "B1", ["10", "5", "5"], ["5", "5", null]);
    await add(c.id, "C1", ["10", "10", "10.5"], ["10", "10", "10.5"]);
    await add(c.id, "C2 RETIRADA", ["100", "0", "0"], ["0", "0", "0"], { active: false });
    await add(d.id, "D1", ["1", "2", "2"], ["1", "2", "2"]);
    await add(d.id, "D2", [null, null, null], ["1", "1", "1"]);
    await add(e.id, "E1", [null, null, null], null);
    plan = (await loadPlanContext(db, created.id)) as PlanContext;
  });

  it("unit summary in tree order, each unit judged by its subtree", async () => {
    const report = await build(plan, { report: "units", period: "Q1" });
    expect(rows(report).map((row) => [row.cells.unit, row.depth, ...figures(row)])).toEqual([
      ["GERENCIA A", 0, 60.5, 49.5, (49.5 * 100) / 60.5, "amber"],
      ["SUBGERENCIA B", 1, 50.5, 40.5, (40.5 * 100) / 50.5, "amber"],
      ["OFICINA C", 2, 30.5, 30.5, 100, "green"],
      ["GERENCIA D", 0, 5, 8, 160, "green"],
      ["GERENCIA E", 0, 0, null, null, null],
      ["TOTAL", undefined, 65.5, 57.5, (57.5 * 100) / 65.5, "amber"],
    ]);
    expect(byCell(report, "unit", "GERENCIA D").overExecution).toBe(true);
    expect(byCell(report, "unit", "GERENCIA A").cells).toMatchObject({ activities: 3 });
    expect(report.notes.join(" ")).toContain("1 actividad retirada no se incluye en las cifras.");
    const json = reportJson(report);
    expect(json.rows.find((row) => row.unit === "GERENCIA E")).toMatchObject({
      programmed: 0,
      executed: null,
      executionPct: null,
      light: null,
    });
  });

  it("a unit with its sub-units: the POI and the summary of SUBGERENCIA B", async () => {
    const poi = await build(plan, { report: "poi", period: "Q1", unit: "subgerencia b" });
    expect(rows(poi).map((row) => row.cells.activity ?? row.cells.unit)).toEqual(["B1", "C1", "TOTAL"]);
    expect(poi.totals).toMatchObject({ programmed: 50.5, executed: 40.5 });
    expect(poi.notes.join(" ")).toContain("Limitado a SUBGERENCIA B");
    const units = await build(plan, { report: "units", period: "Q1", unit: "SUBGERENCIA B" });
    expect(rows(units).map((row) => [row.cells.unit, row.depth])).toEqual([
      ["SUBGERENCIA B", 0],
      ["OFICINA C", 1],
      ["TOTAL", undefined],
    ]);
  });

  it("a withdrawn activity is out of every figure; nothing programmed is a null %, never 0", async () => {
    const report = await build(plan, { report: "poi", period: "Q1" });
    expect(rows(report).map((row) => row.cells.activity ?? row.cells.unit)).not.toContain("C2 RETIRADA");
    expect(report.totals.programmed).toBe(65.5);
    const e1 = byCell(report, "activity", "E1");
    expect(figures(e1)).toEqual([0, null, null, null]);
    const d2 = byCell(report, "activity", "D2");
    expect(figures(d2)).toEqual([0, 3, null, null]);
    const json = reportJson(report);
    expect(json.rows.find((row) => row.activity === "E1")).toMatchObject({ executionPct: null, light: null });

    const sheet = await build(plan, { report: "activity", period: "Q1", activity: "C2 RETIRADA" });
    expect(sheet.totals).toEqual({ programmed: 0, executed: null, executionPct: null, light: null });
    expect(sheet.notes[0]).toContain("Actividad retirada");

    const empty = await build(plan, { report: "poi", period: "Q3" });
    expect(reportJson(empty).totals).toEqual({
      programmed: 0,
      executed: null,
      executionPct: null,
      light: null,
      overExecution: false,
    });
  });
});

describe("one head office: the units chart ranks the units the dashboard's table lists", () => {
  // SEDE CENTRAL ─ GERENCIA X ─ OFICINA X1, and SEDE CENTRAL ─ GERENCIA Y (nothing programmed in Q1).
  let plan: PlanContext;
  beforeAll(async () => {
    const { db } = database;
    const { id: institutionId } = await buildInstitution(db);
    const head = await buildUnit(db, institutionId, { name: "SEDE CENTRAL" });
    const x = await buildUnit(db, institutionId, { name: "GERENCIA X", parentId: head.id, position: 0 });
    const x1 = await buildUnit(db, institutionId, { name: "OFICINA X1", parentId: x.id });
    const y = await buildUnit(db, institutionId, { name: "GERENCIA Y", parentId: head.id, position: 1 });
    const created = await buildPlan(db, institutionId);
    const [version] = await db
      .insert(programmingVersions)
      .values({ institutionId, planId: created.id, code: "RE", name: "Vigente", role: "current" })
      .returning();
    for (const [unitId, q01, q04] of [
      [x.id, "10", null],
      [x1.id, "10", null],
      [y.id, null, "5"],
    ] as const) {
      const activity = await buildActivity(db, { institutionId, planId: created.id, unitId });
      await db
        .insert(programmedValues)
        .values({ institutionId, versionId: version?.id as string, activityId: activity.id, q01, q04 });
      await db.insert(executedValues).values({ institutionId, activityId: activity.id, q01: q01 && "8" });
    }
    plan = (await loadPlanContext(db, created.id)) as PlanContext;
  });

  /** The chart's units, and the rows the dashboard lists (`rankedDepth` of the JSON rows). */
  async function chartAndTable(unit?: string) {
    const json = reportJson(await build(plan, { report: "units", period: "Q1", ...(unit ? { unit } : {}) }));
    const ranked = json.charts?.find((chart) => chart.kind === "units-ranked");
    if (ranked?.kind !== "units-ranked") throw new Error("no units chart");
    const unitRows = json.rows.filter((row) => row.kind === "unit");
    const depth = rankedDepth(unitRows);
    return {
      chart: ranked.units.map((item) => [item.name, item.executionPct]),
      table: unitRows.filter((row) => row.depth === depth).map((row) => [row.unit, row.executionPct]),
    };
  }

  it("the whole plan: GERENCIA X and GERENCIA Y in both, never the head office alone", async () => {
    const { chart, table } = await chartAndTable();
    expect(chart).toEqual([
      ["GERENCIA X", 80],
      ["GERENCIA Y", null],
    ]);
    expect([...table].sort()).toEqual([...chart].sort());
  });

  it("scoped to GERENCIA X: OFICINA X1 in both; scoped to OFICINA X1 (no sub-units): itself in both", async () => {
    const scoped = await chartAndTable("GERENCIA X");
    expect(scoped.chart).toEqual([["OFICINA X1", 80]]);
    expect(scoped.table).toEqual(scoped.chart);
    const leaf = await chartAndTable("OFICINA X1");
    expect(leaf.chart).toEqual([["OFICINA X1", 80]]);
    expect(leaf.table).toEqual(leaf.chart);
  });
});

describe("seed 000: POA with the INDICADOR column", () => {
  it("fills INDICADOR per activity (— when nothing is programmed)", async () => {
    await importSeed(database.db, SEED_POA, "Municipalidad de San Juan Nonualco");
    const plan = await findReportPlan(database.db, {
      institution: "Municipalidad de San Juan Nonualco",
      year: 2023,
    });
    const report = await build(plan, { report: "poa", period: "Q1" });
    const columns = report.sections[0]?.columns.map((column) => column.label);
    expect(columns).toEqual([
      "PROYECTO",
      "OBJETIVO",
      "ZONA DE ACCIÓN",
      "ACTIVIDADES",
      "FECHA INICIAL",
      "FECHA FINAL",
      "METAS",
      "PROG",
      "EJEC",
      "INDICADOR (Porcentaje)",
      "SEMÁFORO",
    ]);
    expect(rows(report)).toHaveLength(7);
    expect(rows(report)[0]?.cells).toMatchObject({
      activity: "Actualización de cartera de mora",
      startDate: "2023-01-03",
      endDate: "2023-12-23",
      executionPct: null,
      light: null,
    });
    expect(report.totals.executionPct).toBeNull();

    // Progress reported: the indicator is executed ÷ programmed of the period's last month.
    const [first] = await database.db
      .select({ id: activities.id, institutionId: activities.institutionId })
      .from(activities)
      .where(and(eq(activities.planId, plan.id), eq(activities.name, "Actualización de cartera de mora")));
    if (!first) throw new Error("activity");
    await database.db.execute(
      sql`update programmed_values set q01 = 10, q02 = 20, q03 = 25 where activity_id = ${first.id}`,
    );
    await database.db.execute(
      sql`update executed_values set q01 = 10, q02 = 15 where activity_id = ${first.id}`,
    );
    const filled = await build(plan, { report: "poa", period: "Q1" });
    expect(figures(rows(filled)[0] as ReportRow)).toEqual([25, 15, 60, "red"]);
  });
});
