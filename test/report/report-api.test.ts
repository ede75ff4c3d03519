/** `GET /api/plans/:id/reports/:report`: files, names, languages and who may read them. */
import { execFileSync } from "node:child_process";
import ExcelJS from "exceljs";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/connection.js";
import { buildApp } from "../../src/server/app.js";
import { addUser } from "../../src/services/users/add-user.js";
import { haveBinaries } from "../fixtures/report/tools.js";
import { openTestDatabase } from "../helpers/database.js";
import { buildInstitution } from "../helpers/factories.js";
import { importSeed, SEED_POI } from "./report-fixtures.js";

const PASSWORD = "caballo-correcto-bateria";

let database: Database;
let app: FastifyInstance;
let planId: string;
const sessions: Record<string, { cookies: Record<string, string> }> = {};

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildApp({ database, version: "test" });
  const seed = await importSeed(database.db, SEED_POI, "SAT Piura");
  planId = seed.planId;
  const other = await buildInstitution(database.db);
  await addUser(database.db, {
    email: "lectora@sat.pe",
    role: "viewer",
    institution: "sat-piura",
    password: PASSWORD,
  });
  await addUser(database.db, {
    email: "editor@sat.pe",
    role: "editor",
    institution: "sat-piura",
    password: PASSWORD,
  });
  await addUser(database.db, {
    email: "ajena@otra.pe",
    role: "admin",
    institution: other.slug,
    password: PASSWORD,
  });
  await addUser(database.db, { email: "root@avance.pe", role: "super-admin", password: PASSWORD });
  for (const email of ["lectora@sat.pe", "editor@sat.pe", "ajena@otra.pe", "root@avance.pe"]) {
    const response = await app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { email, password: PASSWORD },
    });
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === "avance_session")?.value ?? "";
    sessions[email] = { cookies: { avance_session: cookie } };
  }
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

const get = (url: string, email?: string) =>
  app.inject({ method: "GET", url, ...(email ? (sessions[email] as object) : {}) });

describe("report API", () => {
  it("serves the POI report as JSON to a viewer of the institution", async () => {
    const response = await get(`/api/plans/${planId}/reports/poi?period=Q1&format=json`, "lectora@sat.pe");
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(response.headers["content-disposition"]).toBe(
      'inline; filename="sat-piura-2021-seguimiento-poi-Q1.json"',
    );
    expect(response.json().totals).toEqual({
      programmed: 1543,
      executed: 1494,
      executionPct: 96.82,
      light: "green",
      overExecution: false,
    });
  });

  it("marks the activities at risk in the JSON, and its OpenAPI document says what that means", async () => {
    const response = await get(`/api/plans/${planId}/reports/poi?period=Q1&format=json`, "lectora@sat.pe");
    const rows = (response.json().rows as Record<string, unknown>[]).filter((row) => row.kind === "activity");
    // No month of the plan is closed here: at risk = red.
    expect(rows.filter((row) => row.atRisk).map((row) => [row.activity, row.executionPct])).toEqual([
      ["EJECUCIÓN DEL CONTROL GUBERNAMENTAL", 62.5],
      ["RECEPCIÓN, REGISTRO Y DERIVACIÓN DE LA DOCUMENTACIÓN", 66.67],
      ["ATENCIÓN DE LAS SOLICITUDES DE REVISIÓN Y SUBSANACIÓN DE DATOS DE LOS CIUDADANOS", 57.14],
    ]);
    expect(rows.every((row) => Array.isArray(row.missingClosedMonths))).toBe(true);
    const total = (response.json().rows as Record<string, unknown>[]).find((row) => row.kind === "total");
    expect(total).not.toHaveProperty("atRisk");

    const doc = (await get("/api/docs/json")).json();
    const schema =
      doc.paths["/api/plans/{id}/reports/{report}"].get.responses["200"].content["application/json"].schema;
    const row = schema.properties.rows.items.properties;
    expect(row.atRisk.description).toContain("semáforo rojo o algún mes en missingClosedMonths");
    expect(row.missingClosedMonths.description).toContain("meses cerrados del periodo");
  });

  it("streams xlsx and csv files with their file name", async () => {
    const xlsx = await get(`/api/plans/${planId}/reports/units?period=Q1&format=xlsx`, "editor@sat.pe");
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers["content-type"]).toBe(
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );
    expect(xlsx.headers["content-disposition"]).toBe(
      'attachment; filename="sat-piura-2021-resumen-unidades-Q1.xlsx"',
    );
    expect(xlsx.rawPayload.subarray(0, 2).toString("latin1")).toBe("PK");

    const csv = await get(
      `/api/plans/${planId}/reports/poi?period=YTD-M02&format=csv&subtotals=true&unit=${encodeURIComponent("ORGANO DE CONTROL INSTITUCIONAL")}`,
      "lectora@sat.pe",
    );
    expect(csv.statusCode).toBe(200);
    expect(csv.headers["content-disposition"]).toBe(
      'attachment; filename="sat-piura-2021-seguimiento-poi-YTD-M02.csv"',
    );
    expect(csv.body).toContain("EJECUCIÓN DEL CONTROL GUBERNAMENTAL");
    expect(csv.body).not.toContain("ESCUELA SAT");
  });

  it("writes the report's texts in English with lang=en, its figures unchanged", async () => {
    const url = `/api/plans/${planId}/reports/poi?period=Q1&format=json`;
    const english = await get(`${url}&lang=en`, "lectora@sat.pe");
    expect(english.statusCode).toBe(200);
    const report = english.json();
    expect(report.title).toBe("Operational plan monitoring report — Q1 2021");
    expect(report.period).toEqual({ code: "Q1", label: "Q1 2021" });
    const labels = report.columns.map((column: { label: string }) => column.label);
    expect(labels.slice(0, 5)).toEqual([
      "BODY/ORGANIZATIONAL UNIT",
      "OPERATIONAL ACTIVITY",
      "BUDGET ACTIVITY (MEF)",
      "UNIT OF MEASURE",
      "TARGET",
    ]);
    expect(labels.slice(5, 8)).toEqual(["JAN", "FEB", "MAR"]);
    expect(labels.slice(-4)).toEqual(["PROG", "EXEC", "% EXEC.", "LIGHT"]);
    expect(report.columns.find((column: { key: string }) => column.key === "p01").group).toBe("PROGRAMMED");
    expect(report.columns.find((column: { key: string }) => column.key === "e01").group).toBe("EXECUTED");
    expect(report.totals).toEqual({
      programmed: 1543,
      executed: 1494,
      executionPct: 96.82,
      light: "green",
      overExecution: false,
    });
    expect(report.rows.at(-1)).toMatchObject({
      kind: "total",
      unit: "TOTAL",
      programmed: 1543,
      executed: 1494,
    });
    expect(report.notes.join(" ")).toContain("Traffic light: green from 90 %");
    expect(report.notes.join(" ")).not.toMatch(/Semáforo|ejecutado/);

    // Without lang, and with lang=es, the report stays in Spanish.
    for (const spanish of [await get(url, "lectora@sat.pe"), await get(`${url}&lang=es`, "lectora@sat.pe")]) {
      expect(spanish.json().title).toBe("Informe de seguimiento del plan operativo — I Trimestre 2021");
      expect(spanish.json().columns[1].label).toBe("ACTIVIDAD OPERATIVA");
    }

    const units = (
      await get(`/api/plans/${planId}/reports/units?period=Q1&lang=en`, "lectora@sat.pe")
    ).json();
    expect(units.columns.map((column: { label: string }) => column.label)).toEqual([
      "ORGANIZATIONAL UNIT",
      "ACTIVITIES",
      "PROGRAMMED",
      "EXECUTED",
      "% EXEC.",
      "LIGHT",
      "IN RED",
    ]);
    expect(units.charts.map((chart: { title: string }) => chart.title)).toEqual([
      "Programmed and executed by month",
      "Cumulative programmed and executed",
      "Units by execution % — Q1 2021",
    ]);
    expect(units.charts[0].months.slice(0, 4)).toEqual(["JAN", "FEB", "MAR", "APR"]);
  });

  it("downloads CSV, xlsx and PDF in English with lang=en: English names and words, the same figures", async () => {
    const base = `/api/plans/${planId}/reports/poi?period=Q1&lang=en`;
    const csv = await get(`${base}&format=csv`, "lectora@sat.pe");
    expect(csv.headers["content-disposition"]).toBe(
      'attachment; filename="sat-piura-2021-poi-monitoring-Q1.csv"',
    );
    expect(csv.body).toContain("Institution: SAT Piura");
    expect(csv.body).toContain("Notes:");
    expect(csv.body).toContain("Traffic light:");
    // The TOTAL row: 1,543 programmed, 1,494 executed, 96.8 %, green (the institution's es-PE figures).
    expect(csv.body).toMatch(/TOTAL,.*"1,543","1,494",96\.8 %,Green/);
    expect(csv.body).not.toContain("Semáforo");

    const xlsx = await get(`${base}&format=xlsx`, "lectora@sat.pe");
    expect(xlsx.headers["content-disposition"]).toBe(
      'attachment; filename="sat-piura-2021-poi-monitoring-Q1.xlsx"',
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet?.name).toBe("POI monitoring");
    const values = (sheet?.getSheetValues() ?? []).flat().map((value) => String(value ?? ""));
    expect(values).toContain("OPERATIONAL ACTIVITY");
    expect(values).toContain("Traffic light:");

    const pdf = await get(`${base}&format=pdf`, "lectora@sat.pe");
    expect(pdf.headers["content-disposition"]).toBe(
      'attachment; filename="sat-piura-2021-poi-monitoring-Q1.pdf"',
    );
    expect(pdf.headers["content-type"]).toContain("application/pdf");
    if (!haveBinaries("texto del PDF con poppler", "pdftotext")) return;
    const text = execFileSync("pdftotext", ["-layout", "-", "-"], { input: pdf.rawPayload }).toString("utf8");
    expect(text).toContain("Operational plan monitoring report — Q1 2021");
    expect(text).toContain("Totals for the period");
    expect(text).toMatch(/Page 1 of \d+/);
    expect(text).toMatch(/Programmed:\s+1,543\s+Executed:\s+1,494\s+Execution:\s+96\.8 %/);
    expect(text).not.toContain("Página");
  });

  it("lets a super-admin read any institution's plan", async () => {
    const response = await get(`/api/plans/${planId}/reports/units?period=Q1`, "root@avance.pe");
    expect(response.statusCode).toBe(200);
    expect(
      response.json().rows.find((row: { unit: string }) => row.unit === "ORGANO DE CONTROL INSTITUCIONAL"),
    ).toMatchObject({
      executionPct: 62.5,
      light: "red",
    });
  });

  it("answers 401 without a session, and the same 404 for another institution's plan and a missing one", async () => {
    expect((await get(`/api/plans/${planId}/reports/poi?period=Q1`)).statusCode).toBe(401);
    const foreign = await get(`/api/plans/${planId}/reports/poi?period=Q1`, "ajena@otra.pe");
    const missing = await get(`/api/plans/${crypto.randomUUID()}/reports/poi?period=Q1`, "ajena@otra.pe");
    const garbage = await get("/api/plans/no-es-un-id/reports/poi?period=Q1", "lectora@sat.pe");
    for (const response of [foreign, missing, garbage]) {
      expect(response.statusCode).toBe(404);
      expect(response.json()).toEqual({
        type: "not_found",
        title: "No encontrado",
        status: 404,
        detail: "No se encontró el recurso solicitado.",
        code: "not_found",
      });
    }
  });

  it("refuses a bad period, report or format with 400 naming the field", async () => {
    const period = await get(`/api/plans/${planId}/reports/poi?period=Q5`, "lectora@sat.pe");
    expect(period.statusCode).toBe(400);
    expect(period.json()).toMatchObject({ type: "validation", field: "period" });
    expect(period.json().detail).toContain('Periodo no válido: "Q5"');
    expect((await get(`/api/plans/${planId}/reports/anual?period=Q1`, "lectora@sat.pe")).statusCode).toBe(
      400,
    );
    expect(
      (await get(`/api/plans/${planId}/reports/poi?period=Q1&format=docx`, "lectora@sat.pe")).statusCode,
    ).toBe(400);
    const lang = await get(`/api/plans/${planId}/reports/poi?period=Q1&lang=fr`, "lectora@sat.pe");
    expect(lang.statusCode).toBe(400);
    expect(lang.json()).toMatchObject({ type: "validation" });
    const unit = await get(`/api/plans/${planId}/reports/poi?period=Q1&unit=NADA`, "lectora@sat.pe");
    expect(unit.statusCode).toBe(404);
    expect(unit.json()).toMatchObject({ field: "unit" });
  });
});
