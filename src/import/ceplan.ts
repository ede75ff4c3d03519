/**
 * The CEPLAN export ("POI por actividad operativa", see docs/ceplan-export.md) → a plan draft.
 * Works on cells only, so the HTML `.xls` the application downloads and an `.xlsx` re-save of it
 * read the same. Columns are found by name: other entities, years and stages have other phases
 * and fewer columns, and only what an activity cannot live without is required (its ID and name,
 * and a unit). Pure: no database, no clock.
 */

import type { PlanDraft, Problem, ReadResult, VersionDraft } from "../domain/plan-draft.js";
import { where } from "../domain/plan-draft.js";
import { readActivity } from "./ceplan-activity.js";
import {
  type CeplanColumns,
  type CeplanTable,
  ceplanColumns,
  FIELDS,
  type Field,
  isCeplanHeader,
  type NumberedSheet,
  numericColumns,
  PHASE_NAMES,
  PROGRAMMING_PHASES,
  stripApostrophe,
} from "./ceplan-columns.js";
import { unitTree } from "./ceplan-units.js";
import type { Sheet } from "./grid.js";
import { type NumberStyle, numberEvidence } from "./values.js";

export { isCeplanHeader } from "./ceplan-columns.js";

export type CeplanOptions = {
  /** The plan's year when the export has no `POI` column, or to override it. */
  year?: number;
};

/** The header row: the first one, in the first rows of the first sheet that has it. */
function findHeader(
  sheets: readonly NumberedSheet[],
): { sheet: NumberedSheet; headerRow: number } | undefined {
  for (const sheet of sheets) {
    const headerRow = sheet.rows.slice(0, 20).findIndex((cells) => isCeplanHeader(cells));
    if (headerRow >= 0) return { sheet, headerRow };
  }
}

function tableOf(sheet: NumberedSheet, headerRow: number, problems: Problem[]): CeplanTable {
  const header = sheet.rows[headerRow] ?? [];
  const columns = ceplanColumns(header);
  const { fields } = columns;
  const codeCol = fields.code ?? -1;
  const rows: number[] = [];
  for (let row = headerRow + 1; row < sheet.rows.length; row++) {
    const cells = sheet.rows[row] ?? [];
    // Blank rows (an xlsx re-save's padding) and a repeated header are not activities.
    const repeatedHeader = cells[codeCol] === header[codeCol] && isCeplanHeader(cells);
    if (!repeatedHeader && cells.some((cell) => cell.trim() !== "")) rows.push(row);
  }
  const at: CeplanTable["at"] = (row, col) => {
    const column = columns.labels[col];
    return { ...sheet.locate(row, col), ...(column ? { column } : {}) };
  };
  return {
    sheet,
    headerRow,
    columns,
    rows,
    text: (row, field) => {
      const col = fields[field];
      return col === undefined ? "" : stripApostrophe(sheet.rows[row]?.[col] ?? "");
    },
    at,
    report: (row, col, severity, code, message) =>
      problems.push({ ...at(row, col), severity, code, message }),
  };
}

/**
 * A problem of the whole file, not of a row: it carries no row, so no "skip the rows in error"
 * can import the file past it.
 */
function documentError(table: CeplanTable, code: string, message: string, column?: string): Problem {
  const { file } = table.sheet.locate(table.headerRow, 0);
  return { file, ...(column ? { column } : {}), severity: "error", code, message };
}

/** Columns without which no activity can be read: each missing one is named. */
function missingColumns({ fields }: CeplanColumns): string[] {
  const missing: string[] = [];
  if (fields.code === undefined) missing.push(FIELDS.code);
  if (fields.name === undefined) missing.push(FIELDS.name);
  const unitColumns = [fields.costCentre, fields.costCentreCode, fields.responsible, fields.responsibleCode];
  if (unitColumns.every((col) => col === undefined)) missing.push(FIELDS.costCentre);
  return missing;
}

/**
 * Versions are the programming phases the export has. Baseline: `CS` (consistent with the
 * opening budget), else the earliest present; current: `RE`, else the latest present. A single
 * phase is only `current`: the commit step derives the baseline from it.
 */
function phaseRoles(columns: CeplanColumns) {
  const present = PROGRAMMING_PHASES.filter((phase) => columns.phases.has(phase));
  const current = present.includes("RE") ? "RE" : present.at(-1);
  const baseline = present.includes("CS") ? "CS" : present[0];
  return { present, current, baseline };
}

function versionsOf(columns: CeplanColumns): VersionDraft[] {
  const { present, current, baseline } = phaseRoles(columns);
  return present.map((code) => {
    const role = code === current ? "current" : code === baseline ? "baseline" : undefined;
    return { code, name: PHASE_NAMES[code], ...(role ? { role } : {}) };
  });
}

/** How the file writes decimals: CEPLAN writes `1234.5`; a re-save in a Spanish locale may write `1234,5`. */
function numberStyle(table: CeplanTable): NumberStyle {
  const { sheet } = table;
  const numeric = numericColumns(table.columns);
  const texts: string[] = [];
  for (const row of table.rows.slice(0, 200))
    for (const col of numeric) {
      const text = sheet.rows[row]?.[col] ?? "";
      if (text && sheet.numberAt?.(row, col) === undefined) texts.push(text);
    }
  return numberEvidence(texts).style ?? { decimal: "." };
}

/**
 * The plan: what every row repeats (year, stage, executing unit), from the first row that says
 * it; a row that says otherwise is reported (the file mixes plans).
 */
function planOf(table: CeplanTable, options: CeplanOptions, problems: Problem[]): PlanDraft {
  const { text, report, rows } = table;
  const { fields } = table.columns;
  const value = (field: Field) => {
    const first = rows.find((row) => text(row, field));
    if (first === undefined) return;
    const expected = text(first, field);
    const other = rows.find((row) => text(row, field) && text(row, field) !== expected);
    if (other !== undefined)
      report(
        other,
        fields[field] ?? 0,
        "warning",
        "mixed_plan",
        `${FIELDS[field]} «${text(other, field)}» distinto del de la primera fila («${expected}»): el archivo mezcla planes; se importa como «${expected}»`,
      );
    return { value: expected, row: first };
  };
  const yearCell = value("year");
  let year = options.year;
  if (year === undefined && yearCell) {
    const read = Number(yearCell.value);
    if (Number.isInteger(read) && read >= 1900 && read <= 2200) year = read;
    else
      problems.push(
        documentError(
          table,
          "unreadable_year",
          `No se puede leer el año del plan «${yearCell.value}» (${FIELDS.year}, ${where(table.at(yearCell.row, fields.year ?? 0))}); indíquelo al importar (--year)`,
          FIELDS.year,
        ),
      );
  } else if (year === undefined)
    problems.push(
      documentError(
        table,
        "missing_year",
        `El archivo no indica el año del plan (columna ${FIELDS.year}); indíquelo al importar (--year)`,
      ),
    );
  const institution = value("institution")?.value;
  const institutionCode = value("institutionCode")?.value;
  const stage = value("stage")?.value;
  return {
    kind: "POI",
    year: year ?? 0,
    title: ["POI", year, institution && `— ${institution}`].filter(Boolean).join(" "),
    ...(institution || institutionCode
      ? {
          institution: {
            name: institution || `UE ${institutionCode}`,
            ...(institutionCode ? { code: institutionCode } : {}),
          },
        }
      : {}),
    ...(stage ? { stage } : {}),
    versions: versionsOf(table.columns),
    units: [],
    activities: [],
  };
}

export function readCeplanExport(
  fileName: string,
  sheets: readonly Sheet[],
  options: CeplanOptions = {},
): ReadResult {
  const found = findHeader(sheets);
  if (!found)
    return {
      draft: { kind: "POI", year: options.year ?? 0, title: "", versions: [], units: [], activities: [] },
      problems: [
        {
          file: fileName,
          severity: "error",
          code: "not_a_plan",
          message: `No se reconoce la exportación de CEPLAN: falta la fila de encabezados con «${FIELDS.code}»`,
        },
      ],
    };
  const problems: Problem[] = [];
  const table = tableOf(found.sheet, found.headerRow, problems);
  const { columns } = table;

  const missing = missingColumns(columns);
  for (const column of missing)
    problems.push(
      documentError(
        table,
        "missing_column",
        `Falta la columna «${column}»: sin ella no se pueden importar las actividades`,
        column,
      ),
    );
  for (const phase of columns.unknownPhases) {
    const col = columns.labels.findIndex((label) => label.includes(`(${phase})`));
    table.report(
      table.headerRow,
      Math.max(col, 0),
      "warning",
      "unknown_phase",
      `Fase desconocida «${phase}»: sus columnas se conservan como atributos, no como cifras`,
    );
  }
  const draft = planOf(table, options, problems);
  if (missing.length) return { draft, problems };

  const tree = unitTree(table);
  const context = {
    table,
    style: numberStyle(table),
    current: phaseRoles(columns).current,
    unitOf: tree.keyOf,
    seen: new Map<string, number>(),
  };
  for (const row of table.rows) {
    const activity = readActivity(context, row);
    if (activity) draft.activities.push(activity);
  }
  // Units no imported activity belongs to (all their rows refused) are left out too.
  const used = new Set(draft.activities.map((activity) => activity.unitKey));
  for (const unit of tree.units) if (unit.parentKey && used.has(unit.key)) used.add(unit.parentKey);
  draft.units = tree.units.filter((unit) => used.has(unit.key));
  return { draft, problems };
}
