/**
 * The POI monitoring report, in the layout of seed 004: unit, activity, budget activity, unit of
 * measure, annual target, programmed by month (ENE…DIC), executed by month up to the period's end,
 * the period's programmed and executed, execution % and light, and the TOTAL row. Optionally the
 * activities are grouped by unit (in plan order) with a subtotal after each unit, and the period's
 * baseline programming is shown beside the current one.
 *
 * Pure: every figure comes from the database (`activityLines`, `lineTotals`).
 */

import type { CellValue, ReportColumn } from "../contract/report.js";
import { MONTHS } from "../domain/months.js";
import type { ActivityLine, LineTotals } from "../domain/report-rows.js";
import { withRisk } from "./at-risk.js";
import {
  assembleReport,
  commonNotes,
  figureColumns,
  figureRow,
  kindNotes,
  monthAbbreviation,
  periodEnd,
  periodShortLabel,
  type ReportContext,
  textsOf,
} from "./build-common.js";
import type { Report, ReportRow } from "./model.js";

export type PoiInput = {
  lines: ActivityLine[];
  totals: { units: LineTotals[]; total: LineTotals };
  /** Group rows by unit with a subtotal after each. */
  subtotals?: boolean;
  /** Show the period's baseline programming beside the current one (lines and totals must carry it). */
  baseline?: boolean;
};

const programmedKey = (month: number) => `p${String(month).padStart(2, "0")}`;
const executedKey = (month: number) => `e${String(month).padStart(2, "0")}`;

export function poiColumns(context: ReportContext, options: { baseline?: boolean } = {}): ReportColumn[] {
  const through = periodEnd(context.period);
  const texts = textsOf(context);
  const { columns } = texts;
  const group = periodShortLabel(context.period, texts);
  return [
    { key: "unit", label: columns.poiUnit, kind: "text" },
    { key: "activity", label: columns.poiActivity, kind: "text" },
    { key: "budgetActivity", label: columns.budgetActivity, kind: "text" },
    { key: "unitOfMeasure", label: columns.unitOfMeasure, kind: "text" },
    { key: "annualTarget", label: columns.annualTarget, kind: "quantity" },
    ...Array.from({ length: MONTHS }, (_, i) => ({
      key: programmedKey(i + 1),
      label: monthAbbreviation(i + 1, texts),
      kind: "quantity" as const,
      group: columns.programmedLong,
    })),
    ...Array.from({ length: through }, (_, i) => ({
      key: executedKey(i + 1),
      label: monthAbbreviation(i + 1, texts),
      kind: "quantity" as const,
      group: columns.executedLong,
    })),
    ...(options.baseline
      ? [{ key: "baselineProgrammed", label: columns.baselineProgrammed, kind: "quantity" as const, group }]
      : []),
    ...figureColumns(texts, group),
  ];
}

function monthCells(
  programmed: readonly (number | null)[],
  executed: readonly (number | null)[],
  through: number,
): Record<string, CellValue> {
  const cells: Record<string, CellValue> = {};
  for (let month = 1; month <= MONTHS; month++) cells[programmedKey(month)] = programmed[month - 1] ?? null;
  for (let month = 1; month <= through; month++) cells[executedKey(month)] = executed[month - 1] ?? null;
  return cells;
}

function activityRow(line: ActivityLine, context: ReportContext, baseline: boolean): ReportRow {
  const row = figureRow(
    "activity",
    {
      unit: line.unitName,
      activity: line.name,
      budgetActivity: line.budgetActivity,
      unitOfMeasure: line.unitOfMeasure,
      annualTarget: line.annualTarget,
      ...monthCells(line.programmedMonths, line.executedMonths, periodEnd(context.period)),
      ...(baseline ? { baselineProgrammed: line.baselineProgrammed ?? 0 } : {}),
    },
    line.figures,
    context.thresholds,
  );
  // Not a column (no file shows it): the JSON carries it so a screen can link to the activity.
  return withRisk({ ...row, cells: { ...row.cells, activityId: line.id } }, line.missingClosedMonths);
}

function totalsRow(
  kind: "subtotal" | "total",
  label: { unit: string; activity: string | null },
  totals: LineTotals,
  context: ReportContext,
  baseline: boolean,
): ReportRow {
  return figureRow(
    kind,
    {
      unit: label.unit,
      activity: label.activity,
      budgetActivity: null,
      unitOfMeasure: null,
      annualTarget: totals.annualTarget,
      ...monthCells(totals.programmedMonths, totals.executedMonths, periodEnd(context.period)),
      ...(baseline ? { baselineProgrammed: totals.baselineProgrammed ?? 0 } : {}),
    },
    totals.figures,
    context.thresholds,
  );
}

export function buildPoiReport(context: ReportContext, input: PoiInput): Report {
  const texts = textsOf(context);
  const baseline = input.baseline === true;
  const rows: ReportRow[] = [];
  if (input.subtotals) {
    // Units in the order their first activity appears in the plan; activities in plan order.
    const groups = new Map<string, ActivityLine[]>();
    for (const line of input.lines) {
      const group = groups.get(line.unitId) ?? [];
      group.push(line);
      groups.set(line.unitId, group);
    }
    const subtotals = new Map(input.totals.units.map((totals) => [totals.unitId, totals]));
    for (const [unitId, lines] of groups) {
      for (const line of lines) rows.push(activityRow(line, context, baseline));
      const totals = subtotals.get(unitId);
      if (totals) {
        const unitName = lines[0]?.unitName ?? "";
        rows.push(
          totalsRow("subtotal", { unit: unitName, activity: texts.subtotal }, totals, context, baseline),
        );
        if (totals.progress) {
          rows.push(
            totalsRow(
              "subtotal",
              { unit: unitName, activity: texts.subtotalProgress },
              totals.progress,
              context,
              baseline,
            ),
          );
        }
      }
    }
  } else {
    for (const line of input.lines) rows.push(activityRow(line, context, baseline));
  }
  rows.push(totalsRow("total", { unit: texts.total, activity: null }, input.totals.total, context, baseline));
  const progress = input.totals.total.progress;
  if (progress) {
    rows.push(totalsRow("total", { unit: texts.totalProgress, activity: null }, progress, context, baseline));
  }

  const notes = commonNotes(context, { sumsQuantities: true });
  if (input.lines.some((line) => !line.cumulative || line.measureKind !== "quantity"))
    notes.push(texts.notes.nonCumulative);
  notes.push(
    ...kindNotes(context, {
      progress: input.lines.some((line) => line.measureKind === "progress"),
      mixed: progress !== undefined,
    }),
  );
  if (baseline) notes.push(texts.notes.baseline);
  return assembleReport(
    "poi",
    texts.titles.poi(texts.periodLabel(context.period)),
    context,
    input.totals.total.figures,
    notes,
    [{ title: texts.sections.poi, columns: poiColumns(context, { baseline }), rows }],
    progress?.figures,
  );
}
