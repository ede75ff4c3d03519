/** Broken copies of the seeds: each must yield exactly the problem a planner would point at. */
import { describe, expect, it } from "vitest";
import type { Problem } from "../../src/domain/plan-draft.js";
import { readDocument } from "../../src/import/read-document.js";
import { editLine, grid, POA_SEED, POI_SEED, seedText, tabText, utf8 } from "../fixtures/import/generate.js";

const read = (text: string, year?: number) =>
  readDocument({ fileName: "plan.txt", bytes: utf8(text) }, year ? { year } : {});
const poi = seedText(POI_SEED);
const poa = seedText(POA_SEED);
/** Seed 004 columns: META, then PROGRAMADO ENE…DIC, EJECUTADO ENE…MAR, I TRIM PROG / EJEC. */
const META = 4;
const PROG = (month: number) => 5 + month;
const EXEC = (month: number) => 17 + month;
const Q1_PROG = 20;
const Q1_EXEC = 21;
const OCI_LINE = 8;
const TOTAL_LINE = 106;

const set = (col: number, value: string) => (cells: string[]) => {
  cells[col] = value;
  return cells;
};
const brief = (problems: Problem[]) =>
  problems.map(({ line, column, severity, code, message }) => ({ line, column, severity, code, message }));

describe("checks on the POI", () => {
  it("a META off by one: a warning naming line and column, and the TOTAL that no longer adds up", async () => {
    const result = await read(editLine(poi, OCI_LINE, set(META, "50")));
    expect(brief(result.problems)).toEqual([
      {
        line: OCI_LINE,
        column: "META",
        severity: "warning",
        code: "target_mismatch",
        message: "META 50 no coincide con la suma de los meses programados (49)",
      },
      {
        line: TOTAL_LINE,
        column: "META",
        severity: "warning",
        code: "total_mismatch",
        message: "TOTAL de META 6,350 no coincide con la suma de las actividades (6,351)",
      },
    ]);
    expect(result.draft.activities).toHaveLength(78);
    expect(result.draft.activities[1]?.annualTarget).toBe(50);
  });

  it("a negative number refuses its row", async () => {
    const result = await read(editLine(poi, OCI_LINE, set(PROG(2), "-4")));
    const errors = result.problems.filter((p) => p.severity === "error");
    expect(brief(errors)).toEqual([
      {
        line: OCI_LINE,
        column: "PROGRAMADO MAR",
        severity: "error",
        code: "negative_number",
        message: "Número negativo en PROGRAMADO MAR: -4",
      },
    ]);
    expect(result.draft.activities).toHaveLength(77);
    expect(result.draft.units.map((u) => u.key)).not.toContain("ORGANO DE CONTROL INSTITUCIONAL");
  });

  it("an unreadable number refuses its row", async () => {
    const result = await read(editLine(poi, OCI_LINE, set(PROG(0), "dos")));
    expect(brief(result.problems.filter((p) => p.severity === "error"))).toEqual([
      {
        line: OCI_LINE,
        column: "PROGRAMADO ENE",
        severity: "error",
        code: "unreadable_number",
        message: "No se puede leer el número «dos» en PROGRAMADO ENE",
      },
    ]);
    expect(result.draft.activities).toHaveLength(77);
  });

  it("a TOTAL that does not match its rows is a warning on the TOTAL line, never an activity", async () => {
    const result = await read(editLine(poi, TOTAL_LINE, set(Q1_PROG, "1,544")));
    expect(brief(result.problems)).toEqual([
      {
        line: TOTAL_LINE,
        column: "I TRIM PROG",
        severity: "warning",
        code: "total_mismatch",
        message: "TOTAL de I TRIM PROG 1,544 no coincide con la suma de las actividades (1,543)",
      },
    ]);
    expect(result.draft.activities.some((a) => /TOTAL/.test(a.unitKey))).toBe(false);
  });

  it("a quarter that is not the sum of its months", async () => {
    const result = await read(editLine(poi, OCI_LINE, set(Q1_EXEC, "6")));
    expect(brief(result.problems)[0]).toEqual({
      line: OCI_LINE,
      column: "I TRIM EJEC",
      severity: "warning",
      code: "period_mismatch",
      message: "I TRIM EJEC 6 no coincide con la suma de ENE–MAR (5)",
    });
  });

  it("a gap in the reporting: programmed in FEB, nothing executed, but MAR reported", async () => {
    const result = await read(editLine(poi, 7, set(EXEC(1), "")));
    expect(brief(result.problems)).toContainEqual({
      line: 7,
      column: "EJECUTADO FEB",
      severity: "warning",
      code: "reporting_gap",
      message: "Falta el valor ejecutado de FEB (programado 1), pero hay ejecución registrada en MAR",
    });
    expect(result.draft.activities[0]?.executed.quantity.slice(0, 3)).toEqual([1, null, 1]);
  });

  it("a duplicate activity in one unit refuses the second row (the commit matches by unit and name)", async () => {
    const rows = grid(poi);
    rows.splice(OCI_LINE, 0, [...(rows[OCI_LINE - 1] ?? [])]);
    const result = await read(tabText(rows));
    expect(brief(result.problems)[0]).toEqual({
      line: OCI_LINE + 1,
      column: "ACTIVIDAD OPERATIVA",
      severity: "error",
      code: "duplicate_activity",
      message:
        "Actividad repetida en ORGANO DE CONTROL INSTITUCIONAL: «EJECUCIÓN DEL CONTROL GUBERNAMENTAL» ya figura en la línea 8",
    });
    expect(result.draft.activities).toHaveLength(78);
  });

  it("the same name twice in a unit is fine when the codes tell them apart", async () => {
    const result = await read(
      tabText([
        ["CÓDIGO", "UNIDAD", "ACTIVIDAD", "META"],
        ["A1", "Rentas", "Fiscalizar", "10"],
        ["A2", "Rentas", "Fiscalizar", "20"],
      ]),
      2024,
    );
    expect(result.problems.map((p) => [p.line, p.severity, p.code])).toEqual([
      [3, "warning", "duplicate_activity"],
    ]);
    expect(result.draft.activities.map((a) => a.code)).toEqual(["A1", "A2"]);
  });

  it("a row without activity name is refused", async () => {
    const result = await read(editLine(poi, OCI_LINE, set(1, "")));
    expect(brief(result.problems.filter((p) => p.severity === "error"))).toEqual([
      {
        line: OCI_LINE,
        column: "ACTIVIDAD OPERATIVA",
        severity: "error",
        code: "missing_name",
        message: "Falta el nombre de la actividad (ACTIVIDAD OPERATIVA)",
      },
    ]);
  });

  it("an empty META takes the sum of the months, and says so", async () => {
    const result = await read(editLine(poi, OCI_LINE, set(META, "")));
    expect(brief(result.problems)[0]).toMatchObject({
      line: OCI_LINE,
      code: "missing_target",
      message: "META vacía; se toma la suma de los meses programados (49)",
    });
    expect(result.draft.activities[1]?.annualTarget).toBe(49);
  });
});

describe("checks on the POA", () => {
  it("a date outside the plan's year", async () => {
    const result = await read(editLine(poa, 8, set(5, "23 de diciembre de 2024")));
    expect(brief(result.problems)).toEqual([
      {
        line: 8,
        column: "FECHA FINAL",
        severity: "warning",
        code: "date_out_of_year",
        message: "FECHA FINAL 2024-12-23 está fuera del año del plan (2023)",
      },
    ]);
    expect(result.draft.activities[0]?.endDate).toBe("2024-12-23");
  });

  it("an end before the start refuses the row", async () => {
    const result = await read(editLine(poa, 9, set(5, "02 de enero")));
    expect(brief(result.problems)).toEqual([
      {
        line: 9,
        column: "FECHA FINAL",
        severity: "error",
        code: "date_order",
        message: "FECHA FINAL 2023-01-02 es anterior a FECHA INICIAL 2023-01-03",
      },
    ]);
    expect(result.draft.activities).toHaveLength(5);
  });

  it("an unreadable date is kept as text, with a warning", async () => {
    const result = await read(editLine(poa, 8, set(4, "todo el año")));
    expect(brief(result.problems)).toEqual([
      {
        line: 8,
        column: "FECHA INICIAL",
        severity: "warning",
        code: "unreadable_date",
        message: "No se puede leer la fecha «todo el año» en FECHA INICIAL; se conserva como texto",
      },
    ]);
    expect(result.draft.activities[0]?.startDate).toBeUndefined();
    expect(result.draft.activities[0]?.attributes).toEqual({ "FECHA INICIAL": "todo el año" });
  });

  it("an unknown column is listed, ignored, and its values kept", async () => {
    let text = editLine(poa, 7, (cells) => [...cells, "<b>OBSERVACIONES</b>"]);
    text = editLine(text, 8, (cells) => [...cells.slice(0, 8), "Revisado por auditoría"]);
    const result = await read(text);
    expect(brief(result.problems)).toEqual([
      {
        line: 7,
        column: "OBSERVACIONES",
        severity: "warning",
        code: "unknown_column",
        message: "Columna desconocida «OBSERVACIONES» ignorada; sus valores se conservan como atributos",
      },
    ]);
    expect(result.draft.activities[0]?.attributes).toEqual({ OBSERVACIONES: "Revisado por auditoría" });
    expect(result.draft.activities[1]?.attributes).toEqual({});
  });

  it("the year given overrides the title's, with a warning", async () => {
    const result = await readDocument({ fileName: "poa.txt", bytes: utf8(poa) }, { year: 2024 });
    expect(result.draft.year).toBe(2024);
    expect(result.problems[0]).toMatchObject({ code: "year_mismatch", line: 7 });
    expect(result.draft.activities[3]?.startDate).toBe("2024-01-30");
  });

  it("a plan with no year anywhere is refused until one is given", async () => {
    const text = poa.replace("PLAN OPERATIVO ANUAL 2023", "PLAN OPERATIVO ANUAL").replace("03/02/2023", "");
    const refused = await read(text);
    expect(refused.problems.filter((p) => p.severity === "error")[0]).toMatchObject({
      code: "missing_year",
      line: 7,
    });
    const given = await readDocument({ fileName: "poa.txt", bytes: utf8(text) }, { year: 2023 });
    expect(given.problems).toEqual([]);
    expect(given.draft.activities[0]?.startDate).toBe("2023-01-03");
  });
});

describe("numbers decided by the document's own evidence", () => {
  const doc = (...rows: string[][]) =>
    tabText([["PLAN OPERATIVO 2023"], ["UNIDAD", "ACTIVIDAD", "META", "ENE", "FEB"], ...rows]);

  it("a decimal comma proven by one value", async () => {
    const result = await read(doc(["A", "Uno", "12,5", "6,25", "6,25"], ["A", "Dos", "1.500", "750", "750"]));
    expect(result.problems).toEqual([]);
    expect(result.draft.activities.map((a) => a.annualTarget)).toEqual([12.5, 1500]);
  });

  it("spaces between thousands and percentages", async () => {
    const result = await read(doc(["A", "Uno", "1 543", "1 000", "543"], ["A", "Dos", "45%", "20 %", "25%"]));
    expect(result.problems).toEqual([]);
    expect(result.draft.activities.map((a) => a.annualTarget)).toEqual([1543, 45]);
  });

  it("the TOTAL row decides that 2,250 is two and a quarter", async () => {
    const result = await read(
      doc(
        ["A", "Uno", "1", "1", ""],
        ["A", "Dos", "1,250", "1", "0,250"],
        ["TOTAL", "", "2,250", "2", "0,250"],
      ),
    );
    expect(result.problems).toEqual([]);
    expect(result.draft.activities.map((a) => a.annualTarget)).toEqual([1, 1.25]);
  });

  it("the TOTAL row decides that 6,350 is six thousand", async () => {
    const result = await read(
      doc(
        ["A", "Uno", "6,000", "3,000", "3,000"],
        ["A", "Dos", "350", "200", "150"],
        ["TOTAL", "", "6,350", "", ""],
      ),
    );
    expect(result.problems).toEqual([]);
    expect(result.draft.activities.map((a) => a.annualTarget)).toEqual([6000, 350]);
  });

  it("nothing decides: read as thousands, and the ambiguity is reported", async () => {
    const result = await read(
      tabText([
        ["ACTIVIDAD", "META"],
        ["Uno", "1,500"],
        ["Dos", "2,250"],
      ]),
      2023,
    );
    expect(result.draft.activities.map((a) => a.annualTarget)).toEqual([1500, 2250]);
    expect(result.draft.units).toEqual([{ key: "UNIDAD NO INDICADA", name: "Unidad no indicada" }]);
    expect(brief(result.problems)).toEqual([
      {
        line: 2,
        column: "META",
        severity: "warning",
        code: "ambiguous_number",
        message:
          "Números como «1,500» pueden valer 1500 o 1,5 y ninguna suma del documento lo decide; se leyeron con «,» como separador de miles",
      },
      {
        line: 1,
        column: undefined,
        severity: "warning",
        code: "missing_unit",
        message:
          "El documento no tiene columna de unidad orgánica ni indica el departamento; sus actividades quedan en «Unidad no indicada»",
      },
    ]);
  });
});
