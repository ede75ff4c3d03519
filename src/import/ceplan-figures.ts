/**
 * The figures of one CEPLAN row: a series is twelve months plus the export's own Total, which
 * is checked, never stored (Avance recomputes every period from the months).
 */
import type { Series } from "./ceplan-columns.js";
import { formatNumber, type NumberStyle } from "./values.js";

/** A number cell: `null` empty ("nothing registered", not 0), `undefined` when unreadable. */
export type ReadCell = (col: number) => number | null | undefined;

export type SeriesValues = { months: (number | null)[]; total: number | null };

export function seriesValues(series: Series, read: ReadCell): SeriesValues {
  const value = (col: number | undefined) => (col === undefined ? null : (read(col) ?? null));
  return { months: series.months.map(value), total: value(series.total) };
}

export const hasValue = (values: SeriesValues | undefined) =>
  !!values && (values.total !== null || values.months.some((value) => value !== null));

/** Half a cent: the export writes two decimals, and sums of them carry float noise. */
const differ = (a: number, b: number) => Math.abs(a - b) > 0.005 + 1e-9 * Math.max(Math.abs(a), Math.abs(b));

const sum = (months: readonly (number | null)[]) => months.reduce<number>((a, b) => a + (b ?? 0), 0);
const lastOf = (months: readonly (number | null)[]) => months.findLast((value) => value !== null) ?? null;

/**
 * The year's figure from the months: their sum, or for a non-cumulative quantity (a stock, a
 * rate) its last registered month. `null` when no month has a value.
 */
export function yearFigure(months: readonly (number | null)[], cumulative: boolean): number | null {
  if (months.every((value) => value === null)) return null;
  return cumulative ? sum(months) : lastOf(months);
}

const STYLE: NumberStyle = { decimal: "." };
const show = (value: number) => formatNumber(Math.round(value * 10_000) / 10_000, STYLE);

/**
 * What is wrong with a series' Total, if anything. Money and cumulative quantities: Total is the
 * sum of the months. A non-cumulative quantity's Total is, per CEPLAN, not the sum; the sample
 * export has no non-cumulative activity with figures to tell which rule its application uses,
 * so a Total is accepted when it is the last registered month (what Avance takes as the year's
 * figure), the largest month or the sum, and reported only when it is none of them.
 */
export function totalMismatch(label: string, values: SeriesValues, additive: boolean): string | undefined {
  const { months, total } = values;
  if (total === null) return;
  const monthsSum = sum(months);
  if (additive) {
    if (differ(total, monthsSum)) return `${label} ${show(total)} ≠ suma de los meses ${show(monthsSum)}`;
    return;
  }
  const last = lastOf(months) ?? 0;
  const largest = Math.max(0, ...months.map((value) => value ?? 0));
  if ([last, largest, monthsSum].some((candidate) => !differ(total, candidate))) return;
  return `${label} ${show(total)} no es el último mes registrado (${show(last)}), ni el mayor (${show(largest)}), ni la suma de los meses (${show(monthsSum)}) de esta actividad no acumulativa`;
}
