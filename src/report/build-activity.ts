/**
 * The activity sheet: one activity's identification, its twelve months (current and baseline
 * programming, executed up to the period's end, money when there is any) with the period's
 * figures, the comments of its execution entries and its reprogramming history.
 *
 * Pure. The period's figures come from the database (`scopeFigures` of the activity); a month's %
 * is that single month's, computed with the domain's `executionPct`.
 */
import type { ActivityDetail, ExecutionComment, ReprogrammingRecord } from "../db/report-queries.js";
import { executionPct, type Figures, periodFigures } from "../domain/figures.js";
import { formatQuantity } from "../domain/format.js";
import { MONTHS } from "../domain/months.js";
import { periodLabel, periodMonths } from "../domain/periods.js";
import { isOverExecution, trafficLight } from "../domain/traffic-light.js";
import {
  assembleReport,
  commonNotes,
  figureRow,
  monthAbbreviation,
  monthLabel,
  NON_CUMULATIVE_NOTE,
  periodEnd,
  periodShortLabel,
  type ReportContext,
} from "./build-common.js";
import type { CellValue, Report, ReportColumn, ReportRow, ReportSection } from "./model.js";

export type ActivityInput = {
  detail: ActivityDetail;
  /** The period's figures of the activity (withdrawn: none). */
  figures: Figures;
  comments: ExecutionComment[];
  reprogrammings: ReprogrammingRecord[];
};

const STATUS_LABELS: Record<ReprogrammingRecord["status"], string> = {
  pending: "Pendiente",
  approved: "Aprobada",
  rejected: "Rechazada",
};

function measureLabel(detail: ActivityDetail): string {
  if (detail.measureKind === "progress") return "Avance (%): cuenta el último mes con dato";
  return detail.cumulative
    ? "Cantidad acumulativa: se suman los meses"
    : "Cantidad no acumulativa: cuenta el último mes con dato";
}

function sheetSection(detail: ActivityDetail): ReportSection {
  const quantity = (value: number | null) => (value === null ? null : formatQuantity(value));
  const fields: [string, string | null][] = [
    ["Unidad orgánica", detail.unitName],
    ["Código", detail.code],
    ["Actividad", detail.name],
    ["Proyecto", detail.project],
    ["Objetivo", detail.objective],
    ["Zona de acción", detail.location],
    ["Actividad presupuestal", detail.budgetActivity],
    ["Unidad de medida", detail.unitOfMeasure],
    ["Meta anual", quantity(detail.annualTarget)],
    ["Metas", detail.goal],
    ["Fecha inicial", detail.startDate],
    ["Fecha final", detail.endDate],
    ["Responsable", detail.responsible],
    ["OEI", [detail.oeiCode, detail.oeiName].filter(Boolean).join(" ") || null],
    ["AEI", [detail.aeiCode, detail.aeiName].filter(Boolean).join(" ") || null],
    ["Medición", measureLabel(detail)],
    ["Estado", detail.active ? "Vigente" : "Retirada (no cuenta en las cifras)"],
  ];
  return {
    title: "Ficha",
    columns: [
      { key: "field", label: "DATO", kind: "text" },
      { key: "value", label: "VALOR", kind: "text" },
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
  const through = periodEnd(context.period);
  const withMoney = [...detail.programmedMoney, ...detail.executedMoney].some((value) => value !== null);
  const columns: ReportColumn[] = [
    { key: "month", label: "MES", kind: "text" },
    { key: "baselineProgrammed", label: "LÍNEA BASE", kind: "quantity", group: "PROGRAMADO" },
    { key: "programmed", label: "VIGENTE", kind: "quantity", group: "PROGRAMADO" },
    { key: "executed", label: "EJECUTADO", kind: "quantity" },
    { key: "executionPct", label: "% EJEC.", kind: "pct" },
    { key: "light", label: "SEMÁFORO", kind: "light" },
    ...(withMoney
      ? [
          { key: "programmedMoney", label: "PROGRAMADO", kind: "quantity" as const, group: "PRESUPUESTO" },
          { key: "executedMoney", label: "EJECUTADO", kind: "quantity" as const, group: "PRESUPUESTO" },
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
      month: monthLabel(month),
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
        month: `TOTAL ${periodShortLabel(context.period)}`,
        baselineProgrammed: baselineOfPeriod(context, detail),
      },
      input.figures,
      context.thresholds,
    ),
  );
  return { title: "Meses", columns, rows };
}

function commentsSection(comments: readonly ExecutionComment[]): ReportSection {
  return {
    title: "Comentarios",
    columns: [
      { key: "month", label: "MES", kind: "text" },
      { key: "value", label: "EJECUTADO", kind: "quantity" },
      { key: "comment", label: "COMENTARIO", kind: "text" },
      { key: "author", label: "REGISTRADO POR", kind: "text" },
      { key: "enteredAt", label: "FECHA", kind: "date" },
    ],
    rows: comments.map((comment) => ({
      kind: "activity" as const,
      cells: {
        month: monthLabel(comment.month),
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
): string {
  const text = (value: number | null | undefined) => (value == null ? "—" : formatQuantity(value));
  const changes: string[] = [];
  for (let i = 0; i < MONTHS; i++) {
    const before = oldValues[i] ?? null;
    const after = newValues[i] ?? null;
    if (before !== after) changes.push(`${monthAbbreviation(i + 1)}: ${text(before)} → ${text(after)}`);
  }
  return changes.join("; ");
}

function reprogrammingSection(records: readonly ReprogrammingRecord[]): ReportSection {
  const total = (values: readonly (number | null)[]) =>
    values.every((value) => value === null)
      ? null
      : // Integer ten-thousandths, as the domain sums: exact.
        values.reduce<number>((sum, value) => sum + Math.round((value ?? 0) * 10_000), 0) / 10_000;
  return {
    title: "Reprogramaciones",
    columns: [
      { key: "requestedAt", label: "SOLICITADA", kind: "date" },
      { key: "status", label: "ESTADO", kind: "text" },
      { key: "justification", label: "JUSTIFICACIÓN", kind: "text" },
      { key: "changes", label: "CAMBIOS", kind: "text" },
      { key: "oldTotal", label: "ANTES", kind: "quantity", group: "TOTAL ANUAL" },
      { key: "newTotal", label: "DESPUÉS", kind: "quantity", group: "TOTAL ANUAL" },
      { key: "requestedBy", label: "SOLICITADA POR", kind: "text" },
      { key: "reviewedBy", label: "REVISADA POR", kind: "text" },
      { key: "reviewedAt", label: "REVISADA", kind: "date" },
      { key: "reviewComment", label: "COMENTARIO DE REVISIÓN", kind: "text" },
    ],
    rows: records.map((record) => ({
      kind: "activity" as const,
      cells: {
        requestedAt: record.requestedAt,
        status: STATUS_LABELS[record.status],
        justification: record.justification,
        changes: changedMonths(record.oldValues, record.newValues),
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
  const notes = commonNotes(
    { ...context, unitsOfMeasure: detail.unitOfMeasure ? [detail.unitOfMeasure] : [] },
    { sumsQuantities: false },
  );
  if (!detail.cumulative || detail.measureKind !== "quantity") notes.push(NON_CUMULATIVE_NOTE);
  if (!detail.active)
    notes.unshift("Actividad retirada: conserva su historia, pero no cuenta en ninguna cifra.");
  return assembleReport(
    "activity",
    `Ficha de actividad: ${detail.name} — ${periodLabel(context.period)}`,
    context,
    input.figures,
    notes,
    [
      sheetSection(detail),
      monthsSection(context, input),
      commentsSection(input.comments),
      reprogrammingSection(input.reprogrammings),
    ],
  );
}
