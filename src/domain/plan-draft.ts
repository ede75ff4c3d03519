/**
 * What every reader produces: a plan draft plus row-level problems. Nothing here touches the
 * database; committing a draft is a separate step (preview, then commit).
 */
import type { Monthly } from "./months.js";

/** Where something came from, precise enough for a user to find it in their file. */
export type SourceRef = {
  file: string;
  /** 1-based line of a text file. */
  line?: number;
  /** 1-based row of a table without lines of its own (an HTML export). */
  row?: number;
  /** Worksheet and cell (`B7`) of a spreadsheet. */
  sheet?: string;
  cell?: string;
  /** The column as the document names it (`META`, `PROGRAMADO MAR`). */
  column?: string;
};

/** A place in words, for a message: `la línea 8`, `la fila 5`, `la celda BE7 de la hoja POI`. */
export function where(ref: SourceRef): string {
  if (ref.line !== undefined) return `la línea ${ref.line}`;
  if (ref.row !== undefined) return `la fila ${ref.row}`;
  if (ref.cell) return `la celda ${ref.cell}${ref.sheet ? ` de la hoja ${ref.sheet}` : ""}`;
  return "otra fila";
}

export type Problem = SourceRef & {
  /** `error`: the row cannot be imported; `warning`: imported, but suspicious. */
  severity: "error" | "warning";
  /** Stable machine code (`target_mismatch`, `negative_number`…). */
  code: string;
  /** Spanish, with the numbers: "META 49 ≠ suma de los meses programados 48". */
  message: string;
};

export type UnitDraft = {
  /** Unique within the draft; children name their parent by it. */
  key: string;
  name: string;
  code?: string;
  parentKey?: string;
  responsible?: string;
};

export type ProgrammingDraft = { quantity: Monthly; money?: Monthly };

export type ActivityDraft = {
  unitKey: string;
  name: string;
  code?: string;
  project?: string;
  objective?: string;
  location?: string;
  budgetActivity?: string;
  unitOfMeasure?: string;
  annualTarget: number | null;
  /** ISO dates (`2023-01-03`). */
  startDate?: string;
  endDate?: string;
  goal?: string;
  responsible?: string;
  measureKind: "quantity" | "progress";
  cumulative: boolean;
  oeiCode?: string;
  oeiName?: string;
  aeiCode?: string;
  aeiName?: string;
  priority?: number;
  active: boolean;
  /** Source columns with no place of their own; kept so nothing is lost. */
  attributes: Record<string, string>;
  /** By programming version code (see `PlanDraft.versions`). */
  programmed: Record<string, ProgrammingDraft>;
  executed: { quantity: Monthly; money?: Monthly; comments?: readonly (string | null)[] };
  source: SourceRef;
};

export type VersionDraft = { code: string; name: string; role?: "baseline" | "current" };

/** The programming version plain documents carry; the commit step derives the baseline. */
export const PROGRAMMING_CODE = "PROGRAMADO";

/** Plain documents carry one programming; the commit step derives the approved baseline. */
export const PROGRAMMING: VersionDraft = { code: PROGRAMMING_CODE, name: "Programación", role: "current" };

export type PlanDraft = {
  kind: "POI" | "POA";
  year: number;
  title: string;
  institution?: { name: string; code?: string };
  generalObjective?: string;
  department?: string;
  responsible?: string;
  /** ISO date of the document. */
  documentDate?: string;
  /** Stage in the source system (CEPLAN `Etapa`). */
  stage?: string;
  versions: VersionDraft[];
  units: UnitDraft[];
  activities: ActivityDraft[];
};

export type ReadResult = { draft: PlanDraft; problems: Problem[] };
