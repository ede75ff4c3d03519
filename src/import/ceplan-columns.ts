/**
 * The columns of a CEPLAN export, by name. Exports of other entities, years and stages carry
 * other phases and fewer columns, so nothing here depends on a column's position: the header
 * row is read once and every column is recognised by its folded name (accents, case and a
 * `DE` inside the name ignored: `Centro Costo ID` = `Centro de Costo ID`).
 */

import { fold } from "../domain/normalize.js";
import type { Problem, SourceRef } from "../domain/plan-draft.js";
import type { Sheet } from "./grid.js";

/** Programming phases in the order of the POI's year (`RE` = the current programming). */
export const PROGRAMMING_PHASES = ["A", "AJ", "CS", "RE"] as const;
export type ProgrammingPhase = (typeof PROGRAMMING_PHASES)[number];
/** Monitoring: the executed values. */
export const EXECUTED_PHASE = "SE";

export const PHASE_NAMES: Record<ProgrammingPhase, string> = {
  A: "Programación aprobada (A)",
  AJ: "Programación ajustada (AJ)",
  CS: "Programación consistenciada con el presupuesto (CS)",
  RE: "Programación reprogramada (RE)",
};

/** The columns that have a place of their own in the draft, with the name the export gives them. */
export const FIELDS = {
  year: "POI",
  stage: "Etapa",
  institutionCode: "UE ID",
  institution: "UE",
  responsibleCode: "CC Responsable ID",
  responsible: "CC Responsable",
  costCentreCode: "Centro Costo ID",
  costCentre: "Centro de Costo",
  oeiCode: "OEI",
  oeiName: "Objetivo Estrategico Institucional",
  aeiCode: "AEI",
  aeiName: "Acción Estratégica Institucional",
  budgetActivity: "Actividad Presupuestal",
  code: "Actividad Operativa ID",
  name: "Actividad Operativa",
  priority: "Prioridad",
  unitOfMeasure: "Unidad de Medida",
  cumulative: "Acumulado",
  active: "Activo AO",
} as const;
export type Field = keyof typeof FIELDS;

/** A header's name as matched: folded, without `DE`/`DEL` and spaces around parentheses. */
export function headerKey(label: string): string {
  return fold(label)
    .replace(/\b(DE|DEL)\b/g, " ")
    .replace(/\s*([()])\s*/g, "$1")
    .replace(/\s+/g, " ")
    .trim();
}

const SYNONYMS: Partial<Record<Field, string[]>> = { year: ["ANO", "ANO POI"] };

const FIELD_BY_KEY = new Map<string, Field>(
  (Object.entries(FIELDS) as [Field, string][]).flatMap(([field, label]) => [
    [headerKey(label), field],
    ...(SYNONYMS[field] ?? []).map((synonym): [string, Field] => [synonym, field]),
  ]),
);

/** `F(RE) 03`, `Fn(SE) Total`: physical (`F`) or money (`Fn`) figures of a phase. */
const FIGURE = /^F(N?)\(([A-Z0-9_]+)\) ?(\d{1,2}|TOTAL)$/;
/** `Motivo(SE) 03`: the unit's explanation of a month's execution. */
const MOTIVE = /^MOTIVO\(SE\) ?(\d{1,2})$/;

/** Columns of one series: twelve months (undefined where the export has no column) and its total. */
export type Series = { months: (number | undefined)[]; total?: number };
export type PhaseColumns = { quantity?: Series; money?: Series };

export type CeplanColumns = {
  /** The header as the export writes it, to cite a column. */
  labels: readonly string[];
  fields: Partial<Record<Field, number>>;
  /** Every phase the export has figures for, intermediate ones (`RE_P`, `SE_P`) excluded. */
  phases: Map<string, PhaseColumns>;
  /** `Motivo(SE) 01..12`, when the export has them. */
  motives?: (number | undefined)[];
  /** Phases this reader does not know: their columns are kept as attributes. */
  unknownPhases: string[];
  /** Columns with no place of their own: kept verbatim in each activity's attributes. */
  attributes: number[];
};

const KNOWN_PHASES = new Set<string>([...PROGRAMMING_PHASES, EXECUTED_PHASE]);

/**
 * The export's header row: its key column `Actividad Operativa ID` beside a figures column or
 * the cost-centre tree, so an ordinary plan table that happens to have an "ID" is not taken.
 */
export function isCeplanHeader(row: readonly string[]): boolean {
  const keys = new Set(row.map(headerKey));
  if (!keys.has(headerKey(FIELDS.code))) return false;
  return (
    [...keys].some((key) => FIGURE.test(key)) ||
    keys.has(headerKey(FIELDS.costCentreCode)) ||
    keys.has(headerKey(FIELDS.responsibleCode))
  );
}

const monthSlots = () => Array.from<number | undefined>({ length: 12 });

export function ceplanColumns(header: readonly string[]): CeplanColumns {
  const columns: CeplanColumns = {
    labels: header,
    fields: {},
    phases: new Map(),
    unknownPhases: [],
    attributes: [],
  };
  header.forEach((label, col) => {
    const key = headerKey(label);
    const field = FIELD_BY_KEY.get(key);
    if (field && columns.fields[field] === undefined) {
      columns.fields[field] = col;
      return;
    }
    const figure = FIGURE.exec(key);
    if (figure) {
      const [, money, phase = "", slot = ""] = figure;
      // RE_P and SE_P are the application's drafts of RE and SE: their Total is not even the
      // sum of their months, so they are never figures, nor worth keeping.
      if (phase.endsWith("_P")) return;
      if (KNOWN_PHASES.has(phase)) {
        const month = slot === "TOTAL" ? undefined : Number(slot) - 1;
        if (month === undefined || (month >= 0 && month < 12)) {
          const phaseColumns = columns.phases.get(phase) ?? {};
          columns.phases.set(phase, phaseColumns);
          const kind = money ? "money" : "quantity";
          const series = phaseColumns[kind] ?? { months: monthSlots() };
          phaseColumns[kind] = series;
          if (month === undefined) series.total ??= col;
          else series.months[month] ??= col;
          return;
        }
      } else if (!columns.unknownPhases.includes(phase)) columns.unknownPhases.push(phase);
    }
    const motive = MOTIVE.exec(key);
    const month = motive ? Number(motive[1]) - 1 : -1;
    if (month >= 0 && month < 12) {
      columns.motives ??= monthSlots();
      if (columns.motives[month] === undefined) {
        columns.motives[month] = col;
        return;
      }
    }
    columns.attributes.push(col);
  });
  return columns;
}

/** Columns read as numbers: the months and totals of every known phase. */
export function numericColumns(columns: CeplanColumns): number[] {
  const cols: number[] = [];
  for (const phase of columns.phases.values())
    for (const series of [phase.quantity, phase.money])
      if (series) for (const col of [...series.months, series.total]) if (col !== undefined) cols.push(col);
  return cols;
}

/** A front end may keep the numbers a spreadsheet stored (xlsx): those are read, not their text. */
export type NumberedSheet = Sheet & { numberAt?(row: number, col: number): number | undefined };

/** Excel's "keep this as text" prefix on codes (`'000127`, `'04.02`): not part of the value. */
export const stripApostrophe = (text: string) => text.replace(/^'+/, "").trim();

/** The export being read: its columns, its activity rows, and how to cite and report a cell. */
export type CeplanTable = {
  sheet: NumberedSheet;
  headerRow: number;
  columns: CeplanColumns;
  /** 0-based rows of the sheet holding activities (blank rows and repeated headers skipped). */
  rows: number[];
  /** A field's text in a row, apostrophe stripped; "" when the export has no such column. */
  text(row: number, field: Field): string;
  /** The cell's place in the file, with its column as the header names it. */
  at(row: number, col: number): SourceRef;
  report(row: number, col: number, severity: Problem["severity"], code: string, message: string): void;
};
