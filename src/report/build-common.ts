/**
 * What every report builder shares: the context a report is issued in, the three figures and
 * the light of a row, the notes, the labels (in the report's language: texts.ts).
 *
 * Conventions of the cells every builder writes (the writers rely on them):
 * - `programmed`, `executed`, `executionPct` are the row's figures for the period; `light` is its
 *   traffic light (`"green" | "amber" | "red"`, null when there is no %).
 * - quantities are plain numbers (exact to 4 decimals); `null` = nothing registered ("—").
 * - a `pct` cell is a percentage, unrounded (`96.82436…` means 96.8 %), as the domain's
 *   `executionPct` returns it: writers round for display and divide by 100 for a `0.0%` format.
 * - a `date` cell is an ISO date (`2023-01-03`) or date-time (`2021-04-05T14:03:00Z`).
 */
import type { CellValue, ReportColumn, ReportKind } from "../contract/report.js";
import { type Figures, NO_FIGURES } from "../domain/figures.js";
import { formatQuantity } from "../domain/format.js";
import { type Period, periodCode, periodMonths } from "../domain/periods.js";
import { DEFAULT_REPORT_LANGUAGE, type ReportLanguage } from "../domain/report-language.js";
import { isOverExecution, type Thresholds, trafficLight } from "../domain/traffic-light.js";
import type { Report, ReportRow, ReportSection, Totals } from "./model.js";
import { type ReportTexts, reportTexts } from "./texts.js";

export type ReportContext = {
  institution: { name: string; locale: string };
  plan: { id: string; title: string; year: number; kind: "POI" | "POA" };
  period: Period;
  thresholds: Thresholds;
  /** ISO date-time of issue (injected: reports are reproducible in tests). */
  issuedAt: string;
  /** Distinct units of measure of the activities summed (for the note saying they are summed). */
  unitsOfMeasure?: string[];
  /** Withdrawn activities of the plan, left out of every figure. */
  withdrawnCount?: number;
  /** The unit the report is restricted to (with its sub-units), when it is. */
  unit?: { name: string };
  /** The language of the report's texts; Spanish when absent. */
  language?: ReportLanguage;
  /** The plan's closed months (for the note on nothing recorded in a closed month). */
  closedMonths?: readonly number[];
};

/** The texts of the context's language. */
export function textsOf(context: Pick<ReportContext, "language">): ReportTexts {
  return reportTexts(context.language);
}

/** `ENE` … `DIC` (`JAN` … `DEC`), as the documents head their month columns. */
export function monthAbbreviation(month: number, texts: ReportTexts = reportTexts()): string {
  return texts.monthAbbreviations[month - 1] ?? String(month);
}

/** The short name of a period for a column group: `I TRIM`, `II SEM`, `MAR`, `AÑO`, `ACUM. A MAR`. */
export function periodShortLabel(period: Period, texts: ReportTexts = reportTexts()): string {
  switch (period.kind) {
    case "month":
      return monthAbbreviation(period.month, texts);
    case "quarter":
      return texts.periodShort.quarter(period.quarter);
    case "half":
      return texts.periodShort.half(period.half);
    case "year":
      return texts.periodShort.year;
    case "ytd":
      return period.through === 0
        ? texts.periodShort.ytdNone
        : texts.periodShort.ytd(monthAbbreviation(period.through, texts));
  }
}

/** The last month a period reaches (0 for a year-to-date with no closed month). */
export function periodEnd(period: Period): number {
  return periodMonths(period).at(-1) ?? 0;
}

/** The three figures of a row as cells. */
export function figureCells(figures: Figures): Record<"programmed" | "executed" | "executionPct", CellValue> {
  return {
    programmed: figures.programmed,
    executed: figures.executed,
    executionPct: figures.executionPct,
  };
}

/** A row with its figures, light and over-execution flag. */
export function figureRow(
  kind: ReportRow["kind"],
  cells: Record<string, CellValue>,
  figures: Figures,
  thresholds: Thresholds,
  depth?: number,
): ReportRow {
  const light = trafficLight(figures.executionPct, thresholds);
  return {
    kind,
    ...(depth === undefined ? {} : { depth }),
    cells: { ...cells, ...figureCells(figures), light },
    light,
    overExecution: isOverExecution(figures.executionPct, thresholds),
  };
}

export function totalsOf(figures: Figures, thresholds: Thresholds): Totals {
  return {
    programmed: figures.programmed,
    executed: figures.executed,
    executionPct: figures.executionPct,
    light: trafficLight(figures.executionPct, thresholds),
  };
}

/** The three figure columns and the light, under a group header (`long`: `PROGRAMADO`, `EJECUTADO`). */
export function figureColumns(
  texts: ReportTexts,
  group?: string,
  options: { long?: boolean } = {},
): ReportColumn[] {
  const grouped = group ? { group } : {};
  const { columns } = texts;
  return [
    {
      key: "programmed",
      label: options.long ? columns.programmedLong : columns.programmed,
      kind: "quantity",
      ...grouped,
    },
    {
      key: "executed",
      label: options.long ? columns.executedLong : columns.executed,
      kind: "quantity",
      ...grouped,
    },
    // Not under the period's group: a reader (Avance's importer too) would take `I TRIM % EJEC.`
    // for the quarter's executed quantity.
    { key: "executionPct", label: columns.executionPct, kind: "pct" },
    { key: "light", label: columns.light, kind: "light" },
  ];
}

/** The footnotes every report carries, in the report's language. */
export function commonNotes(context: ReportContext, options: { sumsQuantities: boolean }): string[] {
  const { thresholds, period } = context;
  const { notes: texts } = textsOf(context);
  const notes: string[] = [];
  if (options.sumsQuantities) {
    const units = context.unitsOfMeasure ?? [];
    notes.push(units.length > 1 ? texts.sumsUnits(units) : texts.sums);
  }
  notes.push(texts.pct);
  notes.push(
    texts.lights(
      formatQuantity(thresholds.greenFrom),
      formatQuantity(thresholds.amberFrom),
      formatQuantity(thresholds.overExecutionAbove),
    ),
  );
  if (period.kind === "ytd" && period.through === 0) notes.push(texts.noClosedMonths);
  const closed = new Set(context.closedMonths ?? []);
  if (periodMonths(period).some((month) => closed.has(month))) notes.push(texts.closedZero);
  if ((context.withdrawnCount ?? 0) > 0) notes.push(texts.withdrawn(context.withdrawnCount as number));
  if (context.unit) notes.push(texts.unit(context.unit.name));
  return notes;
}

/**
 * The notes on how progress activities are totalled: among themselves, and apart from the
 * quantities when the set mixes both kinds (`progressTotals`).
 */
export function kindNotes(context: ReportContext, kinds: { progress: boolean; mixed: boolean }): string[] {
  const { notes: texts } = textsOf(context);
  return [...(kinds.progress ? [texts.progressRollup] : []), ...(kinds.mixed ? [texts.mixedKinds] : [])];
}

export function assembleReport(
  kind: ReportKind,
  title: string,
  context: ReportContext,
  totals: Figures,
  notes: string[],
  sections: ReportSection[],
  /** The progress activities' total apart, when the report mixes both kinds. */
  progressTotals?: Figures,
  /** "progress" when every activity of the report is a progress one. */
  totalsMeasure?: "progress",
): Report {
  return {
    kind,
    language: context.language ?? DEFAULT_REPORT_LANGUAGE,
    title,
    institution: context.institution,
    plan: context.plan,
    period: { code: periodCode(context.period), label: textsOf(context).periodLabel(context.period) },
    issuedAt: context.issuedAt,
    thresholds: { ...context.thresholds },
    totals: totalsOf(totals, context.thresholds),
    ...(progressTotals ? { progressTotals: totalsOf(progressTotals, context.thresholds) } : {}),
    ...(totalsMeasure ? { totalsMeasure } : {}),
    notes,
    sections,
  };
}

export const EMPTY_FIGURES: Figures = NO_FIGURES;

/** `Marzo` (`March`) for 3. */
export function monthLabel(month: number, texts: ReportTexts = reportTexts()): string {
  return texts.monthNames[month - 1] ?? String(month);
}
