import { describe, expect, it } from "vitest";
import { AppError } from "./errors.js";
import {
  monthName,
  type Period,
  parsePeriod,
  periodCode,
  periodLabel,
  periodMonths,
  ytdPeriod,
} from "./periods.js";

const context = { year: 2021, lastClosedMonth: 3 };

describe("parsePeriod / periodMonths / periodLabel / periodCode", () => {
  const cases: [code: string, months: number[], label: string][] = [
    ["M01", [1], "Enero 2021"],
    ["M02", [2], "Febrero 2021"],
    ["M03", [3], "Marzo 2021"],
    ["M04", [4], "Abril 2021"],
    ["M05", [5], "Mayo 2021"],
    ["M06", [6], "Junio 2021"],
    ["M07", [7], "Julio 2021"],
    ["M08", [8], "Agosto 2021"],
    ["M09", [9], "Septiembre 2021"],
    ["M10", [10], "Octubre 2021"],
    ["M11", [11], "Noviembre 2021"],
    ["M12", [12], "Diciembre 2021"],
    ["Q1", [1, 2, 3], "I Trimestre 2021"],
    ["Q2", [4, 5, 6], "II Trimestre 2021"],
    ["Q3", [7, 8, 9], "III Trimestre 2021"],
    ["Q4", [10, 11, 12], "IV Trimestre 2021"],
    ["S1", [1, 2, 3, 4, 5, 6], "I Semestre 2021"],
    ["S2", [7, 8, 9, 10, 11, 12], "II Semestre 2021"],
    ["YEAR", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], "Año 2021"],
    ["YTD-M01", [1], "Acumulado a enero 2021"],
    ["YTD-M05", [1, 2, 3, 4, 5], "Acumulado a mayo 2021"],
    ["YTD-M12", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], "Acumulado a diciembre 2021"],
    ["YTD-M00", [], "Acumulado 2021 (sin meses cerrados)"],
  ];

  it.each(cases)("%s covers %j, reads %s, and round-trips", (code, months, label) => {
    const period = parsePeriod(code, context);
    expect(periodMonths(period)).toEqual(months);
    expect(periodLabel(period)).toBe(label);
    expect(periodCode(period)).toBe(code);
    expect(parsePeriod(periodCode(period), { year: 2021, lastClosedMonth: null })).toEqual(period);
  });

  it("ignores case and surrounding blanks", () => {
    expect(parsePeriod(" q2 ", context)).toEqual({ kind: "quarter", year: 2021, quarter: 2 });
    expect(parsePeriod("ytd-m04", context)).toEqual({ kind: "ytd", year: 2021, through: 4 });
  });

  it("carries the year of the context", () => {
    expect(parsePeriod("M07", { year: 2023, lastClosedMonth: null })).toEqual({
      kind: "month",
      year: 2023,
      month: 7,
    });
    expect(periodLabel(parsePeriod("Q1", { year: 2023, lastClosedMonth: null }))).toBe("I Trimestre 2023");
  });
});

describe("YTD", () => {
  it("runs through the last closed month", () => {
    const period = parsePeriod("YTD", { year: 2021, lastClosedMonth: 3 });
    expect(period).toEqual({ kind: "ytd", year: 2021, through: 3 });
    expect(periodMonths(period)).toEqual([1, 2, 3]);
    expect(periodLabel(period)).toBe("Acumulado a marzo 2021");
    expect(periodCode(period)).toBe("YTD-M03");
  });

  it("covers no months when no month is closed", () => {
    const period = parsePeriod("YTD", { year: 2021, lastClosedMonth: null });
    expect(periodMonths(period)).toEqual([]);
    expect(periodLabel(period)).toBe("Acumulado 2021 (sin meses cerrados)");
  });

  it("runs through the month the code names, whatever is closed", () => {
    expect(periodMonths(parsePeriod("YTD-M06", { year: 2021, lastClosedMonth: 2 }))).toEqual([
      1, 2, 3, 4, 5, 6,
    ]);
  });

  it("ytdPeriod builds one from a month or from none", () => {
    expect(ytdPeriod(2021, 12)).toEqual({ kind: "ytd", year: 2021, through: 12 });
    expect(periodMonths(ytdPeriod(2021, null))).toEqual([]);
  });

  it.each([13, -1, 2.5])("rejects a last closed month of %s", (month) => {
    expect(() => parsePeriod("YTD", { year: 2021, lastClosedMonth: month })).toThrow(AppError);
    expect(() => ytdPeriod(2021, month)).toThrow(/Debe ser un mes entre 1 y 12/);
  });
});

describe("bad codes", () => {
  it.each(["", "M00", "M13", "M1", "Q0", "Q5", "S0", "S3", "YTD-M13", "AÑO", "2021-Q1"])(
    "%j is a validation error in Spanish",
    (code) => {
      let error: unknown;
      try {
        parsePeriod(code, context);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: "validation", field: "period" });
      expect((error as AppError).message).toBe(
        `Periodo no válido: "${code}". Use M01…M12, Q1…Q4, S1, S2, YEAR, YTD o YTD-M01…YTD-M12.`,
      );
    },
  );

  it("shortens a very long code in the message", () => {
    expect(() => parsePeriod("X".repeat(500), context)).toThrow(`Periodo no válido: "${"X".repeat(40)}…".`);
  });

  it("rejects a year that is not a year", () => {
    expect(() => parsePeriod("Q1", { year: 21.5, lastClosedMonth: null })).toThrow("Año no válido: 21.5.");
  });
});

describe("monthName", () => {
  it("names months in Spanish, 1-based", () => {
    expect([1, 6, 12].map(monthName)).toEqual(["Enero", "Junio", "Diciembre"]);
    expect(() => monthName(0)).toThrow("Mes no válido: 0.");
  });
});

it("periodLabel covers every kind", () => {
  const periods: Period[] = [
    { kind: "month", year: 2022, month: 3 },
    { kind: "quarter", year: 2022, quarter: 4 },
    { kind: "half", year: 2022, half: 2 },
    { kind: "year", year: 2022 },
    { kind: "ytd", year: 2022, through: 9 },
  ];
  expect(periods.map(periodLabel)).toEqual([
    "Marzo 2022",
    "IV Trimestre 2022",
    "II Semestre 2022",
    "Año 2022",
    "Acumulado a septiembre 2022",
  ]);
});
