/**
 * From sheets of cells (any front end) to a plan draft and its problems: recognise the plan
 * table of every sheet that has one, decide how the document writes numbers, read each row,
 * run the checks. Pure: no database, no clock.
 */

import { fold } from "../domain/normalize.js";
import {
  type ActivityDraft,
  type PlanDraft,
  PROGRAMMING,
  type Problem,
  type ReadResult,
  type SourceRef,
  type UnitDraft,
  where,
} from "../domain/plan-draft.js";
import { activityReader, columnLetters } from "./activity.js";
import type { Finding } from "./checks.js";
import type { Limits } from "./limits.js";
import { numberStyle, tableFigures, totalFindings } from "./number-style.js";
import type { Preamble } from "./preamble.js";
import { type PlanTable, readTable } from "./table.js";
import { readDate } from "./values.js";
import type { ValuedSheet } from "./xlsx.js";

export type ReadOptions = {
  /** The plan's year when the document does not say it, or to override what it says. */
  year?: number;
  /** Other limits than limits.ts's for this read (a test's, to pass one without a huge file). */
  limits?: Partial<Limits>;
};

/** A result that imports nothing, with one sentence saying why. */
export function refusal(
  fileName: string,
  message: string,
  year = 0,
  at: SourceRef = { file: fileName, line: 1 },
): ReadResult {
  return {
    draft: { kind: "POA", year, title: "", versions: [PROGRAMMING], units: [], activities: [] },
    problems: [{ ...at, file: fileName, severity: "error", code: "not_a_plan", message }],
  };
}

/** The year given, else the title's (or an `AÑO:` field's), else the document date's. */
function planYear(
  preamble: Preamble,
  at: SourceRef,
  options: ReadOptions,
): { year?: number; problems: Problem[] } {
  const date = preamble.date ? readDate(preamble.date, 0, "start") : undefined;
  const year = options.year ?? preamble.year ?? (date?.explicitYear ? date.year : undefined);
  if (year === undefined)
    return {
      problems: [
        {
          ...at,
          severity: "error",
          code: "missing_year",
          message: "El documento no indica el año del plan; indíquelo al importar (--year)",
        },
      ],
    };
  if (preamble.year !== undefined && preamble.year !== year)
    return {
      year,
      problems: [
        {
          ...at,
          severity: "warning",
          code: "year_mismatch",
          message: `El título indica el año ${preamble.year}, pero se importa como ${year}`,
        },
      ],
    };
  return { year, problems: [] };
}

/** The unit of a document that names none. */
const NO_UNIT = "Unidad no indicada";

export function readPlanSheets(
  fileName: string,
  sheets: readonly ValuedSheet[],
  options: ReadOptions = {},
): ReadResult {
  const tables = sheets.flatMap((sheet) => readTable(sheet) ?? []);
  const [main] = tables;
  if (!main)
    return refusal(
      fileName,
      "No se reconoce un plan operativo: no hay una fila de encabezados con la columna de actividades (ACTIVIDAD, ACTIVIDAD OPERATIVA, TAREA…)",
      options.year,
      sheets[0]?.locate(0, 0),
    );

  const { preamble } = main;
  const { year, problems } = planYear(
    preamble,
    main.sheet.locate(main.layout.headerRows[0] ?? 0, 0),
    options,
  );
  const { style, problems: styleProblems } = numberStyle(tables, fileName);
  problems.push(...styleProblems);
  const quantities = tables.some(
    (t) => t.layout.months.prog.some(Boolean) || t.layout.months.exec.some(Boolean),
  );

  const report = (table: PlanTable, row: number, finding: Finding) => {
    const { col } = finding;
    const column = col === undefined ? undefined : table.layout.columns.find((c) => c.col === col)?.label;
    problems.push({
      ...table.sheet.locate(row, col ?? 0),
      ...(column ? { column } : {}),
      severity: finding.severity,
      code: finding.code,
      message: finding.message,
    });
  };

  const units = new Map<string, UnitDraft>();
  const unitKeys = new Map<string, string>();
  const activities: ActivityDraft[] = [];
  const seen = new Map<string, ActivityDraft>();

  for (const table of tables) {
    const { layout } = table;
    const headerRow = layout.headerRows.at(-1) ?? 0;
    // An unknown column is cited at the lowest header row that names it.
    const labelRow = (col: number) =>
      layout.headerRows.findLast((r) => (table.sheet.rows[r]?.[col] ?? "").trim() !== "") ?? headerRow;
    for (const column of layout.columns)
      if (column.type === "unknown")
        report(table, labelRow(column.col), {
          severity: "warning",
          code: "unknown_column",
          col: column.col,
          message: `Columna desconocida «${column.label}» ignorada; sus valores se conservan como atributos`,
        });

    let fallbackUnit = table.preamble.department ?? preamble.department ?? preamble.institution;
    if (!layout.fields.unit && !fallbackUnit) {
      fallbackUnit = NO_UNIT;
      report(table, headerRow, {
        severity: "warning",
        code: "missing_unit",
        message: `El documento no tiene columna de unidad orgánica ni indica el departamento; sus actividades quedan en «${NO_UNIT}»`,
      });
    }
    const reader = activityReader(table, {
      style,
      year: year ?? 0,
      fallbackUnit,
      quantities,
      unitKey: (name) => {
        const known = unitKeys.get(name);
        if (known !== undefined) return known;
        const key = fold(name);
        unitKeys.set(name, key);
        if (!units.has(key)) units.set(key, { key, name });
        return key;
      },
    });
    const figures = tableFigures(table, style);
    table.rows.forEach((row, index) => {
      const figure = figures[index];
      if (!figure) return;
      const { findings, activity } = reader.read(row, figure);
      for (const finding of findings) report(table, row.row, finding);
      if (!activity) return;
      // The commit matches activities by code, else by unit + name: a second row with the same
      // unit and name (and no code of its own to tell them apart) cannot be imported.
      const key = `${activity.unitKey}\u0000${fold(activity.name)}`;
      const earlier = seen.get(key);
      if (!earlier) seen.set(key, activity);
      else {
        const distinct =
          activity.code !== undefined && earlier.code !== undefined && activity.code !== earlier.code;
        report(table, row.row, {
          severity: distinct ? "warning" : "error",
          code: "duplicate_activity",
          col: layout.fields.name?.col,
          message: `Actividad repetida en ${units.get(activity.unitKey)?.name}: «${activity.name}» ya figura en ${where(earlier.source)}`,
        });
        if (!distinct) return;
      }
      activities.push(activity);
    });

    for (const col of reader.unlabelled)
      report(table, headerRow, {
        severity: "warning",
        code: "unknown_column",
        col,
        message: `La columna ${columnLetters(col)} no tiene encabezado; se ignora y sus valores se conservan como atributos`,
      });
    for (const total of table.totals)
      for (const finding of totalFindings(table, total, style)) report(table, total.row, finding);
  }

  const kind = quantities || /\bINSTITUCIONAL\b|\bPOI\b/.test(fold(preamble.title ?? "")) ? "POI" : "POA";
  const draft: PlanDraft = {
    kind,
    year: year ?? 0,
    title: preamble.title ?? fileName.replace(/\.[^.]*$/, ""),
    versions: [PROGRAMMING],
    units: [...units.values()],
    activities,
  };
  if (preamble.institution) draft.institution = { name: preamble.institution };
  if (preamble.generalObjective) draft.generalObjective = preamble.generalObjective;
  if (preamble.department) draft.department = preamble.department;
  if (preamble.responsible) draft.responsible = preamble.responsible;
  const documentDate = preamble.date && year ? readDate(preamble.date, year, "start")?.iso : undefined;
  if (documentDate) draft.documentDate = documentDate;
  return { draft, problems };
}
