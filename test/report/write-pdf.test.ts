import { spawnSync } from "node:child_process";
import { readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Report } from "../../src/report/model.js";
import { pdfDefinition, writePdf } from "../../src/report/write-pdf.js";
import { buildPoiReport, buildUnitsReport } from "../fixtures/report/seed-004-report.js";
import { haveBinaries, outputDir } from "../fixtures/report/tools.js";

const run = (command: string, args: string[]) => {
  const result = spawnSync(command, args, { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")}: ${result.stderr}`);
  return result.stdout;
};

function pageCount(pdf: string): number {
  return Number(/Pages:\s+(\d+)/.exec(run("pdfinfo", [pdf]))?.[1]);
}

function pageText(pdf: string, page: number): string {
  return run("pdftotext", ["-layout", "-f", String(page), "-l", String(page), pdf, "-"]);
}

/** Every table cell of a pdfmake definition, flattened. */
function tableCells(node: unknown): { text?: unknown; fillColor?: string; color?: string }[] {
  if (Array.isArray(node)) return node.flatMap(tableCells);
  if (node === null || typeof node !== "object") return [];
  const record = node as Record<string, unknown>;
  const table = record.table as { body?: unknown[][] } | undefined;
  const own = table?.body ? table.body.flat().filter((cell) => cell && typeof cell === "object") : [];
  return [
    ...(own as { text?: unknown; fillColor?: string }[]),
    ...Object.entries(record)
      .filter(([key]) => key !== "table")
      .flatMap(([, value]) => tableCells(value)),
  ];
}

describe.each([
  ["poi-q1", () => buildPoiReport()],
  ["poi-q1-subtotals", () => buildPoiReport({ subtotals: true })],
  ["units-q1", () => buildUnitsReport()],
] as const)("writePdf — %s", (name, build) => {
  let report: Report;
  let buffer: Buffer;
  let file: string;
  const dir = outputDir("pdf");

  beforeAll(async () => {
    report = build();
    buffer = await writePdf(report);
    file = join(dir, `${name}.pdf`);
    writeFileSync(file, buffer);
  }, 60_000);

  it("is a PDF", () => {
    expect(buffer.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(buffer.length).toBeGreaterThan(10_000);
  });

  it("is A4 landscape, numbers its pages 'n de m' and ends with the totals", async (context) => {
    if (!haveBinaries("texto del PDF con poppler", "pdfinfo", "pdftotext")) {
      context.skip();
      return;
    }
    expect(run("pdfinfo", [file])).toMatch(/Page size:\s+841\.89 x 595\.2\d pts \(A4\)/);
    const pages = pageCount(file);
    expect(pages).toBeGreaterThan(1);
    const first = pageText(file, 1);
    expect(first).toContain(`Página 1 de ${pages}`);
    expect(first).toContain(report.title);
    expect(first).toContain("SERVICIO DE ADMINISTRACIÓN TRIBUTARIA DE PRUEBA (SAT)");
    expect(first).toContain("15/04/2021 10:30");
    const last = pageText(file, pages);
    expect(last).toContain(`Página ${pages} de ${pages}`);
    expect(last).toMatch(/TOTAL\s.*1,543\s+1,494\s+96\.8 %\s+Verde/);
    expect(last).toContain("Totales del periodo");
    expect(last).toContain("Verde: ejecución ≥ 90 %");
    // The TOTAL row is printed once, on the last page.
    for (let page = 1; page < pages; page++) expect(pageText(file, page)).not.toMatch(/^\s*TOTAL\s/m);
  });

  it("repeats the table header on every page of the table", async (context) => {
    if (!haveBinaries("texto del PDF con poppler", "pdfinfo", "pdftotext")) {
      context.skip();
      return;
    }
    const pages = pageCount(file);
    const header =
      report.kind === "poi" ? /PROGRAMADO[\s\S]*ENE\s+FEB\s+MAR/ : /UNIDAD ORGÁNICA[\s\S]*SEMÁFORO/;
    // Page 1 holds the title block and the charts; the table starts on page 2.
    for (let page = 2; page <= pages; page++) expect(pageText(file, page), `page ${page}`).toMatch(header);
  });

  it("renders to PNG pages with pdftoppm", async (context) => {
    if (!haveBinaries("PDF → PNG con pdftoppm", "pdftoppm", "pdfinfo")) {
      context.skip();
      return;
    }
    const pngDir = outputDir("pdf", `${name}-png`);
    for (const old of readdirSync(pngDir)) rmSync(join(pngDir, old));
    run("pdftoppm", ["-r", "110", "-png", file, join(pngDir, "page")]);
    const pngs = readdirSync(pngDir).filter((f) => f.endsWith(".png"));
    expect(pngs).toHaveLength(pageCount(file));
  });
});

describe("writePdf — content", () => {
  it("colours the light cells: the red, amber and green units of the summary", () => {
    const cells = tableCells(pdfDefinition(buildUnitsReport()).content);
    const fills = (text: string) =>
      new Set(cells.filter((cell) => cell.text === text).map((cell) => cell.fillColor));
    expect(fills("Rojo").size).toBe(1);
    expect(fills("Ámbar").size).toBe(1);
    const [red] = fills("Rojo");
    const [amber] = fills("Ámbar");
    const [green] = fills("Verde");
    expect(new Set([red, amber, green]).size).toBe(3);
    for (const fill of [red, amber, green]) expect(fill).toMatch(/^#[0-9a-f]{6}$/);
  });

  it("draws the unit summary's chart (SVG) before its table", () => {
    const content = pdfDefinition(buildUnitsReport()).content as unknown[];
    const svgAt = JSON.stringify(content).indexOf("<svg");
    const tableAt = JSON.stringify(content).indexOf('"headerRows"');
    expect(svgAt).toBeGreaterThan(0);
    expect(svgAt).toBeLessThan(tableAt);
    expect(JSON.stringify(content)).toContain("ORGANO DE CONTROL INSTITUCIONAL");
  });

  it("keeps the header rows and rows unbroken across pages", () => {
    const json = JSON.stringify(pdfDefinition(buildPoiReport()).content);
    expect(json).toContain('"headerRows":2');
    expect(json).toContain('"dontBreakRows":true');
  });

  it("writes a report with no rows", async () => {
    const report = buildUnitsReport();
    for (const section of report.sections) {
      section.rows = [];
      delete section.charts;
    }
    const buffer = await writePdf(report);
    expect(buffer.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  });
});
