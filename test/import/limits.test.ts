/**
 * Every reader stops at its limits: a crafted document (test/fixtures/import/crafted.ts) gets
 * one problem naming the file and the limit, instead of filling memory or the CPU; documents
 * within the limits read as before. How fast each is refused is measured in bench/limits.ts.
 */
import { describe, expect, it } from "vitest";
import type { Problem } from "../../src/domain/plan-draft.js";
import { readDocument } from "../../src/import/read-document.js";
import { xlsxSheets } from "../../src/import/xlsx.js";
import * as crafted from "../fixtures/import/crafted.js";
import { POA_SEED, seedText, utf8, xlsxOf } from "../fixtures/import/generate.js";

async function refusalOf(fileName: string, bytes: Uint8Array | string, limits = {}) {
  const result = await readDocument(
    { fileName, bytes: typeof bytes === "string" ? utf8(bytes) : bytes },
    { limits },
  );
  expect(result.draft.activities).toEqual([]);
  expect(result.problems).toHaveLength(1);
  const problem = result.problems[0] as Problem;
  expect(problem).toMatchObject({ file: fileName, severity: "error", code: "not_a_plan" });
  return problem;
}

describe("xlsx limits", () => {
  it("refuses 24 sheets with one row numbered 10,000,000 (9 KB) before filling any row", async () => {
    const bytes = await crafted.sparseRows();
    expect(bytes.length).toBeLessThan(10_000);
    expect(await refusalOf("dispersas.xlsx", bytes)).toEqual({
      file: "dispersas.xlsx",
      sheet: "Hoja1",
      cell: "A10000000",
      severity: "error",
      code: "not_a_plan",
      message:
        "La hoja «Hoja1» llega a la fila 10,000,000; el máximo es 200,000 filas por hoja: divida el documento",
    });
  });

  it("reads a sheet whose last row is the 200,000th", async () => {
    const result = await readDocument({ fileName: "alta.xlsx", bytes: await crafted.tallSheets(1) });
    expect(result.problems.map((problem) => problem.message)).toEqual([
      expect.stringContaining("No se reconoce un plan operativo"),
    ]);
  });

  it("refuses sheets within the row limit that pass a million rows together", async () => {
    expect(await refusalOf("altas.xlsx", await crafted.tallSheets(6))).toMatchObject({
      sheet: "Hoja6",
      message:
        "El documento tiene más de 1,000,000 filas entre todas sus hojas, el máximo: divídalo en documentos más pequeños",
    });
  });

  it("refuses a cell in column XFD (16,384) before filling the cells on its left", async () => {
    expect(await refusalOf("ancha.xlsx", await crafted.wideRow())).toMatchObject({
      sheet: "Hoja1",
      cell: "XFD1",
      message: "La fila 1 de la hoja «Hoja1» llega a la columna 16,384; el máximo es 1,000 columnas",
    });
  });

  // ExcelJS spools each sheet of a workbook without shared strings (inline texts, as these
  // crafted ones) to a temporary file, and lost some at random: 33 of 40, then 4 of 6.
  it("reads every one of 40 sheets of inline texts, each time", async () => {
    const bytes = await crafted.manySheets(40);
    const names = Array.from({ length: 40 }, (_, i) => `Hoja${i + 1}`);
    for (let run = 0; run < 3; run++)
      expect((await xlsxSheets(bytes, "hojas.xlsx")).map((sheet) => sheet.name)).toEqual(names);
  });

  it("refuses 60 worksheets before reading any", async () => {
    expect((await refusalOf("hojas.xlsx", await crafted.manySheets(60))).message).toBe(
      "El documento tiene 60 hojas; el máximo es 50: deje solo las del plan",
    );
  });

  it("refuses a zip of 10,001 empty entries besides its sheet before reading its directory", async () => {
    expect((await refusalOf("partes.xlsx", await crafted.manyEntries(10_001))).message).toBe(
      "El libro tiene más de 10,000 partes (entradas del zip), el máximo",
    );
  });

  it("refuses a zip bomb (a sheet of 600 MB in 1.2 MB of zip) before inflating it", async () => {
    const bytes = crafted.zipBomb(600);
    expect(bytes.length).toBeLessThan(2 * 1024 * 1024);
    expect((await refusalOf("bomba.xlsx", bytes)).message).toBe(
      "El libro ocupa más de 512 MB descomprimido, el máximo: divídalo en libros más pequeños",
    );
  });

  it("refuses a sheet that inflates to more than its zip directory says, as soon as it does", async () => {
    expect((await refusalOf("mentira.xlsx", crafted.lyingZip())).message).toBe(
      "La parte xl/worksheets/sheet1.xml del libro se descomprime en más de lo que declara: el archivo está dañado o manipulado",
    );
  });

  it("refuses a table of more than a million shared texts", async () => {
    expect((await refusalOf("textos.xlsx", await crafted.sharedStrings(1_000_001))).message).toBe(
      "El libro tiene más de 1,000,000 textos en su tabla de textos compartidos (xl/sharedStrings.xml), el máximo",
    );
  });

  it("stops a read past its time", async () => {
    const bytes = await xlsxOf(seedText(POA_SEED));
    expect((await readDocument({ fileName: "000.xlsx", bytes })).draft.activities.length).toBeGreaterThan(0);
    expect((await refusalOf("000.xlsx", bytes, { seconds: 0 })).message).toBe(
      "La lectura del documento pasó de 0 s, el máximo: divídalo en documentos más pequeños",
    );
  });
});

describe("HTML limits", () => {
  it("refuses 100,000 <div> nested in one cell at the 257th", async () => {
    expect((await refusalOf("anidado.xls", crafted.deepHtml(100_000))).message).toBe(
      "El documento tiene más de 256 elementos HTML uno dentro de otro, el máximo",
    );
  });

  it("reads a cell nested 250 deep", async () => {
    const result = await readDocument({ fileName: "anidado.xls", bytes: utf8(crafted.deepHtml(250)) });
    expect(result.problems.map((problem) => problem.message)).not.toContainEqual(
      expect.stringContaining("uno dentro de otro"),
    );
  });

  it("refuses 51 tables", async () => {
    expect((await refusalOf("tablas.xls", crafted.manyTables(51))).message).toBe(
      "El documento tiene más de 50 tablas; el máximo es 50: deje solo las del plan",
    );
  });
});

describe("text limits", () => {
  it("refuses the 200,001st line", async () => {
    expect(await refusalOf("larga.txt", crafted.tallText(200_001))).toMatchObject({
      line: 200_001,
      message: "El archivo llega a la fila 200,001; el máximo es 200,000 filas por hoja: divida el documento",
    });
  });

  it("refuses a CSV line of 1,001 cells", async () => {
    expect(await refusalOf("ancha.csv", crafted.wideCsv(1_001))).toMatchObject({
      line: 2,
      message: "La fila 2 del archivo llega a la columna 1,001; el máximo es 1,000 columnas",
    });
  });

  it("refuses 5.4 million cells (6,000 lines of 900)", async () => {
    expect((await refusalOf("celdas.txt", crafted.manyCells(6_000, 900))).message).toBe(
      "El documento tiene más de 5,000,000 celdas, el máximo: divídalo en documentos más pequeños",
    );
  });
});
