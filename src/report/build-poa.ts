/**
 * The POA report, in the layout of seed 000 (PROYECTO, OBJETIVO, ZONA DE ACCIÓN, ACTIVIDADES,
 * FECHA INICIAL, FECHA FINAL, METAS, INDICADOR) with the INDICADOR column filled: each activity's
 * execution % for the period, with its light. The period's programmed and executed stand before
 * it so the indicator can be checked; a UNIDAD column is added when the plan spans several units.
 *
 * Pure: every figure comes from the database (`activityLines`, `lineTotals`).
 */
import type { ActivityLine, LineTotals } from "../db/report-queries.js";
import { periodLabel } from "../domain/periods.js";
import { withRisk } from "./at-risk.js";
import {
  assembleReport,
  commonNotes,
  figureRow,
  NON_CUMULATIVE_NOTE,
  periodShortLabel,
  type ReportContext,
} from "./build-common.js";
import type { Report, ReportColumn, ReportRow } from "./model.js";

export type PoaInput = { lines: ActivityLine[]; total: LineTotals };

export function poaColumns(context: ReportContext, withUnit: boolean): ReportColumn[] {
  const group = periodShortLabel(context.period);
  return [
    ...(withUnit ? [{ key: "unit", label: "UNIDAD ORGÁNICA", kind: "text" as const }] : []),
    { key: "project", label: "PROYECTO", kind: "text" },
    { key: "objective", label: "OBJETIVO", kind: "text" },
    { key: "location", label: "ZONA DE ACCIÓN", kind: "text" },
    { key: "activity", label: "ACTIVIDADES", kind: "text" },
    { key: "startDate", label: "FECHA INICIAL", kind: "date" },
    { key: "endDate", label: "FECHA FINAL", kind: "date" },
    { key: "goal", label: "METAS", kind: "text" },
    { key: "programmed", label: "PROG", kind: "quantity", group },
    { key: "executed", label: "EJEC", kind: "quantity", group },
    { key: "executionPct", label: "INDICADOR (Porcentaje)", kind: "pct" },
    { key: "light", label: "SEMÁFORO", kind: "light" },
  ];
}

export function buildPoaReport(context: ReportContext, input: PoaInput): Report {
  const withUnit = new Set(input.lines.map((line) => line.unitId)).size > 1;
  const rows: ReportRow[] = input.lines.map((line) =>
    withRisk(
      figureRow(
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
      ),
      line.missingClosedMonths,
    ),
  );
  rows.push(
    figureRow(
      "total",
      { ...(withUnit ? { unit: "TOTAL" } : { project: "TOTAL" }) },
      input.total.figures,
      context.thresholds,
    ),
  );
  const notes = [
    "INDICADOR (Porcentaje): avance del periodo, ejecutado ÷ programado × 100 de cada actividad.",
    ...commonNotes(context, { sumsQuantities: true }),
  ];
  if (input.lines.some((line) => !line.cumulative || line.measureKind !== "quantity"))
    notes.push(NON_CUMULATIVE_NOTE);
  if (input.lines.length > 0 && input.total.figures.programmed === 0) {
    notes.push("Ninguna actividad tiene programación en el periodo: el indicador queda sin valor («—»).");
  }
  return assembleReport(
    "poa",
    `Plan operativo anual con indicador de avance — ${periodLabel(context.period)}`,
    context,
    input.total.figures,
    notes,
    [{ title: "POA", columns: poaColumns(context, withUnit), rows }],
  );
}
