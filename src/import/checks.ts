/**
 * The checks a planning office does by hand, as data: each finding names the column (by its
 * 0-based index; the reader turns it into a line or cell) and says, in Spanish and with the
 * numbers, what is wrong. `error`: the row cannot be imported; `warning`: imported, suspicious.
 */
import type { Layout } from "./layout.js";
import { type DateReading, formatNumber, MONTH_NAMES, type NumberStyle, readDate } from "./values.js";

export type Finding = {
  severity: "error" | "warning";
  code: string;
  col?: number;
  message: string;
  /** For a sum that does not hold: how far off it is, relative (0 = holds, 1 = unrelated). */
  miss?: number;
};

/** A number cell's reading: `null` empty, `undefined` unreadable. */
export type CellNumber = number | null | undefined;

/**
 * Numbers of one row in the table's numeric columns, in their order: one array per row and one
 * column index per table, not a Map per row. A Map of 17 columns takes several times the memory,
 * and 100,000 of them cost the garbage collector half a second.
 */
export class RowNumbers {
  constructor(
    private readonly columns: NumericColumns,
    private readonly values: readonly CellNumber[],
  ) {}

  /** `undefined` too for a column that is not numeric. */
  get(col: number): CellNumber {
    const slot = this.columns.slots[col];
    return slot === undefined ? undefined : this.values[slot];
  }

  forEach(each: (value: CellNumber, col: number) => void): void {
    const { cols } = this.columns;
    for (let i = 0; i < cols.length; i++) each(this.values[i], cols[i] as number);
  }
}

/** A table's numeric columns and, by column, the position of each in a row's values. */
export class NumericColumns {
  readonly slots: (number | undefined)[] = [];
  constructor(readonly cols: readonly number[]) {
    cols.forEach((col, slot) => {
      this.slots[col] = slot;
    });
  }
}

const EPSILON = 1e-6;
const miss = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(a), Math.abs(b));
const differ = (a: number, b: number) => miss(a, b) > EPSILON;

function sum(values: Iterable<number | null | undefined>): number {
  let total = 0;
  for (const value of values) total += value ?? 0;
  return total;
}

function span(months: readonly number[]): string {
  const first = MONTH_NAMES[months[0] ?? 0];
  const last = MONTH_NAMES[months[months.length - 1] ?? 0];
  return months.length === 1 ? `${first}` : `${first}–${last}`;
}

/** Beyond this a cell is a typo, not a plan's quantity or budget (and would not fit the database). */
const LARGEST = 1e12;

const labelOf = (layout: Layout, col: number) => layout.columns.find((c) => c.col === col)?.label ?? "";

/** Unreadable, negative and absurdly large numbers: the row's figures cannot be trusted. */
export function checkNumbers(layout: Layout, numbers: RowNumbers, cells: readonly string[]): Finding[] {
  const findings: Finding[] = [];
  numbers.forEach((value, col) => {
    if (value === null || (value !== undefined && value >= 0 && value < LARGEST)) return;
    const label = labelOf(layout, col);
    const text = cells[col] ?? "";
    const [code, message] =
      value === undefined
        ? [
            "unreadable_number",
            text.startsWith("=")
              ? `${label}: la fórmula «${text}» no tiene valor calculado; abra el archivo en Excel y guárdelo de nuevo`
              : `No se puede leer el número «${text}» en ${label}`,
          ]
        : value < 0
          ? ["negative_number", `Número negativo en ${label}: ${text}`]
          : ["number_too_large", `Número fuera de rango en ${label}: ${text}`];
    findings.push({ severity: "error", code, col, message });
  });
  return findings;
}

/** The row's twelve months of one kind: a value where the document has a column, else null. */
function monthsOf(layout: Layout, numbers: RowNumbers, kind: "prog" | "exec"): (number | null)[] {
  const months: (number | null)[] = [];
  for (let m = 0; m < 12; m++) {
    const column = layout.months[kind][m];
    // An empty programmed cell means nothing was planned (0); an empty executed cell, nothing reported.
    months.push(column ? (numbers.get(column.col) ?? (kind === "prog" ? 0 : null)) : null);
  }
  return months;
}

/** A row's numbers and, derived once, its programmed and executed months. */
export type RowFigures = { numbers: RowNumbers; prog: (number | null)[]; exec: (number | null)[] };

export function figuresOf(layout: Layout, numbers: RowNumbers): RowFigures {
  return { numbers, prog: monthsOf(layout, numbers, "prog"), exec: monthsOf(layout, numbers, "exec") };
}

const YEAR = Array.from({ length: 12 }, (_, m) => m);
function hasAll(layout: Layout, kind: "prog" | "exec", months: readonly number[]): boolean {
  // A loop, not `every`: a closure per call, on every row, was garbage by the megabyte.
  for (const m of months) if (!layout.months[kind][m]) return false;
  return true;
}

/** META = Σ programmed months; each quarter, half or total column = Σ its months. */
export function checkSums(
  layout: Layout,
  { numbers, prog, exec }: RowFigures,
  style: NumberStyle,
): Finding[] {
  const findings: Finding[] = [];
  const target = layout.fields.annualTarget;
  const value = target && numbers.get(target.col);
  if (target && typeof value === "number" && hasAll(layout, "prog", YEAR)) {
    const total = sum(prog);
    if (differ(value, total))
      findings.push({
        severity: "warning",
        code: "target_mismatch",
        col: target.col,
        miss: miss(value, total),
        message: `${target.label} ${formatNumber(value, style)} no coincide con la suma de los meses programados (${formatNumber(total, style)})`,
      });
  }
  for (const period of layout.periods) {
    const stated = numbers.get(period.col);
    if (typeof stated !== "number" || !hasAll(layout, period.kind, period.months)) continue;
    const months = period.kind === "prog" ? prog : exec;
    let total = 0;
    for (const m of period.months) total += months[m] ?? 0;
    if (differ(stated, total))
      findings.push({
        severity: "warning",
        code: "period_mismatch",
        col: period.col,
        miss: miss(stated, total),
        message: `${period.label} ${formatNumber(stated, style)} no coincide con la suma de ${span(period.months)} (${formatNumber(total, style)})`,
      });
  }
  return findings;
}

/** A month with something programmed and nothing executed, before a month that reports execution. */
export function checkGaps(layout: Layout, { prog, exec }: RowFigures, style: NumberStyle): Finding[] {
  const last = exec.findLastIndex((v) => v !== null);
  const findings: Finding[] = [];
  for (let m = 0; m < last; m++) {
    const column = layout.months.exec[m];
    if (column && exec[m] === null && (prog[m] ?? 0) > 0)
      findings.push({
        severity: "warning",
        code: "reporting_gap",
        col: column.col,
        message: `Falta el valor ejecutado de ${MONTH_NAMES[m]} (programado ${formatNumber(prog[m] ?? 0, style)}), pero hay ejecución registrada en ${MONTH_NAMES[last]}`,
      });
  }
  return findings;
}

export type RowDates = { start?: DateReading; end?: DateReading; findings: Finding[]; unreadable: number[] };

const DATE_FIELDS = [
  ["start", "startDate"],
  ["end", "endDate"],
] as const;

/** Start and end dates read against the plan's year; outside the year or reversed is reported. */
export function checkDates(layout: Layout, cells: readonly string[], year: number): RowDates {
  const result: RowDates = { findings: [], unreadable: [] };
  for (const [edge, field] of DATE_FIELDS) {
    const column = layout.fields[field];
    if (!column) continue;
    const text = cells[column.col] ?? "";
    const date = readDate(text, year, edge);
    if (date === null) continue;
    if (date === undefined) {
      result.unreadable.push(column.col);
      result.findings.push({
        severity: "warning",
        code: "unreadable_date",
        col: column.col,
        message: `No se puede leer la fecha «${text}» en ${column.label}; se conserva como texto`,
      });
      continue;
    }
    result[edge] = date;
    if (date.year !== year)
      result.findings.push({
        severity: "warning",
        code: "date_out_of_year",
        col: column.col,
        message: `${column.label} ${date.iso} está fuera del año del plan (${year})`,
      });
  }
  const { start, end } = result;
  if (start && end && end.iso < start.iso)
    result.findings.push({
      severity: "error",
      code: "date_order",
      col: layout.fields.endDate?.col,
      message: `${layout.fields.endDate?.label} ${end.iso} es anterior a ${layout.fields.startDate?.label} ${start.iso}`,
    });
  return result;
}

/** A TOTAL row against the sum of the rows it covers, column by column. */
export function checkTotal(
  layout: Layout,
  total: RowNumbers,
  rows: readonly RowFigures[],
  label: string,
  style: NumberStyle,
): Finding[] {
  const findings: Finding[] = [];
  total.forEach((stated, col) => {
    if (typeof stated !== "number") return;
    const computed = sum(rows.map((row) => row.numbers.get(col)));
    if (differ(stated, computed)) {
      const column = labelOf(layout, col);
      findings.push({
        severity: "warning",
        code: "total_mismatch",
        col,
        miss: miss(stated, computed),
        message: `${label} de ${column} ${formatNumber(stated, style)} no coincide con la suma de las actividades (${formatNumber(computed, style)})`,
      });
    }
  });
  return findings;
}
