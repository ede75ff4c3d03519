import { describe, expect, it } from "vitest";
import type { ReadResult } from "../../src/domain/plan-draft.js";
import { readDocument } from "../../src/import/read-document.js";
import {
  csvText,
  grid,
  POA_SEED,
  POI_SEED,
  reorderedPoi,
  seedText,
  utf8,
  windows1252,
  withBom,
  xlsxOf,
} from "../fixtures/import/generate.js";

const read = (fileName: string, bytes: Uint8Array, year?: number) =>
  readDocument({ fileName, bytes }, year === undefined ? {} : { year });

/** What a planner checks after an import: counts and the document's totals. */
function figures({ draft }: ReadResult) {
  const sumMonth = (series: (readonly (number | null)[])[], m: number) => {
    const values = series.map((s) => s[m]).filter((v): v is number => v != null);
    return values.length ? values.reduce((a, b) => a + b, 0) : null;
  };
  const programmed = draft.activities.map((a) => a.programmed.PROGRAMADO?.quantity ?? []);
  const executed = draft.activities.map((a) => a.executed.quantity);
  return {
    kind: draft.kind,
    year: draft.year,
    units: draft.units.length,
    activities: draft.activities.length,
    annualTarget: draft.activities.reduce((sum, a) => sum + (a.annualTarget ?? 0), 0),
    programmed: Array.from({ length: 12 }, (_, m) => sumMonth(programmed, m)),
    executed: Array.from({ length: 12 }, (_, m) => sumMonth(executed, m)),
  };
}

const errors = (result: ReadResult) => result.problems.filter((p) => p.severity === "error");

const POI_FIGURES = {
  kind: "POI",
  year: 2021,
  units: 24,
  activities: 78,
  annualTarget: 6350,
  programmed: [519, 506, 518, 529, 532, 547, 525, 508, 527, 529, 557, 553],
  executed: [509, 485, 500, null, null, null, null, null, null, null, null, null],
};

describe("seed 004: POI 2021, first-quarter monitoring", async () => {
  const result = await read(POI_SEED, utf8(seedText(POI_SEED)));
  const { draft } = result;

  it("reproduces the golden figures with no problem at all", () => {
    expect(figures(result)).toEqual(POI_FIGURES);
    const quarter = (months: (number | null)[]) =>
      months.slice(0, 3).reduce<number>((a, b) => a + (b ?? 0), 0);
    expect(quarter(figures(result).programmed)).toBe(1543);
    expect(quarter(figures(result).executed)).toBe(1494);
    expect(result.problems).toEqual([]);
  });

  it("reads the plan's title, one current programming and a flat list of units", () => {
    expect(draft.title).toBe("PLAN OPERATIVO INSTITUCIONAL 2021 - I° TRIMESTRE");
    expect(draft.versions).toEqual([{ code: "PROGRAMADO", name: "Programación", role: "current" }]);
    expect(draft.units.every((u) => u.parentKey === undefined && u.key === u.key.toUpperCase())).toBe(true);
  });

  it("keeps the unit whose name starts like the header, with its 49", () => {
    const oci = draft.activities.filter((a) => a.unitKey === "ORGANO DE CONTROL INSTITUCIONAL");
    expect(oci).toHaveLength(1);
    expect(oci[0]).toMatchObject({
      name: "EJECUCIÓN DEL CONTROL GUBERNAMENTAL",
      budgetActivity: "ACCIONES DE CONTROL Y AUDITORÍA",
      unitOfMeasure: "ACCIONES",
      annualTarget: 49,
      measureKind: "quantity",
      source: { file: POI_SEED, line: 8 },
    });
    expect(oci[0]?.programmed.PROGRAMADO?.quantity).toEqual([2, 2, 4, 5, 5, 5, 5, 4, 4, 5, 6, 2]);
    expect(oci[0]?.executed.quantity.slice(0, 4)).toEqual([2, 1, 2, null]);
  });

  it("reads every activity's months exactly as the file has them", () => {
    const rows = grid(seedText(POI_SEED)).filter(
      (r) => r.length > 20 && /\d/.test(r[4] ?? "") && r[0] !== "TOTAL",
    );
    expect(rows).toHaveLength(78);
    const num = (cell: string | undefined) => (cell ? Number(cell.replace(",", "")) : 0);
    rows.forEach((row, i) => {
      const activity = draft.activities[i];
      expect(activity?.name).toBe(row[1]);
      expect(activity?.annualTarget).toBe(num(row[4]));
      expect(activity?.programmed.PROGRAMADO?.quantity).toEqual(row.slice(5, 17).map(num));
      expect(activity?.executed.quantity.slice(0, 3)).toEqual(
        row.slice(17, 20).map((c) => (c ? Number(c) : null)),
      );
    });
  });
});

describe("seed 000: POA 2023 of one department", async () => {
  const result = await read(POA_SEED, utf8(seedText(POA_SEED)));
  const { draft } = result;

  it("reads the header block into the plan", () => {
    expect(errors(result)).toEqual([]);
    expect(result.problems).toEqual([]);
    expect(draft).toMatchObject({
      kind: "POA",
      year: 2023,
      title: "PLAN OPERATIVO ANUAL 2023",
      institution: { name: "GOBIERNO MUNICIPAL DE SAN JUAN NONUALCO" },
      department: "Unidad de Recuperacion de Mora",
      documentDate: "2023-02-03",
      responsible: "Alfredo Obdulio Vásquez Miranda",
    });
    expect(draft.generalObjective).toMatch(/^Establecer estrategias .* estrategia de cobranza efectivas\.$/);
  });

  it("makes the department the one unit of its 6 activities", () => {
    expect(draft.units).toEqual([
      { key: "UNIDAD DE RECUPERACION DE MORA", name: "Unidad de Recuperacion de Mora" },
    ]);
    expect(draft.activities).toHaveLength(6);
    expect(draft.activities.every((a) => a.unitKey === "UNIDAD DE RECUPERACION DE MORA")).toBe(true);
    expect(draft.activities.every((a) => a.measureKind === "progress" && a.annualTarget === null)).toBe(true);
  });

  it("reads project, objective, location, dates and goal", () => {
    expect(draft.activities[0]).toMatchObject({
      name: "Actualización de cartera de mora",
      project: "Revisar cartera de mora actividad económica 2023",
      objective: "actualizar cartera de mora y evaluar cobros administrativos a realizar en el año corriente",
      location: "Alcaldía Municipal de San Juan Nonualco.",
      startDate: "2023-01-03",
      endDate: "2023-12-23",
      goal: "Que se incrementen en un 50% la tasa de recuperación",
    });
    expect(draft.activities.map((a) => [a.startDate, a.endDate])).toEqual([
      ["2023-01-03", "2023-12-23"],
      ["2023-01-03", "2023-12-23"],
      ["2023-01-03", "2023-12-23"],
      ["2023-01-30", "2023-12-01"],
      ["2023-01-27", "2023-12-23"],
      ["2023-01-03", "2023-12-23"],
    ]);
  });

  it("joins the row broken across the page with its continuation line", () => {
    expect(draft.activities[2]).toMatchObject({
      name: "Acciones de cobranza",
      objective:
        "Programar mensualmente ruta de cobros a empresas e industria para el pago de impuestos municipales además de acuerdos de pago a aquellos en situación morosa",
      location: "Lugar de operación de empresas que son usuarios de la municipalidad",
      source: { line: 10 },
    });
  });

  it("leaves no extraction tag in any value", () => {
    expect(JSON.stringify(draft)).not.toMatch(/<\/?b>|\*\*/);
    expect(draft.activities[3]?.project).toBe("Planificación mensual.");
  });
});

describe("the same plan in other encodings and delimiters", async () => {
  const poi = seedText(POI_SEED);
  const variants: [string, Uint8Array][] = [
    ["Windows-1252 text", windows1252(poi)],
    ["UTF-8 text with BOM", withBom(utf8(poi))],
    ["CSV with ; in Windows-1252", windows1252(csvText(grid(poi), ";"))],
    ["CSV with , (quoted) and BOM", withBom(utf8(csvText(grid(poi), ",")))],
    ["columns reordered, headers renamed", utf8(reorderedPoi(poi))],
    ["reordered as ; CSV in Windows-1252", windows1252(csvText(grid(reorderedPoi(poi)), ";"))],
  ];
  for (const [name, bytes] of variants) {
    it(`${name}: identical figures, no problem`, async () => {
      const result = await read("plan.csv", bytes);
      expect(result.problems).toEqual([]);
      expect(figures(result)).toEqual(POI_FIGURES);
      expect(
        result.draft.activities.find((a) => a.unitKey === "ORGANO DE CONTROL INSTITUCIONAL")?.annualTarget,
      ).toBe(49);
      expect(result.draft.units.map((u) => u.name)).toContain("GERENCIA DE INFORMÁTICA");
    });
  }

  it("cites CSV problems by the line they start on", async () => {
    const text = csvText(grid(poi), ";").replace(
      "ORGANO DE CONTROL INSTITUCIONAL;EJECUCIÓN DEL CONTROL GUBERNAMENTAL;",
      'ORGANO DE CONTROL INSTITUCIONAL;"EJECUCIÓN DEL\nCONTROL GUBERNAMENTAL";',
    );
    const result = await read("plan.csv", windows1252(text));
    expect(result.draft.activities[1]?.name).toBe("EJECUCIÓN DEL CONTROL GUBERNAMENTAL");
    expect(result.draft.activities[1]?.source.line).toBe(8);
    expect(result.draft.activities[2]?.source.line).toBe(10);
  });

  it("seed 000 as ; CSV in Windows-1252 keeps its header fields and joined row", async () => {
    const result = await read("poa.csv", windows1252(csvText(grid(seedText(POA_SEED)), ";")));
    expect(result.problems).toEqual([]);
    expect(result.draft).toMatchObject({ kind: "POA", year: 2023, documentDate: "2023-02-03" });
    expect(result.draft.activities[2]?.objective).toMatch(/pago de impuestos municipales además/);
  });
});

describe("the same plan saved as .xlsx", async () => {
  const text = await read(POI_SEED, utf8(seedText(POI_SEED)));
  const bytes = await xlsxOf(seedText(POI_SEED), {
    numbersAsText: [7, 9, 106],
    formulas: { E8: "SUM(F8:Q8)", E106: "SUM(E7:E105)" },
  });
  const result = await read("poi.xlsx", bytes);

  it("gives the same figures and the same months, activity by activity", () => {
    expect(result.problems).toEqual([]);
    expect(figures(result)).toEqual(POI_FIGURES);
    expect(result.draft.activities.map((a) => [a.unitKey, a.name, a.programmed, a.executed])).toEqual(
      text.draft.activities.map((a) => [a.unitKey, a.name, a.programmed, a.executed]),
    );
  });

  it("cites sheet and cell", () => {
    expect(result.draft.activities[1]?.source).toEqual({ file: "poi.xlsx", sheet: "POI", cell: "B8" });
  });

  it("reports by cell a number that does not add up", async () => {
    const broken = await xlsxOf(seedText(POI_SEED).replace("\tACCIONES\t49\t", "\tACCIONES\t50\t"));
    const problems = (await read("poi.xlsx", broken)).problems;
    expect(problems).toContainEqual(
      expect.objectContaining({ sheet: "POI", cell: "E8", column: "META", code: "target_mismatch" }),
    );
  });

  it("seed 000 as xlsx: same header fields and activities", async () => {
    const poaText = await read(POA_SEED, utf8(seedText(POA_SEED)));
    const poa = await read("poa.xlsx", await xlsxOf(seedText(POA_SEED)));
    expect(poa.problems).toEqual([]);
    const { activities, ...plan } = poa.draft;
    const { activities: expected, ...expectedPlan } = poaText.draft;
    expect(plan).toEqual(expectedPlan);
    expect(activities.map(({ source, ...a }) => a)).toEqual(expected.map(({ source, ...a }) => a));
  });
});

describe("files that are not a plan", () => {
  const cases: [string, Uint8Array, RegExp][] = [
    ["empty.txt", new Uint8Array(), /vacío/],
    [
      "image.png",
      new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 1, 2, 3, 0, 0]),
      /no es un documento/,
    ],
    ["notes.txt", utf8("Lista de compras\nleche\npan\n"), /No se reconoce un plan/],
    ["broken.xlsx", new Uint8Array([0x50, 0x4b, 3, 4, 1, 2, 3]), /ZIP/],
    ["old.xls", new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), /\.xls/],
    ["plan.pdf", utf8("%PDF-1.7\n..."), /PDF/],
  ];
  for (const [fileName, bytes, message] of cases) {
    it(`${fileName}: one sentence, at a line, nothing imported`, async () => {
      const result = await read(fileName, bytes, 2021);
      expect(result.problems).toHaveLength(1);
      expect(result.problems[0]).toMatchObject({
        severity: "error",
        file: fileName,
        message: expect.stringMatching(message),
      });
      expect(result.problems[0]?.line ?? result.problems[0]?.cell).toBeDefined();
      expect(result.draft.activities).toEqual([]);
    });
  }
});
