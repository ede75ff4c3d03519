/**
 * The unit summary: per unit, in tree order (parents before their sub-units), its activities,
 * programmed, executed, execution %, light and how many of its activities are red — each unit
 * judged by its whole subtree — then the TOTAL. With the chart specs the PDF (and later the web)
 * draws: programmed vs executed by month, the cumulative lines and the units ranked by %.
 *
 * Pure: every figure comes from the database (`unitSummary`, `scopeFigures`, `monthlySeries`).
 */

import type { ChartSpec, ReportColumn } from "../contract/report.js";
import { MONTHS } from "../domain/months.js";
import type { MonthlySeries, ScopeFigures, UnitSummaryLine } from "../domain/report-rows.js";
import { trafficLight } from "../domain/traffic-light.js";
import { rankedDepth } from "../domain/unit-ranking.js";
import {
  assembleReport,
  commonNotes,
  figureColumns,
  figureRow,
  kindNotes,
  monthAbbreviation,
  periodEnd,
  type ReportContext,
  textsOf,
} from "./build-common.js";
import type { Report, ReportRow } from "./model.js";
import type { ReportTexts } from "./texts.js";

export type UnitsInput = {
  units: UnitSummaryLine[];
  total: ScopeFigures & { redCount: number };
  series: MonthlySeries;
};

export function unitColumns(texts: ReportTexts): ReportColumn[] {
  return [
    { key: "unit", label: texts.columns.unit, kind: "text" },
    { key: "activities", label: texts.columns.activities, kind: "count" },
    ...figureColumns(texts, undefined, { long: true }),
    { key: "red", label: texts.columns.red, kind: "count" },
  ];
}

/** The units a ranking compares, the same the dashboard's table lists (`rankedDepth`). */
function rankedLevel(units: readonly UnitSummaryLine[]): UnitSummaryLine[] {
  const depth = rankedDepth(units);
  return units.filter((unit) => unit.depth === depth);
}

export function unitCharts(context: ReportContext, input: UnitsInput): ChartSpec[] {
  const texts = textsOf(context);
  const through = periodEnd(context.period);
  const months = Array.from({ length: MONTHS }, (_, i) => monthAbbreviation(i + 1, texts));
  const upToEnd = <T>(values: T[]): (T | null)[] => values.map((value, i) => (i < through ? value : null));
  const ranked = rankedLevel(input.units)
    .map((unit) => ({
      name: unit.name,
      executionPct: unit.subtree.executionPct,
      light: trafficLight(unit.subtree.executionPct, context.thresholds),
    }))
    .sort((a, b) => {
      if (a.executionPct === null || b.executionPct === null) {
        return a.executionPct === b.executionPct ? 0 : a.executionPct === null ? 1 : -1;
      }
      return b.executionPct - a.executionPct || a.name.localeCompare(b.name, "es");
    });
  return [
    {
      kind: "monthly-bars",
      title: texts.charts.monthly,
      months,
      programmed: input.series.monthly.map((figures) => figures.programmed),
      executed: upToEnd(input.series.monthly.map((figures) => figures.executed)),
    },
    {
      kind: "cumulative-lines",
      title: texts.charts.cumulative,
      months,
      programmed: input.series.cumulative.map((figures) => figures.programmed),
      executed: upToEnd(input.series.cumulative.map((figures) => figures.executed)),
    },
    {
      kind: "units-ranked",
      title: texts.charts.ranked(texts.periodLabel(context.period)),
      units: ranked,
    },
  ];
}

export function buildUnitsReport(context: ReportContext, input: UnitsInput): Report {
  const texts = textsOf(context);
  const rows: ReportRow[] = input.units.map((unit) =>
    figureRow(
      "unit",
      { unit: unit.name, activities: unit.subtree.activityCount, red: unit.subtree.redCount },
      unit.subtree,
      context.thresholds,
      unit.depth,
    ),
  );
  rows.push(
    figureRow(
      "total",
      { unit: texts.total, activities: input.total.activityCount, red: input.total.redCount },
      input.total,
      context.thresholds,
    ),
  );
  const progress = input.total.progress;
  if (progress) {
    rows.push(
      figureRow(
        "total",
        { unit: texts.totalProgress, activities: progress.activityCount, red: null },
        progress,
        context.thresholds,
      ),
    );
  }
  const notes = [
    texts.notes.units,
    ...commonNotes(context, { sumsQuantities: true }),
    ...kindNotes(context, {
      progress: progress !== undefined || input.total.measureKind === "progress",
      mixed: progress !== undefined,
    }),
  ];
  return assembleReport(
    "units",
    texts.titles.units(texts.periodLabel(context.period)),
    context,
    input.total,
    notes,
    [
      {
        title: texts.sections.units,
        columns: unitColumns(texts),
        rows,
        charts: unitCharts(context, input),
      },
    ],
    progress,
    input.total.measureKind,
  );
}
