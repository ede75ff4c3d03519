/**
 * The POA report, in the layout of seed 000 (PROYECTO, OBJETIVO, ZONA DE ACCIÓN, ACTIVIDADES,
 * FECHA INICIAL, FECHA FINAL, METAS, INDICADOR) with the INDICADOR column filled: each activity's
 * execution % for the period, with its light. The period's programmed and executed stand before
 * it so the indicator can be checked; a UNIDAD column is added when the plan spans several units.
 *
 * Pure: every figure comes from the database (`activityLines`, `lineTotals`).
 */
import type { ReportColumn } from "../contract/report.js";
import type { ActivityLine, LineTotals } from "../domain/report-rows.js";
import { withRisk } from "./at-risk.js";
import {
  assembleReport,
  commonNotes,
  figureRow,
  kindNotes,
  periodShortLabel,
  type ReportContext,
  textsOf,
} from "./build-common.js";
import type { Report, ReportRow } from "./model.js";

export type PoaInput = { lines: ActivityLine[]; total: LineTotals };

export function poaColumns(context: ReportContext, withUnit: boolean): ReportColumn[] {
  const texts = textsOf(context);
  const { columns } = texts;
  const group = periodShortLabel(context.period, texts);
  return [
    ...(withUnit ? [{ key: "unit", label: columns.unit, kind: "text" as const }] : []),
    { key: "project", label: columns.project, kind: "text" },
    { key: "objective", label: columns.objective, kind: "text" },
    { key: "location", label: columns.location, kind: "text" },
    { key: "activity", label: columns.activities, kind: "text" },
    { key: "startDate", label: columns.startDate, kind: "date" },
    { key: "endDate", label: columns.endDate, kind: "date" },
    { key: "goal", label: columns.goal, kind: "text" },
    { key: "programmed", label: columns.programmed, kind: "quantity", group },
    { key: "executed", label: columns.executed, kind: "quantity", group },
    { key: "executionPct", label: columns.indicator, kind: "pct" },
    { key: "light", label: columns.light, kind: "light" },
  ];
}

export function buildPoaReport(context: ReportContext, input: PoaInput): Report {
  const texts = textsOf(context);
  const withUnit = new Set(input.lines.map((line) => line.unitId)).size > 1;
  const rows: ReportRow[] = input.lines.map((line) => {
    const row = figureRow(
      "activity",
      {
        ...(withUnit ? { unit: line.unitName } : {}),
        project: line.project,
        objective: line.objective,
        location: line.location,
        activity: line.name,
        startDate: line.startDate,
        endDate: line.endDate,
        goal: line.goal,
      },
      line.figures,
      context.thresholds,
    );
    // Not a column (no file shows it): the JSON carries it so a screen can link to the activity.
    return withRisk({ ...row, cells: { ...row.cells, activityId: line.id } }, line.missingClosedMonths);
  });
  rows.push(
    figureRow(
      "total",
      { ...(withUnit ? { unit: texts.total } : { project: texts.total }) },
      input.total.figures,
      context.thresholds,
    ),
  );
  const progress = input.total.progress;
  if (progress) {
    rows.push(
      figureRow(
        "total",
        { ...(withUnit ? { unit: texts.totalProgress } : { project: texts.totalProgress }) },
        progress.figures,
        context.thresholds,
      ),
    );
  }
  const notes = [texts.notes.indicator, ...commonNotes(context, { sumsQuantities: true })];
  if (input.lines.some((line) => !line.cumulative || line.measureKind !== "quantity"))
    notes.push(texts.notes.nonCumulative);
  notes.push(
    ...kindNotes(context, {
      progress: input.lines.some((line) => line.measureKind === "progress"),
      mixed: progress !== undefined,
    }),
  );
  if (input.lines.length > 0 && input.total.figures.programmed === 0 && !progress?.figures.programmed) {
    notes.push(texts.notes.nothingProgrammed);
  }
  return assembleReport(
    "poa",
    texts.titles.poa(texts.periodLabel(context.period)),
    context,
    input.total.figures,
    notes,
    [{ title: texts.sections.poa, columns: poaColumns(context, withUnit), rows }],
    progress?.figures,
  );
}
