/**
 * Layouts other institutions use: other words, other orders, other header shapes. The reader
 * must understand them by meaning, not by position.
 */
import { readFileSync } from "node:fs";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { findLayout } from "../../src/import/layout.js";
import { readDocument } from "../../src/import/read-document.js";
import { tabText, utf8 } from "../fixtures/import/generate.js";

const read = (rows: string[][], year = 2024) =>
  readDocument({ fileName: "plan.txt", bytes: utf8(tabText(rows)) }, { year });
const MONTHS = "ENE FEB MAR ABR MAY JUN JUL AGO SET OCT NOV DIC".split(" ");
const twelve = (value: string) => Array<string>(12).fill(value);

describe("column meanings", () => {
  it("maps synonyms whatever their order, accents or case", () => {
    const layout = findLayout([
      [
        "Nº",
        "Tarea",
        "Dependencia",
        "Unidad de Medida",
        "Meta Física Anual",
        "Ubicación",
        "Fecha de Inicio",
        "Fecha de Término",
        "Responsable",
        "Proyecto",
        "Objetivo",
        "Indicador",
        "Actividad Presupuestal",
        "Código",
      ],
    ]);
    const fields = Object.fromEntries(
      Object.entries(layout?.fields ?? {}).map(([field, column]) => [field, column?.col]),
    );
    expect(fields).toEqual({
      ordinal: 0,
      name: 1,
      unit: 2,
      unitOfMeasure: 3,
      annualTarget: 4,
      location: 5,
      startDate: 6,
      endDate: 7,
      responsible: 8,
      project: 9,
      objective: 10,
      indicator: 11,
      budgetActivity: 12,
      code: 13,
    });
  });

  it("reads months without a group word: the first run programmed, the second executed", async () => {
    const result = await read([
      ["ÁREA", "ACTIVIDADES", "META ANUAL", ...MONTHS, "ENERO", "FEBRERO"],
      ["Logística", "Inventario", "12", ...twelve("1"), "1", "0"],
    ]);
    expect(result.problems).toEqual([]);
    const [activity] = result.draft.activities;
    expect(activity?.programmed.PROGRAMADO?.quantity).toEqual(twelve("1").map(Number));
    expect(activity?.executed.quantity).toEqual([1, 0, ...Array(10).fill(null)]);
    expect(result.draft.units).toEqual([{ key: "LOGISTICA", name: "Logística" }]);
  });

  it("reads one-row headers like PROG. ENE / EJEC. ENE, SEP as September, and half-year and quarter totals", async () => {
    const prog = MONTHS.map((m) => `PROG. ${m === "SET" ? "SEP" : m}`);
    const result = await read([
      ["DEPARTAMENTO", "ACTIVIDAD", ...prog, "EJEC. ENE", "I SEMESTRE PROG", "T1 PROG", "TOTAL PROGRAMADO"],
      ["Finanzas", "Pagos", ...twelve("2"), "2", "12", "6", "24"],
      ["Finanzas", "Cobros", ...twelve("1"), "1", "7", "3", "12"],
    ]);
    expect(result.problems.map((p) => [p.line, p.column, p.message])).toEqual([
      [3, "I SEMESTRE PROG", "I SEMESTRE PROG 7 no coincide con la suma de ENE–JUN (6)"],
    ]);
    expect(result.draft.activities.map((a) => a.annualTarget)).toEqual([24, 12]);
    expect(result.draft.activities[0]?.programmed.PROGRAMADO?.quantity[8]).toBe(2);
  });

  it("reads a group row above the header (PROGRAMACIÓN MENSUAL over the months)", async () => {
    const result = await read([
      ["", "", "", "PROGRAMACIÓN MENSUAL", ...Array(11).fill(""), "EJECUCIÓN", "", "II TRIMESTRE", ""],
      ["UNIDAD ORGÁNICA", "ACTIVIDAD", "META", ...MONTHS, "ENE", "FEB", "PROG", "EJEC"],
      ["Oficina A", "Informes", "24", ...twelve("2"), "2", "2", "6", ""],
    ]);
    expect(result.problems).toEqual([]);
    expect(result.draft.activities[0]?.executed.quantity.slice(0, 3)).toEqual([2, 2, null]);
  });

  it("reads a three-row header: PROGRAMACIÓN FÍSICA over quarters over months, each quarter with its TOTAL", async () => {
    const quarters = ["I", "II", "III", "IV"].flatMap((q) => [`${q} TRIMESTRE`, "", "", ""]);
    const months = [0, 3, 6, 9].flatMap((m) => [...MONTHS.slice(m, m + 3), "TOTAL"]);
    const result = await read([
      ["PLAN OPERATIVO INSTITUCIONAL 2024"],
      [
        "N°",
        "UNIDAD ORGÁNICA",
        "ACTIVIDAD OPERATIVA",
        "U.M.",
        "META FÍSICA ANUAL",
        "PROGRAMACIÓN FÍSICA",
        ...Array(15).fill(""),
        "OBSERVACIONES",
      ],
      ["", "", "", "", "", ...quarters, ""],
      ["", "", "", "", "", ...months, ""],
      [
        "1",
        "Gerencia",
        "Informes",
        "Informe",
        "13",
        ...["1", "1", "1", "3", "1", "1", "1", "3", "1", "1", "1", "3", "1", "1", "2", "3"],
        "ok",
      ],
    ]);
    expect(result.problems.map((p) => [p.line, p.column, p.message])).toEqual([
      [
        2,
        "OBSERVACIONES",
        "Columna desconocida «OBSERVACIONES» ignorada; sus valores se conservan como atributos",
      ],
      [
        5,
        "PROGRAMACIÓN FÍSICA IV TRIMESTRE TOTAL",
        "PROGRAMACIÓN FÍSICA IV TRIMESTRE TOTAL 3 no coincide con la suma de OCT–DIC (4)",
      ],
    ]);
    expect(result.draft.activities[0]?.programmed.PROGRAMADO?.quantity).toEqual([
      1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2,
    ]);
    expect(result.draft.activities[0]?.attributes).toEqual({ OBSERVACIONES: "ok" });
  });

  it("fills a unit down from a merged cell and takes a unit heading row for the rows below it", async () => {
    const result = await read([
      ["ÓRGANO", "ACTIVIDAD OPERATIVA", "META"],
      ["Gerencia de Rentas", "Fiscalizar", "10"],
      ["", "Cobrar", "20"],
      ["Gerencia de Obras"],
      ["", "Supervisar", "5"],
    ]);
    expect(result.problems).toEqual([]);
    expect(result.draft.activities.map((a) => [a.unitKey, a.name])).toEqual([
      ["GERENCIA DE RENTAS", "Fiscalizar"],
      ["GERENCIA DE RENTAS", "Cobrar"],
      ["GERENCIA DE OBRAS", "Supervisar"],
    ]);
  });

  it("joins an activity name broken across lines", async () => {
    const result = await read([
      ["ÓRGANO", "ACTIVIDAD OPERATIVA", "META", ...MONTHS],
      ["Gerencia", "Atención de reclamos y", "12", ...twelve("1")],
      ["", "sugerencias", "", ...twelve("")],
    ]);
    expect(result.problems).toEqual([]);
    expect(result.draft.activities.map((a) => a.name)).toEqual(["Atención de reclamos y sugerencias"]);
  });

  it("keeps a schedule of X marks as such, not as quantities", async () => {
    const result = await read([
      ["PLAN OPERATIVO ANUAL 2024"],
      ["DEPARTAMENTO DE: Catastro"],
      ["ACTIVIDADES", "METAS", "RESPONSABLE", ...MONTHS],
      [
        "Actualizar catastro",
        "Cumplir el 80%",
        "Jefe de catastro",
        "X",
        "X",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "X",
      ],
    ]);
    expect(result.problems).toEqual([]);
    expect(result.draft.kind).toBe("POA");
    expect(result.draft.activities[0]).toMatchObject({
      unitKey: "CATASTRO",
      goal: "Cumplir el 80%",
      responsible: "Jefe de catastro",
      measureKind: "progress",
      attributes: { Cronograma: "ENE, FEB, DIC" },
    });
  });

  it("takes a META column of sentences as the goal", async () => {
    const result = await read([
      ["ACTIVIDAD", "META", "DEPENDENCIA"],
      ["Capacitar al personal", "Capacitar al 90% del personal", "RRHH"],
    ]);
    expect(result.problems).toEqual([]);
    expect(result.draft.activities[0]).toMatchObject({
      goal: "Capacitar al 90% del personal",
      annualTarget: null,
    });
  });
});

describe("front ends", () => {
  it("reads UTF-16 text as Excel saves 'Unicode text'", async () => {
    const text = tabText([
      ["ÓRGANO", "ACTIVIDAD", "META"],
      ["Gerencia de Informática", "Soporte", "12"],
    ]);
    const bytes = new Uint8Array([0xff, 0xfe, ...iconv.encode(text, "utf-16le")]);
    const result = await readDocument({ fileName: "plan.txt", bytes }, { year: 2024 });
    expect(result.problems).toEqual([]);
    expect(result.draft.units[0]?.name).toBe("Gerencia de Informática");
  });

  it("reads an xlsx: the sheet with the plan among others, dates as dates, a formula without cached value named by cell", async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet("Portada").addRow(["Municipalidad de Prueba"]);
    const sheet = workbook.addWorksheet("POA 2024");
    sheet.addRow(["PLAN OPERATIVO ANUAL 2024"]);
    sheet.addRow(["PROYECTO", "ACTIVIDADES", "FECHA INICIAL", "FECHA FINAL", "UNIDAD", "META", "ENE", "FEB"]);
    sheet.addRow([
      "P1",
      "Uno",
      new Date(Date.UTC(2024, 0, 3)),
      new Date(Date.UTC(2024, 11, 23)),
      "Rentas",
      3,
      1,
      2,
    ]);
    sheet.addRow(["P1", "Dos", "03/02/2024", "30 de marzo", "Rentas", { formula: "G4+H4" }, 1, 1]);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const result = await readDocument({ fileName: "poa.xlsx", bytes });
    expect(result.problems.map(({ sheet, cell, column, code }) => ({ sheet, cell, column, code }))).toEqual([
      { sheet: "POA 2024", cell: "F4", column: "META", code: "unreadable_number" },
    ]);
    expect(result.problems[0]?.message).toMatch(/fórmula «=G4\+H4» no tiene valor calculado/);
    expect(result.draft).toMatchObject({ kind: "POI", year: 2024 });
    expect(result.draft.activities.map((a) => [a.name, a.startDate, a.endDate])).toEqual([
      ["Uno", "2024-01-03", "2024-12-23"],
    ]);
  });

  it("hands a CEPLAN export re-saved as xlsx to the CEPLAN reader", async () => {
    const html = readFileSync(
      new URL(
        "../../samples/ceplan/POI_PORACTIVIDADOPERATIVA_ANUAL_000127_20260619083724.xls",
        import.meta.url,
      ),
      "utf8",
    );
    const rows = [...html.matchAll(/<tr[^>]*>(.*?)<\/tr>/gs)].map((row) =>
      [...(row[1] ?? "").matchAll(/<td[^>]*>(.*?)<\/td>/gs)].map((cell) => cell[1] ?? ""),
    );
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet("POI").addRows(rows);
    const fromXlsx = await readDocument({
      fileName: "ceplan.xlsx",
      bytes: new Uint8Array(await workbook.xlsx.writeBuffer()),
    });
    const fromHtml = await readDocument({ fileName: "ceplan.xls", bytes: utf8(html) });
    expect(fromXlsx.problems.filter((p) => p.code === "not_a_plan")).toEqual([]);
    expect(fromXlsx.draft.activities.length).toBe(fromHtml.draft.activities.length);
    expect(fromXlsx.draft.title).toBe(fromHtml.draft.title);
  }, 60_000);
});
