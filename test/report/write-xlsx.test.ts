import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { LIGHT_FILLS, PCT_FORMAT, QUANTITY_FORMAT, writeXlsx } from "../../src/report/write-xlsx.js";
import { expectSeedFigures, readBack } from "../fixtures/report/round-trip.js";
import { buildPoiReport, buildUnitsReport, datesReport } from "../fixtures/report/seed-004-report.js";
import { haveBinaries, outputDir } from "../fixtures/report/tools.js";

async function load(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as never);
  return workbook;
}

function rowStarting(sheet: ExcelJS.Worksheet, text: string): ExcelJS.Row {
  let found: ExcelJS.Row | undefined;
  sheet.eachRow((row) => {
    if (!found && row.getCell(1).value === text) found = row;
  });
  if (!found) throw new Error(`no row starts with ${text}`);
  return found;
}

function fillOf(cell: ExcelJS.Cell): string | undefined {
  const fill = cell.fill;
  return fill?.type === "pattern" ? fill.fgColor?.argb : undefined;
}

describe("writeXlsx — POI report of seed 004, I Trimestre 2021", () => {
  let buffer: Buffer;
  let sheet: ExcelJS.Worksheet;
  const report = buildPoiReport({ subtotals: true });

  beforeAll(async () => {
    buffer = await writeXlsx(report);
    writeFileSync(join(outputDir(), "poi-q1.xlsx"), buffer);
    const workbook = await load(buffer);
    expect(workbook.worksheets).toHaveLength(1);
    sheet = workbook.worksheets[0] as ExcelJS.Worksheet;
  });

  it("names the sheet after its section and opens with the title block", () => {
    expect(sheet.name).toBe("POI I Trimestre 2021");
    expect(sheet.getCell("A1").value).toBe("Seguimiento del POI — I Trimestre 2021");
    const text = (address: string) => sheet.getCell(address).text;
    expect(text("A2")).toBe("Entidad: SERVICIO DE ADMINISTRACIÓN TRIBUTARIA DE PRUEBA (SAT)");
    expect(text("A3")).toBe("Plan: PLAN OPERATIVO INSTITUCIONAL 2021 (POI 2021)");
    expect(text("A4")).toBe("Periodo: I Trimestre 2021");
    expect(text("A5")).toBe("Fecha de emisión: 15/04/2021 10:30");
  });

  it("has the two-level header frozen above the rows and repeated on every printed page", () => {
    expect(sheet.getCell("A7").value).toBe("ÓRGANO/UNIDAD ORGÁNICA");
    expect(sheet.getCell("F7").value).toBe("PROGRAMADO");
    expect(sheet.getCell("F8").value).toBe("ENE");
    expect(sheet.getCell("Q8").value).toBe("DIC");
    expect(sheet.getCell("R7").value).toBe("EJECUTADO");
    expect(sheet.getCell("U7").value).toBe("I TRIM");
    expect(sheet.getCell("U8").value).toBe("PROG");
    // Groups merged across their months; other labels merged down both header rows.
    expect(sheet.getCell("Q7").isMerged && sheet.getCell("Q7").master.address).toBe("F7");
    expect(sheet.getCell("A8").master.address).toBe("A7");
    const [view] = sheet.views;
    expect(view).toMatchObject({ state: "frozen", ySplit: 8, xSplit: 2 });
    expect(sheet.pageSetup.printTitlesRow).toBe("7:8");
    expect(sheet.pageSetup.orientation).toBe("landscape");
  });

  it("stores numbers as numbers with #,##0 and 0.0%", () => {
    const total = rowStarting(sheet, "TOTAL");
    const meta = total.getCell(5);
    expect(meta.value).toBe(6350);
    expect(meta.numFmt).toBe(QUANTITY_FORMAT);
    expect(meta.font?.bold).toBe(true);
    expect(total.getCell(21).value).toBe(1543);
    expect(total.getCell(22).value).toBe(1494);
    expect(total.getCell(21).numFmt).toBe(QUANTITY_FORMAT);
    const pct = total.getCell(23);
    expect(pct.value).toBeCloseTo(0.9682, 4);
    expect(pct.numFmt).toBe(PCT_FORMAT);
    expect(total.getCell(24).value).toBe("Verde");
    let numbers = 0;
    let texts = 0;
    sheet.eachRow((row, r) => {
      if (r <= 8) return;
      for (let col = 5; col <= 22; col++) {
        const value = row.getCell(col).value;
        if (typeof value === "number") numbers++;
        else if (value !== null && value !== undefined) texts++;
      }
    });
    expect(numbers).toBeGreaterThan(78 * 15);
    expect(texts).toBe(0);
  });

  it("colours the lights: the activity of ORGANO DE CONTROL INSTITUCIONAL red, the TOTAL green", () => {
    const oci = rowStarting(sheet, "ORGANO DE CONTROL INSTITUCIONAL");
    // The first row with that name is the unit heading; its activity follows.
    const activity = sheet.getRow(oci.number + 1);
    expect(activity.getCell(2).value).toBe("EJECUCIÓN DEL CONTROL GUBERNAMENTAL");
    expect(activity.getCell(24).value).toBe("Rojo");
    expect(fillOf(activity.getCell(24))).toBe(LIGHT_FILLS.red.fill);
    expect(fillOf(rowStarting(sheet, "TOTAL").getCell(24))).toBe(LIGHT_FILLS.green.fill);
    const subtotal = rowStarting(sheet, "Subtotal ORGANO DE CONTROL INSTITUCIONAL");
    expect(subtotal.getCell(1).font?.bold).toBe(true);
    expect(subtotal.getCell(23).value).toBeCloseTo(0.625, 6);
  });

  it("has a legend of the lights from the thresholds, and the notes", () => {
    const green = rowStarting(sheet, "Verde: ejecución ≥ 90 %");
    expect(fillOf(green.getCell(1))).toBe(LIGHT_FILLS.green.fill);
    expect(fillOf(rowStarting(sheet, "Ámbar: ≥ 75 % y < 90 %").getCell(1))).toBe(LIGHT_FILLS.amber.fill);
    expect(fillOf(rowStarting(sheet, "Rojo: < 75 %").getCell(1))).toBe(LIGHT_FILLS.red.fill);
    expect(rowStarting(sheet, "Notas:").number).toBeGreaterThan(rowStarting(sheet, "TOTAL").number);
  });

  it("sizes the columns to what they hold", () => {
    const width = (col: number) => sheet.getColumn(col).width ?? 0;
    expect(width(2)).toBeGreaterThan(width(1) - 1); // activities are the longest texts
    expect(width(2)).toBeLessThanOrEqual(80);
    expect(width(6)).toBeGreaterThanOrEqual(6); // ENE
    expect(width(6)).toBeLessThan(10);
    expect(width(5)).toBeGreaterThanOrEqual("6,350".length + 2);
  });

  it("round trip: read back by Avance's importer, it gives the figures of seed 004", async () => {
    expectSeedFigures(await readBack("poi-q1.xlsx", buffer));
  });

  it("round trip without subtotals", async () => {
    expectSeedFigures(await readBack("poi-q1-plain.xlsx", await writeXlsx(buildPoiReport())));
  });

  it("dates the workbook by the report's issue date, not by the clock", async () => {
    const workbook = await load(buffer);
    expect(workbook.created.toISOString()).toBe("2021-04-15T15:30:00.000Z");
    expect(workbook.modified.toISOString()).toBe("2021-04-15T15:30:00.000Z");
  });

  it("opens in LibreOffice: --convert-to pdf succeeds", { timeout: 180_000 }, async (context) => {
    if (!haveBinaries("xlsx → PDF con LibreOffice", "libreoffice", "pdfinfo")) {
      context.skip();
      return;
    }
    const dir = outputDir("libreoffice");
    const units = await writeXlsx(buildUnitsReport());
    const files = [join(dir, "poi-q1.xlsx"), join(dir, "units-q1.xlsx")];
    writeFileSync(files[0] as string, buffer);
    writeFileSync(files[1] as string, units);
    // A profile of its own: a LibreOffice already open (or another test run) cannot block it.
    const profile = mkdtempSync(join(tmpdir(), "avance-lo-"));
    try {
      const result = spawnSync(
        "libreoffice",
        [
          `-env:UserInstallation=${pathToFileURL(profile).href}`,
          "--headless",
          "--convert-to",
          "pdf",
          "--outdir",
          dir,
          ...files,
        ],
        { encoding: "utf8", timeout: 170_000 },
      );
      expect(result.status, result.stderr).toBe(0);
    } finally {
      rmSync(profile, { recursive: true, force: true });
    }
    for (const name of ["poi-q1.pdf", "units-q1.pdf"]) {
      const pdf = join(dir, name);
      expect(existsSync(pdf), name).toBe(true);
      expect(statSync(pdf).size).toBeGreaterThan(10_000);
      const info = spawnSync("pdfinfo", [pdf], { encoding: "utf8" });
      expect(info.stdout).toMatch(/Pages:\s+[1-9]/);
    }
    // The unit summary fits one page: its TOTAL is not left alone on a second one.
    expect(spawnSync("pdfinfo", [join(dir, "units-q1.pdf")], { encoding: "utf8" }).stdout).toMatch(
      /Pages:\s+1\n/,
    );
  });
});

describe("writeXlsx — unit summary", () => {
  it("writes one row per unit with its light, the red count and the TOTAL", async () => {
    const workbook = await load(await writeXlsx(buildUnitsReport()));
    const sheet = workbook.worksheets[0] as ExcelJS.Worksheet;
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 7, xSplit: 1 });
    const oci = rowStarting(sheet, "ORGANO DE CONTROL INSTITUCIONAL");
    expect(oci.getCell(5).value).toBe(0.625);
    expect(oci.getCell(6).value).toBe("Rojo");
    expect(fillOf(oci.getCell(6))).toBe(LIGHT_FILLS.red.fill);
    const gsa = rowStarting(sheet, "GERENCIA DE SERVICIOS AL ADMINISTRADO");
    expect(gsa.getCell(5).value).toBeCloseTo(0.832, 3);
    expect(gsa.getCell(6).value).toBe("Ámbar");
    expect(fillOf(gsa.getCell(6))).toBe(LIGHT_FILLS.amber.fill);
    expect(gsa.getCell(7).value).toBe(2);
    const total = rowStarting(sheet, "TOTAL");
    expect([total.getCell(2).value, total.getCell(3).value, total.getCell(4).value]).toEqual([
      78, 1543, 1494,
    ]);
  });

  it("gives every section a sheet with a valid, unique name", async () => {
    const report = buildUnitsReport();
    const section = report.sections[0];
    if (!section) throw new Error("no section");
    report.sections = [
      { ...section, title: "Resumen: por unidad / I Trimestre [2021] con un título muy largo" },
      { ...section, title: "Resumen: por unidad / I Trimestre [2021] con un título muy largo" },
    ];
    const workbook = await load(await writeXlsx(report));
    const names = workbook.worksheets.map((sheet) => sheet.name);
    expect(names).toHaveLength(2);
    expect(new Set(names).size).toBe(2);
    for (const name of names) {
      expect(name.length).toBeLessThanOrEqual(31);
      expect(name).not.toMatch(/[[\]:*?/\\]/);
    }
  });

  it("stores dates as dates, shown day first; a date-time keeps its time", async () => {
    const report = datesReport();
    const sheet = (await load(await writeXlsx(report))).worksheets[0] as ExcelJS.Worksheet;
    const [start, at] = [sheet.getCell("A8"), sheet.getCell("B8")];
    expect(start.value).toEqual(new Date("2023-01-03T00:00:00Z"));
    expect(start.numFmt).toBe("dd/mm/yyyy");
    expect(at.value).toEqual(new Date("2021-04-05T14:03:00Z"));
    expect(at.numFmt).toBe("dd/mm/yyyy hh:mm");
  });
});
