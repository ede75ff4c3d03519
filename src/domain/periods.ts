import { AppError, type ProblemParams } from "./errors.js";
import { MONTHS } from "./months.js";

/**
 * A reporting period of one plan year. `through` of a year-to-date period is the last month it
 * covers: 0 when no month is closed yet (it then covers no months, so every figure is empty).
 */
export type Period =
  | { kind: "month"; year: number; month: number }
  | { kind: "quarter"; year: number; quarter: 1 | 2 | 3 | 4 }
  | { kind: "half"; year: number; half: 1 | 2 }
  | { kind: "year"; year: number }
  | { kind: "ytd"; year: number; through: number };

export type PeriodContext = {
  year: number;
  /**
   * What a bare `YTD` means: the last closed month of the plan (1..12), or `null` when none is
   * closed. Required, never defaulted, so that no caller gets "year-to-date through today" by
   * accident; a caller that wants another month names it in the code (`YTD-M05`).
   */
  lastClosedMonth: number | null;
};

export const MONTH_NAMES = [
  "enero",
  "febrero",
  "marzo",
  "abril",
  "mayo",
  "junio",
  "julio",
  "agosto",
  "septiembre",
  "octubre",
  "noviembre",
  "diciembre",
] as const;

const ROMAN = ["I", "II", "III", "IV"] as const;

const VALID_CODES = "M01…M12, Q1…Q4, S1, S2, YEAR, YTD o YTD-M01…YTD-M12";

function badPeriod(message: string, params: ProblemParams): AppError {
  return new AppError("validation", message, "period", { code: "invalid_period", params });
}

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < 1900 || year > 2999)
    throw badPeriod(`Año no válido: ${year}.`, { year });
}

function checkThrough(through: number, what: string): void {
  if (!Number.isInteger(through) || through < 0 || through > MONTHS) {
    throw badPeriod(`${what} no válido: ${through}. Debe ser un mes entre 1 y 12 (o ninguno).`, {
      month: through,
    });
  }
}

/** Month names as a user reads them ("Enero"); `month` is 1-based. */
export function monthName(month: number): string {
  const name = MONTH_NAMES[month - 1];
  if (name === undefined) throw badPeriod(`Mes no válido: ${month}.`, { month });
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** A year-to-date period; `through` = 0 covers no months. */
export function ytdPeriod(year: number, through: number | null): Period {
  checkYear(year);
  const months = through ?? 0;
  checkThrough(months, "Mes del acumulado");
  return { kind: "ytd", year, through: months };
}

/**
 * Parses a period code (case and surrounding blanks ignored): `M01`…`M12`, `Q1`…`Q4`, `S1`,
 * `S2`, `YEAR`, `YTD` (through `context.lastClosedMonth`) or `YTD-M01`…`YTD-M12` (through the
 * month named; `YTD-M00` is what `periodCode` writes for a year-to-date with no months).
 */
export function parsePeriod(code: string, context: PeriodContext): Period {
  checkYear(context.year);
  const { year } = context;
  const text = code.trim().toUpperCase();
  let match = /^M(\d{2})$/.exec(text);
  if (match) {
    const month = Number(match[1]);
    if (month >= 1 && month <= MONTHS) return { kind: "month", year, month };
  }
  match = /^Q([1-4])$/.exec(text);
  if (match) return { kind: "quarter", year, quarter: Number(match[1]) as 1 | 2 | 3 | 4 };
  match = /^S([12])$/.exec(text);
  if (match) return { kind: "half", year, half: Number(match[1]) as 1 | 2 };
  if (text === "YEAR") return { kind: "year", year };
  if (text === "YTD") {
    if (context.lastClosedMonth !== null) checkThrough(context.lastClosedMonth, "Último mes cerrado");
    return { kind: "ytd", year, through: context.lastClosedMonth ?? 0 };
  }
  match = /^YTD-M(\d{2})$/.exec(text);
  if (match) {
    const through = Number(match[1]);
    if (through <= MONTHS) return { kind: "ytd", year, through };
  }
  const shown = code.length > 40 ? `${code.slice(0, 40)}…` : code;
  throw badPeriod(`Periodo no válido: "${shown}". Use ${VALID_CODES}.`, { period: shown });
}

/** The inverse of `parsePeriod`; a year-to-date always names its month, so it reads back the same. */
export function periodCode(period: Period): string {
  const two = (n: number) => String(n).padStart(2, "0");
  switch (period.kind) {
    case "month":
      return `M${two(period.month)}`;
    case "quarter":
      return `Q${period.quarter}`;
    case "half":
      return `S${period.half}`;
    case "year":
      return "YEAR";
    case "ytd":
      return `YTD-M${two(period.through)}`;
  }
}

/** The 1-based months the period covers, in order. */
export function periodMonths(period: Period): number[] {
  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
  switch (period.kind) {
    case "month":
      return [period.month];
    case "quarter":
      return range(period.quarter * 3 - 2, period.quarter * 3);
    case "half":
      return range(period.half * 6 - 5, period.half * 6);
    case "year":
      return range(1, MONTHS);
    case "ytd":
      return range(1, period.through);
  }
}

/** "Enero 2021", "I Trimestre 2021", "II Semestre 2021", "Año 2021", "Acumulado a marzo 2021". */
export function periodLabel(period: Period): string {
  switch (period.kind) {
    case "month":
      return `${monthName(period.month)} ${period.year}`;
    case "quarter":
      return `${ROMAN[period.quarter - 1]} Trimestre ${period.year}`;
    case "half":
      return `${ROMAN[period.half - 1]} Semestre ${period.year}`;
    case "year":
      return `Año ${period.year}`;
    case "ytd":
      return period.through === 0
        ? `Acumulado ${period.year} (sin meses cerrados)`
        : `Acumulado a ${MONTH_NAMES[period.through - 1]} ${period.year}`;
  }
}
