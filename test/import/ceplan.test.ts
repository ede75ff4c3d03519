import { describe, expect, it } from "vitest";
import type { ActivityDraft, ReadResult } from "../../src/domain/plan-draft.js";
import { isCeplanHeader, readCeplanExport } from "../../src/import/ceplan.js";
import { htmlSheets } from "../../src/import/ceplan-html.js";
import type { Sheet } from "../../src/import/grid.js";
import { readDocument } from "../../src/import/read-document.js";
import { xlsxSheets } from "../../src/import/xlsx.js";
import {
  CEPLAN_SAMPLE,
  elaborationRows,
  exportHtml,
  exportXlsx,
  keepColumns,
  reversedColumns,
  sampleRows,
  sampleText,
  withCell,
} from "../fixtures/ceplan/variants.js";

const readHtml = (html: string, fileName = CEPLAN_SAMPLE) =>
  readCeplanExport(fileName, htmlSheets(html, fileName));
const errors = (result: ReadResult) => result.problems.filter((p) => p.severity === "error");
const warnings = (result: ReadResult) => result.problems.filter((p) => p.severity === "warning");

// What the file says, by a parse of its own (test/fixtures/ceplan/variants.ts), not by the reader.
const rows = sampleRows();
const [header = [], ...data] = rows;
const col = (name: string) => {
  const index = header.indexOf(name);
  if (index < 0) throw new Error(`no column ${name}`);
  return index;
};
const cell = (cells: readonly string[], name: string) => cells[col(name)] ?? "";
const activeRows = data.filter((cells) => cell(cells, "Activo AO") === "SI");
const fileSum = (name: string) => activeRows.reduce((sum, cells) => sum + Number(cell(cells, name) || 0), 0);
const month = (m: number) => String(m + 1).padStart(2, "0");
const FIVE = [0, 1, 2, 3, 4];

/** Month sums over active activities, as a planner would add the columns in Excel. */
function sums(
  activities: readonly ActivityDraft[],
  series: (a: ActivityDraft) => readonly (number | null)[] | undefined,
) {
  return Array.from({ length: 12 }, (_, m) =>
    activities.filter((a) => a.active).reduce((sum, a) => sum + (series(a)?.[m] ?? 0), 0),
  );
}
const round2 = (values: number[]) => values.map((v) => Math.round(v * 100) / 100);

/** An activity's figures, without where they came from: what must not change between formats. */
const figuresOf = (a: ActivityDraft) => ({
  code: a.code,
  unitKey: a.unitKey,
  annualTarget: a.annualTarget,
  active: a.active,
  cumulative: a.cumulative,
  programmed: a.programmed,
  executed: a.executed,
});

describe("the CEPLAN sample (INMP, POI 2026, SEGUIMIENTO)", () => {
  const result = readHtml(sampleText());
  const { draft } = result;

  it("is read as the export's table: a header and one row per activity", () => {
    expect(header).toHaveLength(277);
    expect(data).toHaveLength(268);
    const [sheet] = htmlSheets(sampleText(), CEPLAN_SAMPLE);
    expect(sheet?.rows).toHaveLength(rows.length);
    expect(sheet?.rows[0]).toEqual(header);
    expect(isCeplanHeader(header)).toBe(true);
  });

  it("is one POI plan of the executing unit, at its stage, with no error", () => {
    expect(errors(result)).toEqual([]);
    expect(draft.kind).toBe("POI");
    expect(draft.year).toBe(2026);
    expect(draft.stage).toBe("SEGUIMIENTO");
    expect(draft.institution).toEqual({ name: "INSTITUTO NACIONAL MATERNO PERINATAL", code: "000127" });
    expect(draft.title).toBe("POI 2026 — INSTITUTO NACIONAL MATERNO PERINATAL");
  });

  it("has the four programming phases, CS the baseline and RE the current", () => {
    expect(draft.versions.map((v) => [v.code, v.role])).toEqual([
      ["A", undefined],
      ["AJ", undefined],
      ["CS", "baseline"],
      ["RE", "current"],
    ]);
  });

  it("has 268 activities, each with its ID once", () => {
    expect(draft.activities).toHaveLength(data.length);
    expect(draft.activities).toHaveLength(268);
    expect(new Set(draft.activities.map((a) => a.code))).toEqual(
      new Set(data.map((cells) => cell(cells, "Actividad Operativa ID"))),
    );
  });

  it("has its units as the two-level tree: 17 CC Responsable over their Centros de Costo", () => {
    const strip = (code: string) => code.replace(/^'/, "");
    const responsible = new Set(data.map((cells) => strip(cell(cells, "CC Responsable ID"))));
    // A Centro de Costo with its CC Responsable's own ID ('06 under '06) is that same unit.
    const centres = new Set(
      data
        .filter((cells) => cell(cells, "Centro Costo ID") !== cell(cells, "CC Responsable ID"))
        .map((cells) => strip(cell(cells, "Centro Costo ID"))),
    );
    const parents = draft.units.filter((u) => !u.parentKey);
    const children = draft.units.filter((u) => u.parentKey);
    expect(new Set(parents.map((u) => u.code))).toEqual(responsible);
    expect(new Set(children.map((u) => u.code))).toEqual(centres);
    expect([parents.length, children.length]).toEqual([17, 38]);
    const keys = new Set(parents.map((u) => u.key));
    expect(children.every((u) => keys.has(u.parentKey ?? ""))).toBe(true);
    // Names as given: the glued-on code is another unit, not a typo to merge.
    const names = draft.units.map((u) => u.name);
    expect(names).toContain("DCCDEPARTAMENTO DE CUIDADOS CRITICOS");
    expect(names).toContain("DEPARTAMENTO DE CUIDADOS CRITICOS");
    const critical = draft.activities.find((a) => a.code === "AOI00012700201");
    expect(draft.units.find((u) => u.key === critical?.unitKey)).toMatchObject({
      name: "DCCDEPARTAMENTO DE CUIDADOS CRITICOS",
      code: "04.02",
    });
  });

  it("warns, once, of the CC Responsable the export leaves without a name", () => {
    expect(warnings(result).map((p) => p.code)).toEqual(["missing_unit_name"]);
    expect(draft.units.find((u) => u.code === "16")?.name).toBe("CC Responsable 16");
  });

  it("reads the current programming (RE) exactly: month sums and annual targets", () => {
    const programmed = sums(draft.activities, (a) => a.programmed.RE?.quantity);
    expect(programmed.slice(0, 5)).toEqual([145166, 145189, 145333, 145810, 145332]);
    expect(programmed).toEqual(Array.from({ length: 12 }, (_, m) => fileSum(`F(RE) ${month(m)}`)));
    const target = draft.activities.filter((a) => a.active).reduce((s, a) => s + (a.annualTarget ?? 0), 0);
    expect(target).toBe(fileSum("F(RE) Total"));
    expect(target).toBe(1743944);
  });

  it("reads the executed values (SE) January to May, nothing after", () => {
    const executed = sums(draft.activities, (a) => a.executed.quantity);
    expect(executed.slice(0, 5)).toEqual([263616, 227122, 244913, 235076, 211555]);
    expect(executed.slice(0, 5)).toEqual(FIVE.map((m) => fileSum(`F(SE) ${month(m)}`)));
    // Nothing registered after May: null, not 0.
    expect(draft.activities.every((a) => a.executed.quantity.slice(5).every((v) => v === null))).toBe(true);
    // …and a registered 0 stays 0.
    expect(draft.activities.some((a) => a.executed.quantity[4] === 0)).toBe(true);
  });

  it("keeps money beside the quantities", () => {
    const money = round2(sums(draft.activities, (a) => a.executed.money));
    expect(money.slice(0, 5)).toEqual(round2(FIVE.map((m) => fileSum(`Fn(SE) ${month(m)}`))));
    expect(money[0]).toBeCloseTo(14213847.95, 2);
    const programmedMoney = round2(sums(draft.activities, (a) => a.programmed.RE?.money));
    expect(programmedMoney).toEqual(
      round2(Array.from({ length: 12 }, (_, m) => fileSum(`Fn(RE) ${month(m)}`))),
    );
  });

  it("keeps the baseline (CS) apart from the current programming", () => {
    const baseline = sums(draft.activities, (a) => a.programmed.CS?.quantity);
    expect(baseline).toEqual(Array.from({ length: 12 }, (_, m) => fileSum(`F(CS) ${month(m)}`)));
    expect(baseline).not.toEqual(sums(draft.activities, (a) => a.programmed.RE?.quantity));
  });

  it("keeps withdrawn activities, inactive and with no figures", () => {
    const withdrawn = draft.activities.filter((a) => !a.active);
    expect(withdrawn).toHaveLength(data.length - activeRows.length);
    expect(withdrawn).toHaveLength(64);
    for (const a of withdrawn) {
      expect(a.programmed).toEqual({});
      expect(a.executed.quantity.every((v) => v === null)).toBe(true);
      expect(a.annualTarget).toBeNull();
    }
  });

  it("keeps the monthly explanations (Motivo) as comments of the executed values", () => {
    const withJanuary = data.filter((cells) => cell(cells, "Motivo(SE) 01") !== "").length;
    expect(withJanuary).toBeGreaterThan(0);
    expect(draft.activities.filter((a) => a.executed.comments?.[0])).toHaveLength(withJanuary);
    const first = data.find((cells) => cell(cells, "Motivo(SE) 01"));
    const activity = draft.activities.find((a) => a.code === cell(first ?? [], "Actividad Operativa ID"));
    expect(activity?.executed.comments?.[0]).toBe(cell(first ?? [], "Motivo(SE) 01"));
  });

  it("maps an activity's own columns and keeps every other one as an attribute", () => {
    const a = draft.activities.find((x) => x.code === "AOI00012700201");
    expect(a).toMatchObject({
      name: "3329501 - ATENCION DEL PARTO NORMAL",
      budgetActivity: "BRINDAR ATENCION DE PARTO NORMAL",
      unitOfMeasure: "PARTO NORMAL",
      priority: 1,
      cumulative: true,
      active: false,
      oeiCode: "OEI.03",
      aeiCode: "AEI.03.10",
      measureKind: "quantity",
      source: { file: CEPLAN_SAMPLE, row: 2, column: "Actividad Operativa ID" },
    });
    expect(a?.attributes).toMatchObject({
      Sector: "SALUD",
      "Sector ID": "11",
      Pliego: "M. DE SALUD",
      "Nro Registro POI": "20260001270045",
      "Producto ID": "3033295",
      "Distrito Nombre UBIGEO": "LIMA",
      Tipo: "ANUAL",
      Prioridad: "1 : Muy Alta",
    });
    const approved = draft.activities.find((x) => x.active);
    expect(approved?.attributes["Estado(SE)"]).toBe("APROBADO");
    // RE_P / SE_P are the application's drafts: neither figures nor attributes.
    expect(Object.keys(approved?.attributes ?? {}).some((k) => k.includes("_P)"))).toBe(false);
  });

  it("reads the same through the import entry point (format sniffed from the bytes)", async () => {
    const viaDocument = await readDocument({
      fileName: CEPLAN_SAMPLE,
      bytes: new TextEncoder().encode(sampleText()),
    });
    expect(viaDocument.draft.activities.map(figuresOf)).toEqual(draft.activities.map(figuresOf));
  });
});

describe("other exports of the same report", () => {
  const sample = readHtml(sampleText());
  // Writing and loading a 269 × 277 workbook takes seconds: once for the tests that share it.
  const xlsx = exportXlsx(rows);

  it("an ELABORACION-stage file (only F(A), no money, no monitoring) still reads", () => {
    const result = readHtml(exportHtml(elaborationRows(rows)));
    expect(errors(result)).toEqual([]);
    const { draft } = result;
    expect(draft.stage).toBe("ELABORACION");
    expect(draft.versions).toEqual([{ code: "A", name: expect.any(String), role: "current" }]);
    expect(draft.activities).toHaveLength(268);
    expect(draft.units).toHaveLength(sample.draft.units.length);
    expect(draft.activities.every((a) => a.active && a.executed.money === undefined)).toBe(true);
    expect(draft.activities.every((a) => a.executed.quantity.every((v) => v === null))).toBe(true);
    expect(draft.activities.every((a) => a.executed.comments === undefined)).toBe(true);
    const approved = sums(draft.activities, (a) => a.programmed.A?.quantity);
    expect(approved).toEqual(
      Array.from({ length: 12 }, (_, m) =>
        data.reduce((s, c) => s + Number(cell(c, `F(A) ${month(m)}`) || 0), 0),
      ),
    );
    const withTarget = draft.activities.find((a) => a.annualTarget !== null);
    const source = data.find((c) => cell(c, "Actividad Operativa ID") === withTarget?.code) ?? [];
    expect(withTarget?.annualTarget).toBe(Number(cell(source, "F(A) Total")));
  });

  it("without CS the earliest phase is the baseline", () => {
    const { draft } = readHtml(exportHtml(keepColumns(rows, (h) => !h.includes("(CS)"))));
    expect(draft.versions.map((v) => [v.code, v.role])).toEqual([
      ["A", "baseline"],
      ["AJ", undefined],
      ["RE", "current"],
    ]);
  });

  it("without RE the latest phase is the current programming", () => {
    const { draft } = readHtml(exportHtml(keepColumns(rows, (h) => !/\((RE|CS)\)/.test(h))));
    expect(draft.versions.map((v) => [v.code, v.role])).toEqual([
      ["A", "baseline"],
      ["AJ", "current"],
    ]);
    const a = draft.activities.find((x) => x.active && x.programmed.AJ);
    const source = data.find((c) => cell(c, "Actividad Operativa ID") === a?.code) ?? [];
    expect(a?.annualTarget).toBe(Number(cell(source, "F(AJ) Total")));
  });

  it("columns in another order give the same figures (columns are found by name)", () => {
    const result = readHtml(exportHtml(reversedColumns(rows)));
    expect(errors(result)).toEqual([]);
    expect(result.draft.activities.map(figuresOf)).toEqual(sample.draft.activities.map(figuresOf));
    expect(result.draft.units).toEqual(sample.draft.units);
  });

  it("an .xlsx re-save gives identical figures", async () => {
    const sheets = await xlsxSheets(await xlsx, "poi.xlsx");
    const result = readCeplanExport("poi.xlsx", sheets);
    expect(errors(result)).toEqual([]);
    const { draft } = result;
    expect({ ...draft, activities: [] }).toEqual({ ...sample.draft, activities: [] });
    expect(draft.activities.map(figuresOf)).toEqual(sample.draft.activities.map(figuresOf));
    expect(draft.activities.map((a) => a.attributes)).toEqual(
      sample.draft.activities.map((a) => a.attributes),
    );
    expect(draft.activities[0]?.source).toEqual({
      file: "poi.xlsx",
      sheet: "POI_PORACTIVIDADOPERATIVA",
      cell: `${columnLetters(col("Actividad Operativa ID"))}2`,
      column: "Actividad Operativa ID",
    });
  });

  it("the .xlsx goes through the import entry point too", async () => {
    const result = await readDocument({ fileName: "poi.xlsx", bytes: await xlsx });
    expect(result.draft.activities.map(figuresOf)).toEqual(sample.draft.activities.map(figuresOf));
  });
});

/** `A`, `B`, …, `AA` for a 0-based column. */
function columnLetters(index: number): string {
  let letters = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

describe("what is wrong, said precisely", () => {
  const activeRow = rows.findIndex((cells, r) => r > 0 && cell(cells, "Activo AO") === "SI");

  it("letters in a number: an error naming row and column, and that row is not imported", () => {
    const result = readHtml(exportHtml(withCell(rows, activeRow, "F(RE) 03", "1O.00")));
    expect(errors(result)).toEqual([
      expect.objectContaining({
        code: "unreadable_number",
        row: activeRow + 1,
        column: "F(RE) 03",
        message: expect.stringContaining("«1O.00»"),
      }),
    ]);
    expect(result.draft.activities).toHaveLength(267);
  });

  it("the same broken cell in an .xlsx is cited by sheet and cell", async () => {
    const bytes = await exportXlsx(withCell(rows, activeRow, "F(RE) 03", "1O.00"));
    const result = readCeplanExport("poi.xlsx", await xlsxSheets(bytes, "poi.xlsx"));
    expect(errors(result)).toEqual([
      expect.objectContaining({
        sheet: "POI_PORACTIVIDADOPERATIVA",
        cell: `${columnLetters(col("F(RE) 03"))}${activeRow + 1}`,
        column: "F(RE) 03",
      }),
    ]);
  });

  it("a negative number is an error", () => {
    const result = readHtml(exportHtml(withCell(rows, activeRow, "Fn(SE) 02", "-5.00")));
    expect(errors(result)).toEqual([
      expect.objectContaining({ code: "negative_number", row: activeRow + 1, column: "Fn(SE) 02" }),
    ]);
  });

  it("a repeated Actividad Operativa ID is an error on the second row, citing the first", () => {
    const duplicated = withCell(
      rows,
      2,
      "Actividad Operativa ID",
      cell(rows[1] ?? [], "Actividad Operativa ID"),
    );
    const result = readHtml(exportHtml(duplicated));
    expect(errors(result)).toEqual([
      expect.objectContaining({
        code: "duplicate_activity",
        row: 3,
        message: expect.stringContaining("fila 2"),
      }),
    ]);
    expect(result.draft.activities).toHaveLength(267);
  });

  it("a Total that is not the sum of its months is a warning with both numbers", () => {
    const cells = rows[activeRow] ?? [];
    const total = Number(cell(cells, "F(RE) Total"));
    const result = readHtml(exportHtml(withCell(rows, activeRow, "F(RE) Total", (total + 1).toFixed(2))));
    expect(errors(result)).toEqual([]);
    const mismatch = warnings(result).find((p) => p.code === "total_mismatch");
    expect(mismatch).toMatchObject({ row: activeRow + 1, column: "F(RE) Total" });
    expect(mismatch?.message).toContain(String(total + 1));
    expect(mismatch?.message).toContain(String(total));
  });

  it("no year in the file is an error of the whole file (no row to skip), unless one is given", () => {
    const html = exportHtml(keepColumns(rows, (h) => h !== "POI"));
    const result = readHtml(html);
    expect(errors(result)).toEqual([
      { file: CEPLAN_SAMPLE, severity: "error", code: "missing_year", message: expect.any(String) },
    ]);
    expect(result.draft.activities).toHaveLength(268);
    const given = readCeplanExport(CEPLAN_SAMPLE, htmlSheets(html, CEPLAN_SAMPLE), { year: 2026 });
    expect(errors(given)).toEqual([]);
    expect(given.draft.title).toBe("POI 2026 — INSTITUTO NACIONAL MATERNO PERINATAL");
  });

  it("a row of another plan is reported", () => {
    const result = readHtml(exportHtml(withCell(rows, 5, "UE ID", "'000999")));
    expect(warnings(result)).toContainEqual(
      expect.objectContaining({ code: "mixed_plan", row: 6, column: "UE ID" }),
    );
    expect(result.draft.institution?.code).toBe("000127");
  });

  it("a missing required column refuses the file, naming the column", () => {
    const result = readHtml(exportHtml(keepColumns(rows, (h) => h !== "Actividad Operativa")));
    expect(errors(result)).toEqual([
      expect.objectContaining({ code: "missing_column", column: "Actividad Operativa" }),
    ]);
    expect(result.draft.activities).toEqual([]);
  });
});

describe("readCeplanExport on small tables", () => {
  const HEADER = [
    "POI",
    "UE ID",
    "UE",
    "Centro Costo ID",
    "Centro de Costo",
    "Actividad Operativa ID",
    "Actividad Operativa",
    "Acumulado",
  ];
  const months = (phase: string) => [
    ...Array.from({ length: 12 }, (_, m) => `F(${phase}) ${month(m)}`),
    `F(${phase}) Total`,
  ];
  const sheet = (cells: string[][]): Sheet => ({
    rows: cells,
    locate: (row, c) => ({ file: "t.xls", row: row + 1, column: cells[0]?.[c] ?? "" }),
  });
  const row = (acumulado: string, values: string[], total: string) => [
    "2026",
    "'000001",
    "MUNICIPALIDAD",
    "'01",
    "GERENCIA",
    "AO1",
    "VIGILANCIA",
    acumulado,
    ...values,
    total,
  ];
  const year = (...values: string[]) => [...values, ...Array.from({ length: 12 - values.length }, () => "")];

  it("a non-cumulative quantity's Total may be its last month; otherwise it is reported", () => {
    const header = [...HEADER, ...months("RE")];
    const fine = readCeplanExport("t.xls", [sheet([header, row("NO", year("5", "6", "7"), "7.00")])]);
    expect(fine.problems).toEqual([]);
    expect(fine.draft.activities[0]).toMatchObject({ cumulative: false, annualTarget: 7 });
    expect(fine.draft.units).toEqual([{ key: "/C:01", name: "GERENCIA", code: "01" }]);
    const wrong = readCeplanExport("t.xls", [sheet([header, row("NO", year("5", "6", "7"), "99")])]);
    expect(wrong.problems).toEqual([
      expect.objectContaining({ severity: "warning", code: "total_mismatch", column: "F(RE) Total" }),
    ]);
    const cumulative = readCeplanExport("t.xls", [sheet([header, row("SI", year("5", "6", "7"), "7")])]);
    expect(cumulative.problems).toEqual([
      expect.objectContaining({ message: "F(RE) Total 7 ≠ suma de los meses 18" }),
    ]);
  });

  it("header names match without accents or case; no phase columns at all still reads", () => {
    const header = HEADER.map((h) => h.toLowerCase());
    const result = readCeplanExport("t.xls", [sheet([header, row("SI", [], "").slice(0, 8)])]);
    expect(result.problems).toEqual([]);
    expect(result.draft.versions).toEqual([]);
    expect(result.draft.activities).toHaveLength(1);
  });

  it("a file without the export's header is not taken for one", () => {
    expect(isCeplanHeader(["ORGANO", "ACTIVIDAD OPERATIVA", "META", "ENE"])).toBe(false);
    expect(isCeplanHeader(["actividad operativa id", "f(re) 01"])).toBe(true);
    const result = readCeplanExport("t.xls", [sheet([["ORGANO", "ACTIVIDAD"]])]);
    expect(errors(result)).toEqual([expect.objectContaining({ code: "not_a_plan" })]);
  });
});

describe("htmlSheets", () => {
  it("decodes entities, turns <br> into a new line, spreads colspan and cites by row and header", () => {
    const html =
      "<table><tr><th>Código</th><th>Nombre</th><th>Meta</th></tr>" +
      "<tr><td> 'A1 </td><td>Salud &amp; Vida<br>Norte</td><td>1.00</td></tr>" +
      "<tr><td colspan=2>Total</td><td>1.00</td></tr></table>";
    const [sheet, ...others] = htmlSheets(html, "f.xls");
    expect(others).toEqual([]);
    expect(sheet?.rows).toEqual([
      ["Código", "Nombre", "Meta"],
      ["'A1", "Salud & Vida\nNorte", "1.00"],
      ["Total", "", "1.00"],
    ]);
    expect(sheet?.locate(1, 2)).toEqual({ file: "f.xls", row: 2, column: "Meta" });
  });

  it("reads each table as its own sheet, a nested one included, and unclosed cells", () => {
    const html =
      "<table><tr><td>a<td>b<tr><td>c<table><tr><td>x</table></td></tr></table><table><tr><td>z</table>";
    expect(htmlSheets(html, "f.xls").map((s) => s.rows)).toEqual([[["x"]], [["a", "b"], ["c"]], [["z"]]]);
  });
});
