import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Report } from "../../src/report/model.js";
import { writeCsv } from "../../src/report/write-csv.js";
import { expectSeedFigures, readBack } from "../fixtures/report/round-trip.js";
import { buildPoiReport, buildUnitsReport, datesReport } from "../fixtures/report/seed-004-report.js";
import { outputDir } from "../fixtures/report/tools.js";

function lines(buffer: Buffer): string[] {
  return buffer
    .toString("utf8")
    .replace(/^\uFEFF/, "")
    .split("\r\n");
}

/** Fields of a comma-separated line (quoted fields may hold commas). */
function fields(line: string, delimiter = ","): string[] {
  const out: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === delimiter) {
      out.push(field);
      field = "";
    } else field += char;
  }
  out.push(field);
  return out;
}

describe("writeCsv — POI report of seed 004, I Trimestre 2021", () => {
  const report = buildPoiReport();
  const csv = writeCsv(report);
  writeFileSync(join(outputDir(), "poi-q1.csv"), csv);

  it("starts with the UTF-8 BOM and keeps accents", () => {
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.toString("utf8")).toContain("ÓRGANO/UNIDAD ORGÁNICA");
    expect(csv.toString("utf8")).toContain("GERENCIA DE INFORMÁTICA");
  });

  it("has the title block: institution, plan, period, issue date", () => {
    const [title, institution, plan, period, issued] = lines(csv);
    expect(title).toBe("Seguimiento del POI — I Trimestre 2021");
    expect(institution).toBe("Entidad: SERVICIO DE ADMINISTRACIÓN TRIBUTARIA DE PRUEBA (SAT)");
    expect(plan).toBe("Plan: PLAN OPERATIVO INSTITUCIONAL 2021 (POI 2021)");
    expect(period).toBe("Periodo: I Trimestre 2021");
    expect(issued).toBe("Fecha de emisión: 15/04/2021 10:30");
  });

  it("has the two-level header of the document: groups over month names", () => {
    const all = lines(csv);
    const top = all.findIndex((line) => line.startsWith("ÓRGANO/UNIDAD ORGÁNICA"));
    expect(fields(all[top] ?? "").slice(0, 6)).toEqual([
      "ÓRGANO/UNIDAD ORGÁNICA",
      "ACTIVIDAD OPERATIVA",
      "ACTIVIDAD PRESUPUESTAL-MEF",
      "UNIDAD DE MEDIDA",
      "META",
      "PROGRAMADO",
    ]);
    expect(fields(all[top] ?? "")).toContain("EJECUTADO");
    expect(fields(all[top] ?? "")).toContain("I TRIM");
    expect(fields(all[top + 1] ?? "").filter(Boolean)).toEqual([
      ..."ENE FEB MAR ABR MAY JUN JUL AGO SET OCT NOV DIC".split(" "),
      ..."ENE FEB MAR".split(" "),
      "PROG",
      "EJEC",
    ]);
  });

  it("has the TOTAL row: 6,350 · 1,543 · 1,494 · 96.8 %, green", () => {
    const total = lines(csv).find((line) => line.startsWith("TOTAL,"));
    expect(total).toBeDefined();
    const cells = fields(total ?? "");
    expect(cells[4]).toBe("6,350");
    expect(cells.slice(-4)).toEqual(["1,543", "1,494", "96.8 %", "Verde"]);
  });

  it("writes each activity's % and light; — where nothing was programmed", () => {
    const oci = fields(lines(csv).find((line) => line.startsWith("ORGANO DE CONTROL INSTITUCIONAL,")) ?? "");
    expect(oci.slice(-4)).toEqual(["8", "5", "62.5 %", "Rojo"]);
    const iso = fields(lines(csv).find((line) => line.includes("ANTISOBOBORNO ISO 37001")) ?? "");
    expect(iso.slice(-4)).toEqual(["0", "", "—", "—"]);
  });

  it("ends with the notes and the legend of the lights, from the thresholds", () => {
    const text = csv.toString("utf8");
    expect(text).toContain("Notas:");
    expect(text).toContain("Verde: ejecución ≥ 90 %");
    expect(text).toContain("Ámbar: ≥ 75 % y < 90 %");
    expect(text).toContain("Rojo: < 75 %");
  });

  it("round trip: read back by Avance's importer, it gives the figures of seed 004", async () => {
    expectSeedFigures(await readBack("poi-q1.csv", csv));
  });

  it("round trip with unit headings and subtotals", async () => {
    const withSubtotals = writeCsv(buildPoiReport({ subtotals: true }));
    writeFileSync(join(outputDir(), "poi-q1-subtotals.csv"), withSubtotals);
    const text = withSubtotals.toString("utf8");
    expect(text).toContain("\r\nSubtotal ORGANO DE CONTROL INSTITUCIONAL,,,,49,");
    expectSeedFigures(await readBack("poi-q1-subtotals.csv", withSubtotals));
  });
});

describe("writeCsv — locale and safety", () => {
  it("writes 6.350 and 96,8 % with ; for a decimal-comma locale (es-ES), and still reads back", async () => {
    const csv = writeCsv(buildPoiReport({ locale: "es-ES" }));
    const total = lines(csv).find((line) => line.startsWith("TOTAL;"));
    const cells = fields(total ?? "", ";");
    expect(cells[4]).toBe("6.350");
    expect(cells.slice(-4)).toEqual(["1.543", "1.494", "96,8 %", "Verde"]);
    expectSeedFigures(await readBack("poi-es.csv", csv));
  });

  it("falls back to es-PE for an unknown or empty locale", () => {
    const report = buildPoiReport({ locale: "" });
    expect(lines(writeCsv(report)).find((line) => line.startsWith("TOTAL,"))).toContain('"6,350"');
  });

  it("never lets a text run as a formula in a spreadsheet", () => {
    const report = buildUnitsReport();
    const section = report.sections[0];
    const row = section?.rows[0];
    if (!row) throw new Error("no rows");
    row.cells.unit = '=HYPERLINK("http://x")';
    const text = writeCsv(report).toString("utf8");
    expect(text).toContain(`"'=HYPERLINK(""http://x"")"`);
  });

  it("marks an over-executed row beside its light", () => {
    const report: Report = buildUnitsReport();
    const row = report.sections[0]?.rows.find((r) => r.cells.unit === "OFICINA DE CALIDAD DE DATOS");
    if (!row) throw new Error("unit missing");
    row.overExecution = true;
    const line = lines(writeCsv(report)).find((l) => l.startsWith("OFICINA DE CALIDAD DE DATOS,"));
    expect(line).toContain("Verde +");
  });

  it("writes dates day first, with the time when there is one", () => {
    const report = datesReport();
    expect(lines(writeCsv(report))).toContain("03/01/2023,05/04/2021 14:03");
  });
});
