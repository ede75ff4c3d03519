/**
 * The activity sheet: one activity's identification, its twelve months (current and baseline
 * programming, executed up to the period's end, money when there is any) with the period's
 * figures, the comments of its execution entries and its reprogramming history.
 *
 * Pure. The period's figures come from the database (`scopeFigures` of the activity); a month's %
 * is that single month's, computed with the domain's `executionPct`.
 */

import type { CellValue, ReportColumn } from "../contract/report.js";
import { executionPct, type Figures, periodFigures } from "../domain/figures.js";
import { formatQuantity } from "../domain/format.js";
import { MONTHS } from "../domain/months.js";
import { periodMonths } from "../domain/periods.js";
import type { ActivityDetail, ExecutionComment, ReprogrammingRecord } from "../domain/report-rows.js";
import { isOverExecution, trafficLight } from "../domain/traffic-light.js";
import {
  assembleReport,
  commonNotes,
  figureRow,
  monthAbbreviation,
  monthLabel,
  periodEnd,
  periodShortLabel,
  type ReportContext,
  textsOf,
} from "./build-common.js";
import type { Report, ReportRow, ReportSection } from "./model.js";
import { type ReportTexts, reportTexts } from "./texts.js";

export type ActivityInput = {
  detail: ActivityDetail;
  /** The period's figures of the activity (withdrawn: none). */
  figures: Figures;
  comments: ExecutionComment[];
  reprogrammings: ReprogrammingRecord[];
};

function measureLabel(detail: ActivityDetail, texts: ReportTexts): string {
  if (detail.measureKind === "progress") return texts.sheet.progress;
  return detail.cumulative ? texts.sheet.cumulative : texts.sheet.nonCumulative;
}

function sheetSection(detail: ActivityDetail, texts: ReportTexts): ReportSection {
  const quantity = (value: number | null) => (value === null ? null : formatQuantity(value));
  const { sheet } = texts;
  const fields: [string, string | null][] = [
    [sheet.unit, detail.unitName],
    [sheet.code, detail.code],
    [sheet.activity, detail.name],
    [sheet.project, detail.project],
    [sheet.objective, detail.objective],
    [sheet.location, detail.location],
    [sheet.budgetActivity, detail.budgetActivity],
    [sheet.unitOfMeasure, detail.unitOfMeasure],
    [sheet.annualTarget, quantity(detail.annualTarget)],
    [sheet.goal, detail.goal],
    [sheet.startDate, detail.startDate],
    [sheet.endDate, detail.endDate],
    [sheet.responsible, detail.responsible],
    [sheet.oei, [detail.oeiCode, detail.oeiName].filter(Boolean).join(" ") || null],
    [sheet.aei, [detail.aeiCode, detail.aeiName].filter(Boolean).join(" ") || null],
    [sheet.measure, measureLabel(detail, texts)],
    [sheet.status, detail.active ? sheet.active : sheet.withdrawn],
  ];
  return {
    title: texts.sections.sheet,
    columns: [
      { key: "field", label: texts.columns.field, kind: "text" },
      { key: "value", label: texts.columns.value, kind: "text" },
    ],
    rows: fields
      .filter(([, value]) => value !== null && value !== "")
      .map(([field, value]) => ({
        kind: "activity" as const,
        cells: { field, value },
        light: null,
        overExecution: false,
      })),
  };
}

/** The period's programmed in the baseline version, by the domain's rules for one activity. */
function baselineOfPeriod(context: ReportContext, detail: ActivityDetail): number {
  const measure = { ...detail, programmed: detail.baselineMonths, executed: detail.executedMonths };
  return periodFigures(measure, periodMonths(context.period)).programmed;
}

function monthsSection(context: ReportContext, input: ActivityInput): ReportSection {
  const { detail } = input;
  const texts = textsOf(context);
  const { columns: labels } = texts;
  const through = periodEnd(context.period);
  const withMoney = [...detail.programmedMoney, ...detail.executedMoney].some((value) => value !== null);
  const programmedGroup = labels.programmedLong;
  const columns: ReportColumn[] = [
    { key: "month", label: labels.month, kind: "text" },
    { key: "baselineProgrammed", label: labels.baseline, kind: "quantity", group: programmedGroup },
    { key: "programmed", label: labels.current, kind: "quantity", group: programmedGroup },
    { key: "executed", label: labels.executedLong, kind: "quantity" },
    { key: "executionPct", label: labels.executionPct, kind: "pct" },
    { key: "light", label: labels.light, kind: "light" },
    ...(withMoney
      ? [
          {
            key: "programmedMoney",
            label: labels.programmedLong,
            kind: "quantity" as const,
            group: labels.budget,
          },
          {
            key: "executedMoney",
            label: labels.executedLong,
            kind: "quantity" as const,
            group: labels.budget,
          },
        ]
      : []),
  ];
  const rows: ReportRow[] = [];
  for (let month = 1; month <= MONTHS; month++) {
    const programmed = detail.programmedMonths[month - 1] ?? null;
    const executed = month <= through ? (detail.executedMonths[month - 1] ?? null) : null;
    const pct = detail.active ? executionPct(programmed ?? 0, executed) : null;
    const light = trafficLight(pct, context.thresholds);
    const cells: Record<string, CellValue> = {
      month: monthLabel(month, texts),
      baselineProgrammed: detail.baselineMonths[month - 1] ?? null,
      programmed,
      executed,
      executionPct: pct,
      light,
    };
    if (withMoney) {
      cells.programmedMoney = detail.programmedMoney[month - 1] ?? null;
      cells.executedMoney = month <= through ? (detail.executedMoney[month - 1] ?? null) : null;
    }
    rows.push({ kind: "activity", cells, light, overExecution: isOverExecution(pct, context.thresholds) });
  }
  rows.push(
    figureRow(
      "total",
      {
        month: `${texts.total} ${periodShortLabel(context.period, texts)}`,
        baselineProgrammed: baselineOfPeriod(context, detail),
      },
      input.figures,
      context.thresholds,
    ),
  );
  return { title: texts.sections.months, columns, rows };
}

function commentsSection(comments: readonly ExecutionComment[], texts: ReportTexts): ReportSection {
  const { columns } = texts;
  return {
    title: texts.sections.comments,
    columns: [
      { key: "month", label: columns.month, kind: "text" },
      { key: "value", label: columns.executedLong, kind: "quantity" },
      { key: "comment", label: columns.comment, kind: "text" },
      { key: "author", label: columns.enteredBy, kind: "text" },
      { key: "enteredAt", label: columns.date, kind: "date" },
    ],
    rows: comments.map((comment) => ({
      kind: "activity" as const,
      cells: {
        month: monthLabel(comment.month, texts),
        value: comment.value,
        comment: comment.comment,
        author: comment.author,
        enteredAt: comment.enteredAt,
      },
      light: null,
      overExecution: false,
    })),
  };
}

/** `MAR: 4 → 6; ABR: — → 2`: the months a reprogramming changes. */
export function changedMonths(
  oldValues: readonly (number | null)[],
  newValues: readonly (number | null)[],
  texts: ReportTexts = reportTexts(),
): string {
  const text = (value: number | null | undefined) => (value == null ? "—" : formatQuantity(value));
  const changes: string[] = [];
  for (let i = 0; i < MONTHS; i++) {
    const before = oldValues[i] ?? null;
    const after = newValues[i] ?? null;
    if (before !== after)
      changes.push(`${monthAbbreviation(i + 1, texts)}: ${text(before)} → ${text(after)}`);
  }
  return changes.join("; ");
}

function reprogrammingSection(records: readonly ReprogrammingRecord[], texts: ReportTexts): ReportSection {
  const total = (values: readonly (number | null)[]) =>
    values.every((value) => value === null)
      ? null
      : // Integer ten-thousandths, as the domain sums: exact.
        values.reduce<number>((sum, value) => sum + Math.round((value ?? 0) * 10_000), 0) / 10_000;
  const { columns } = texts;
  return {
    title: texts.sections.reprogrammings,
    columns: [
      { key: "requestedAt", label: columns.requestedAt, kind: "date" },
      { key: "status", label: columns.status, kind: "text" },
      { key: "justification", label: columns.justification, kind: "text" },
      { key: "changes", label: columns.changes, kind: "text" },
      { key: "oldTotal", label: columns.before, kind: "quantity", group: columns.annualTotal },
      { key: "newTotal", label: columns.after, kind: "quantity", group: columns.annualTotal },
      { key: "requestedBy", label: columns.requestedBy, kind: "text" },
      { key: "reviewedBy", label: columns.reviewedBy, kind: "text" },
      { key: "reviewedAt", label: columns.reviewedAt, kind: "date" },
      { key: "reviewComment", label: columns.reviewComment, kind: "text" },
    ],
    rows: records.map((record) => ({
      kind: "activity" as const,
      cells: {
        requestedAt: record.requestedAt,
        status: texts.sheet.reprogramming[record.status],
        justification: record.justification,
        changes: changedMonths(record.oldValues, record.newValues, texts),
        oldTotal: total(record.oldValues),
        newTotal: total(record.newValues),
        requestedBy: record.requestedBy,
        reviewedBy: record.reviewedBy,
        reviewedAt: record.reviewedAt,
        reviewComment: record.reviewComment,
      },
      light: null,
      overExecution: false,
    })),
  };
}

export function buildActivityReport(context: ReportContext, input: ActivityInput): Report {
  const { detail } = input;
  const texts = textsOf(context);
  const notes = commonNotes(
    { ...context, unitsOfMeasure: detail.unitOfMeasure ? [detail.unitOfMeasure] : [] },
    { sumsQuantities: false },
  );
  if (!detail.cumulative || detail.measureKind !== "quantity") notes.push(texts.notes.nonCumulative);
  if (!detail.active) notes.unshift(texts.notes.withdrawnActivity);
  return assembleReport(
    "activity",
    texts.titles.activity(detail.name, texts.periodLabel(context.period)),
    context,
    input.figures,
    notes,
    [
      sheetSection(detail, texts),
      monthsSection(context, input),
      commentsSection(input.comments, texts),
      reprogrammingSection(input.reprogrammings, texts),
    ],
  );
}
