/**
 * What every report builder shares: the context a report is issued in, the three figures and
 * the light of a row, the notes, the Spanish labels.
 *
 * Conventions of the cells every builder writes (the writers rely on them):
 * - `programmed`, `executed`, `executionPct` are the row's figures for the period; `light` is its
 *   traffic light (`"green" | "amber" | "red"`, null when there is no %).
 * - quantities are plain numbers (exact to 4 decimals); `null` = nothing registered ("—").
 * - a `pct` cell is a percentage, unrounded (`96.82436…` means 96.8 %), as the domain's
 *   `executionPct` returns it: writers round for display and divide by 100 for a `0.0%` format.
 * - a `date` cell is an ISO date (`2023-01-03`) or date-time (`2021-04-05T14:03:00Z`).
 */
import { type Figures, NO_FIGURES } from "../domain/figures.js";
import { formatQuantity } from "../domain/format.js";
import { MONTH_NAMES, type Period, periodCode, periodLabel, periodMonths } from "../domain/periods.js";
import { isOverExecution, type Thresholds, trafficLight } from "../domain/traffic-light.js";
import type {
  CellValue,
  Report,
  ReportColumn,
  ReportKind,
  ReportRow,
  ReportSection,
  Totals,
} from "./model.js";

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
};

/** `ENE` … `DIC`, as the documents head their month columns. */
export const MONTH_ABBREVIATIONS = [
  "ENE",
  "FEB",
  "MAR",
  "ABR",
  "MAY",
  "JUN",
  "JUL",
  "AGO",
  "SEP",
  "OCT",
  "NOV",
  "DIC",
] as const;

export function monthAbbreviation(month: number): string {
  return MONTH_ABBREVIATIONS[month - 1] ?? String(month);
}

const ROMAN = ["I", "II", "III", "IV"];

/** The short name of a period for a column group: `I TRIM`, `II SEM`, `MAR`, `AÑO`, `ACUM. A MAR`. */
export function periodShortLabel(period: Period): string {
  switch (period.kind) {
    case "month":
      return monthAbbreviation(period.month);
    case "quarter":
      return `${ROMAN[period.quarter - 1]} TRIM`;
    case "half":
      return `${ROMAN[period.half - 1]} SEM`;
    case "year":
      return "AÑO";
    case "ytd":
      return period.through === 0 ? "ACUMULADO" : `ACUM. A ${monthAbbreviation(period.through)}`;
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

/** The three figure columns and the light, under a group header. */
export function figureColumns(
  group?: string,
  labels = { programmed: "PROG", executed: "EJEC" },
): ReportColumn[] {
  const grouped = group ? { group } : {};
  return [
    { key: "programmed", label: labels.programmed, kind: "quantity", ...grouped },
    { key: "executed", label: labels.executed, kind: "quantity", ...grouped },
    // Not under the period's group: a reader (Avance's importer too) would take `I TRIM % EJEC.`
    // for the quarter's executed quantity.
    { key: "executionPct", label: "% EJEC.", kind: "pct" },
    { key: "light", label: "SEMÁFORO", kind: "light" },
  ];
}

function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} y ${items.at(-1)}`;
}

/** The footnotes every report carries, in Spanish. */
export function commonNotes(context: ReportContext, options: { sumsQuantities: boolean }): string[] {
  const { thresholds, period } = context;
  const notes: string[] = [];
  if (options.sumsQuantities) {
    const units = context.unitsOfMeasure ?? [];
    notes.push(
      units.length > 1
        ? `Los totales suman cantidades de distintas unidades de medida (${list(units)}), como lo hacen los documentos de origen: son referenciales.`
        : "Los totales suman las cantidades de las actividades, como lo hacen los documentos de origen; si tienen distintas unidades de medida, son referenciales.",
    );
  }
  notes.push(
    "% EJEC. = ejecutado ÷ programado × 100, calculado sobre las sumas (nunca como promedio de porcentajes); «—» cuando no hay nada programado o nada reportado en el periodo.",
  );
  notes.push(
    `Semáforo: verde desde ${formatQuantity(thresholds.greenFrom)} %, ámbar desde ${formatQuantity(thresholds.amberFrom)} %, rojo por debajo; más de ${formatQuantity(thresholds.overExecutionAbove)} % se señala como sobreejecución (indica una programación deficiente).`,
  );
  if (period.kind === "ytd" && period.through === 0) {
    notes.push("No hay meses cerrados: el acumulado aún no incluye ningún mes.");
  }
  if ((context.withdrawnCount ?? 0) > 0) {
    const n = context.withdrawnCount as number;
    notes.push(
      n === 1
        ? "1 actividad retirada no se incluye en las cifras."
        : `${n} actividades retiradas no se incluyen en las cifras.`,
    );
  }
  if (context.unit) notes.push(`Limitado a ${context.unit.name} y sus unidades dependientes.`);
  return notes;
}

/** Note for plans with stocks, rates or progress %: their period figure is the last month. */
export const NON_CUMULATIVE_NOTE =
  "Las actividades no acumulativas (existencias, tasas) y las medidas en % de avance toman el último mes con dato del periodo, no la suma de sus meses.";

export function assembleReport(
  kind: ReportKind,
  title: string,
  context: ReportContext,
  totals: Figures,
  notes: string[],
  sections: ReportSection[],
): Report {
  return {
    kind,
    title,
    institution: context.institution,
    plan: context.plan,
    period: { code: periodCode(context.period), label: periodLabel(context.period) },
    issuedAt: context.issuedAt,
    thresholds: { ...context.thresholds },
    totals: totalsOf(totals, context.thresholds),
    notes,
    sections,
  };
}

export const EMPTY_FIGURES: Figures = NO_FIGURES;

/** `Marzo` for 3. */
export function monthLabel(month: number): string {
  const name = MONTH_NAMES[month - 1] ?? String(month);
  return name.charAt(0).toUpperCase() + name.slice(1);
}
