/**
 * Report figures written for a reader of the institution's locale. The digits come from
 * `src/domain/format.ts` (the way the source documents write them: `6,350`, `96.8 %`, "—"); only
 * the two separators follow the locale, so Peru and El Salvador read `6,350.5` and Spain or
 * Colombia `6.350,5`. Dates are written day first (`15/04/2021`), as every Spanish-speaking office does.
 * In an English report too: only its words change (texts.ts), never how its figures are written.
 */
import type { CellValue, ColumnKind, ReportColumn } from "../contract/report.js";
import { formatPct, formatQuantity, NO_VALUE } from "../domain/format.js";
import type { TrafficLight } from "../domain/traffic-light.js";
import type { Report, ReportRow } from "./model.js";
import { type ReportTexts, reportTexts } from "./texts.js";

export { NO_VALUE };

/** The locale of a report whose institution names none (or one that is not a locale). */
export const DEFAULT_LOCALE = "es-PE";

export type NumberLocale = {
  locale: string;
  /** Decimal mark: `.` (es-PE, es-MX, es-SV) or `,` (es-ES, es-CO, es-AR). */
  decimal: string;
  /** Thousands separator: `,`, `.` or a (narrow) no-break space. */
  group: string;
};

const cache = new Map<string, NumberLocale>();

/** The separators of a locale (`es-PE`, `es_PE`, `es-CO`…); an unknown or empty one is es-PE. */
export function numberLocale(locale: string | null | undefined): NumberLocale {
  const wanted = (locale ?? "").trim().replace(/_/g, "-") || DEFAULT_LOCALE;
  const known = cache.get(wanted);
  if (known) return known;
  let resolved: NumberLocale;
  try {
    const parts = new Intl.NumberFormat(wanted, { useGrouping: true }).formatToParts(1234567.5);
    const decimal = parts.find((part) => part.type === "decimal")?.value ?? ".";
    const group = parts.find((part) => part.type === "group")?.value ?? (decimal === "," ? "." : ",");
    resolved = { locale: wanted, decimal, group };
  } catch {
    resolved = { locale: DEFAULT_LOCALE, decimal: ".", group: "," };
  }
  cache.set(wanted, resolved);
  return resolved;
}

/** Rewrites the separators of a figure written as the documents do (`,` thousands, `.` decimal). */
function localize(text: string, locale: NumberLocale): string {
  if (locale.decimal === "." && locale.group === ",") return text;
  return text.replace(/[.,]/g, (mark) => (mark === "," ? locale.group : locale.decimal));
}

/** `6,350` / `6.350` / `12.5` / `12,5`; `null` is "" (an empty cell, as in the documents). */
export function quantityText(value: number | null, locale: NumberLocale): string {
  return value === null ? "" : localize(formatQuantity(value), locale);
}

/** `96.8 %` / `96,8 %`; `null` (nothing programmed) is "—", never 0 % or 100 %. */
export function pctText(pct: number | null, locale: NumberLocale, decimals = 1): string {
  return pct === null ? NO_VALUE : localize(formatPct(pct, decimals), locale);
}

/** A threshold as the legend says it: `90 %`, `87.5 %`. */
export function thresholdText(pct: number, locale: NumberLocale): string {
  return `${localize(formatQuantity(pct, 2), locale)} %`;
}

/**
 * `2021-04-15` → `15/04/2021`; `2021-04-15T10:30:00-05:00` → `15/04/2021` (with `withTime`:
 * `15/04/2021 10:30`).
 * The date and time are taken as written, never converted to the machine's time zone: the
 * report says the day the institution issued it. Anything else is returned unchanged.
 */
export function dateText(iso: string, withTime = false): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?/.exec(iso.trim());
  if (!match) return iso;
  const [, year, month, day, hours, minutes] = match;
  const date = `${day}/${month}/${year}`;
  return withTime && hours !== undefined ? `${date} ${hours}:${minutes}` : date;
}

const LIGHTS = new Set<string>(["green", "amber", "red"]);

export function isTrafficLight(value: unknown): value is TrafficLight {
  return typeof value === "string" && LIGHTS.has(value);
}

/** The marker added to the light of an over-executed row (the light itself stays green). */
export const OVER_EXECUTION_MARK = "+";

/**
 * The light a `light` cell shows: the cell's own light when it holds one (`"green"`…), else the
 * row's. Rows carry their light; a section with several light columns names each in its cells.
 */
export function cellLight(value: CellValue | undefined, rowLight: TrafficLight | null): TrafficLight | null {
  if (isTrafficLight(value)) return value;
  return rowLight;
}

/** `Verde`, `Ámbar`, `Rojo` (`Green`…; with ` +` when over-executed), or "—" for no light. */
export function lightText(
  light: TrafficLight | null,
  overExecution = false,
  texts: ReportTexts = reportTexts(),
): string {
  if (light === null) return NO_VALUE;
  const label = texts.lights[light];
  return overExecution ? `${label} ${OVER_EXECUTION_MARK}` : label;
}

/**
 * A cell written as text for CSV and PDF. A cell the row does not have (`undefined`: the month
 * columns of a subtotal) stays empty; `null` is a figure that does not exist (no % when nothing
 * was programmed: "—"). A light column shows the row's light when the cell does not name one.
 */
export function cellText(
  kind: ColumnKind,
  value: CellValue | undefined,
  locale: NumberLocale,
  row: { light: TrafficLight | null; overExecution: boolean },
  texts: ReportTexts = reportTexts(),
): string {
  if (value === undefined && kind !== "light") return "";
  switch (kind) {
    case "quantity":
    case "count":
      if (typeof value === "number") return quantityText(value, locale);
      return value ?? "";
    case "pct":
      if (typeof value === "number") return pctText(value, locale);
      return value ?? NO_VALUE;
    case "light": {
      const light = cellLight(value ?? null, row.light);
      if (light === null && typeof value === "string" && value !== "") return value;
      return lightText(light, light !== null && row.overExecution, texts);
    }
    case "date":
      return typeof value === "string" ? dateText(value, true) : value == null ? "" : String(value);
    case "text":
      return value == null ? "" : typeof value === "number" ? quantityText(value, locale) : value;
  }
}

/** The lines of the legend of the traffic light, from the report's thresholds. */
export function legendLines(
  report: Report,
  locale: NumberLocale,
): { light: TrafficLight | null; text: string }[] {
  const { greenFrom, amberFrom, overExecutionAbove } = report.thresholds;
  const { lights, legend } = reportTexts(report.language);
  const green = thresholdText(greenFrom, locale);
  const amber = thresholdText(amberFrom, locale);
  return [
    { light: "green", text: `${lights.green}: ${legend.green(green)}` },
    { light: "amber", text: `${lights.amber}: ${legend.amber(amber, green)}` },
    { light: "red", text: `${lights.red}: ${legend.red(amber)}` },
    { light: null, text: legend.over(OVER_EXECUTION_MARK, thresholdText(overExecutionAbove, locale)) },
    { light: null, text: legend.none(NO_VALUE) },
  ];
}

/** The lines of the title block every writer prints above the tables. */
export function titleLines(report: Report): { label: string; value: string }[] {
  const { writer } = reportTexts(report.language);
  return [
    { label: writer.institution, value: report.institution.name },
    { label: writer.plan, value: `${report.plan.title} (${report.plan.kind} ${report.plan.year})` },
    { label: writer.period, value: report.period.label },
    { label: writer.issuedAt, value: dateText(report.issuedAt, true) },
  ];
}

// ---------------------------------------------------------------------------------------------
// Table layout shared by the writers: the two-level header and the labels of summary rows.

export type HeaderLayout = {
  /** Whether any column has a group: the header then takes two rows. */
  twoLevel: boolean;
  /** Runs of consecutive columns under one group: [first, last] indexes and the group's label. */
  groups: { first: number; last: number; label: string }[];
};

/** The groups of a section's header (`PROGRAMADO` over ENE…DIC, `I TRIM` over PROG and EJEC). */
export function headerLayout(columns: readonly ReportColumn[]): HeaderLayout {
  const groups: HeaderLayout["groups"] = [];
  columns.forEach((column, index) => {
    if (!column.group) return;
    const last = groups.at(-1);
    if (last && last.last === index - 1 && last.label === column.group) last.last = index;
    else groups.push({ first: index, last: index, label: column.group });
  });
  return { twoLevel: groups.length > 0, groups };
}

/** The two header rows as text (the group over the first column of its run, as the documents print it). */
export function headerTexts(columns: readonly ReportColumn[]): string[][] {
  const { twoLevel, groups } = headerLayout(columns);
  if (!twoLevel) return [columns.map((column) => column.label)];
  const top = columns.map((column) => (column.group ? "" : column.label));
  const bottom = columns.map((column) => (column.group ? column.label : ""));
  for (const group of groups) top[group.first] = group.label;
  return [top, bottom];
}

/** How many columns at the left are text: a summary row's label spans them. */
export function leadingTextColumns(columns: readonly ReportColumn[]): number {
  const first = columns.findIndex((column) => column.kind !== "text");
  return first < 0 ? columns.length : first;
}

/** A unit row with no figures: the heading of its unit's activities. */
export function isHeading(row: ReportRow, columns: readonly ReportColumn[]): boolean {
  if (row.kind !== "unit") return false;
  const span = leadingTextColumns(columns);
  return columns.slice(span).every((column) => {
    const value = row.cells[column.key];
    return value === null || value === undefined || value === "";
  });
}

/**
 * The label of a TOTAL, subtotal or unit-heading row, written across the leading text columns:
 * its text cells joined, with `TOTAL` / `Subtotal` in front when the builder left it out (a reader
 * of the file, and Avance's importer, recognise these rows by that word). `undefined` for
 * activity rows, unit rows that carry figures (a line of the unit summary: written cell by cell)
 * and sections without text columns at the left.
 */
export function summaryLabel(row: ReportRow, columns: readonly ReportColumn[]): string | undefined {
  if (row.kind === "activity") return undefined;
  const span = leadingTextColumns(columns);
  if (span === 0) return undefined;
  const pieces = columns
    .slice(0, span)
    .map((column) => row.cells[column.key])
    .filter((value) => value !== null && value !== undefined && String(value).trim() !== "")
    .map((value) => String(value).trim());
  if (row.kind === "unit") return isHeading(row, columns) ? pieces.join(" · ") : undefined;
  const [keyword, word] =
    row.kind === "total" ? [/^total\b/i, "TOTAL"] : [/^sub\s*-?\s*total\b/i, "Subtotal"];
  // `TOTAL` / `SUBTOTAL` first (where the builder put it), then what the row totals: `SUBTOTAL JEFATURA SAT`.
  const at = pieces.findIndex((piece) => keyword.test(piece));
  const [lead = word] = at >= 0 ? pieces.splice(at, 1) : [];
  return [lead, pieces.join(" · ")].filter(Boolean).join(" ");
}
