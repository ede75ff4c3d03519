/**
 * One table row → one activity draft and the findings about it. A row with an `error` finding
 * yields no activity (it cannot be imported); warnings leave it in.
 */

import { type ActivityDraft, PROGRAMMING_CODE } from "../domain/plan-draft.js";
import { checkDates, checkGaps, checkNumbers, checkSums, type Finding, type RowFigures } from "./checks.js";
import { cellName } from "./grid.js";
import type { Column, Field } from "./layout.js";
import type { PlanTable, TableRow } from "./table.js";
import { formatNumber, type NumberStyle } from "./values.js";

export type ActivityContext = {
  style: NumberStyle;
  year: number;
  /** The unit of rows without one: the department the document is about. */
  fallbackUnit: string | undefined;
  /** The document has monthly quantities (else activities are measured by progress). */
  quantities: boolean;
  /** The key of a unit by its name (memoised by the caller: names repeat on every row). */
  unitKey: (name: string) => string;
};

const TEXT_FIELDS = [
  "code",
  "project",
  "objective",
  "location",
  "budgetActivity",
  "unitOfMeasure",
  "goal",
  "responsible",
  "oeiCode",
  "oeiName",
  "aeiCode",
  "aeiName",
] as const satisfies readonly (Field & keyof ActivityDraft)[];

/** A row's text in a column the document may not have. */
const textIn = (row: TableRow, column: Column | undefined) => (column ? (row.cells[column.col] ?? "") : "");

export const columnLetters = (col: number) => cellName(0, col).replace(/\d+$/, "");

/** Reads the rows of one table; `unlabelled` collects the columns with values but no header. */
export function activityReader(table: PlanTable, context: ActivityContext) {
  const { layout } = table;
  const { style, year, fallbackUnit, quantities, unitKey } = context;
  const labelled: boolean[] = [];
  for (const column of layout.columns) labelled[column.col] = true;
  const unlabelled = new Set<number>();
  const target =
    layout.fields.annualTarget ?? layout.periods.find((p) => p.kind === "prog" && p.months.length === 12);
  // What the columns mean is the same on every row: looked up once, not on each of 100,000 rows.
  const textColumns = TEXT_FIELDS.flatMap((field) => {
    const column = layout.fields[field];
    return column ? [{ field, col: column.col }] : [];
  });
  const attributeColumns = layout.columns.filter(
    (c) =>
      c.type === "unknown" ||
      c.type === "schedule" ||
      (c.type === "field" && (c.field === "indicator" || c.field === "startDate" || c.field === "endDate")),
  );

  function read(row: TableRow, figures: RowFigures): { findings: Finding[]; activity?: ActivityDraft } {
    const findings = checkNumbers(layout, figures.numbers, row.cells);
    findings.push(...checkSums(layout, figures, style), ...checkGaps(layout, figures, style));
    const name = textIn(row, layout.fields.name);
    if (!name)
      findings.push({
        severity: "error",
        code: "missing_name",
        col: layout.fields.name?.col,
        message: `Falta el nombre de la actividad (${layout.fields.name?.label})`,
      });
    const unitName = textIn(row, layout.fields.unit) || fallbackUnit || "";
    if (!unitName)
      findings.push({
        severity: "error",
        code: "missing_unit",
        col: layout.fields.unit?.col,
        message: `Falta la unidad orgánica de la actividad${layout.fields.unit ? ` (${layout.fields.unit.label})` : ""}`,
      });
    const dates = checkDates(layout, row.cells, year);
    findings.push(...dates.findings);

    // No META: the year total, else the sum of the programmed months.
    let annualTarget = target ? figures.numbers.get(target.col) : null;
    const programmed = figures.prog.reduce<number>((a, b) => a + (b ?? 0), 0);
    if (annualTarget === null && programmed > 0) {
      if (layout.fields.annualTarget)
        findings.push({
          severity: "warning",
          code: "missing_target",
          col: layout.fields.annualTarget.col,
          message: `${layout.fields.annualTarget.label} vacía; se toma la suma de los meses programados (${formatNumber(programmed, style)})`,
        });
      annualTarget = programmed;
    }
    if (findings.some((f) => f.severity === "error")) return { findings };

    // Nothing is lost: what has no place of its own is kept as an attribute.
    const attributes: Record<string, string> = {};
    const schedule: string[] = [];
    for (const column of attributeColumns) {
      const text = row.cells[column.col];
      if (!text) continue;
      if (column.type === "unknown" || (column.type === "field" && column.field === "indicator"))
        attributes[column.label] = text;
      else if (column.type === "schedule") schedule.push(column.label);
      else if (dates.unreadable.includes(column.col)) attributes[column.label] = text;
    }
    if (schedule.length) attributes.Cronograma = schedule.join(", ");
    row.cells.forEach((text, col) => {
      if (!text || labelled[col]) return;
      unlabelled.add(col);
      attributes[`Columna ${columnLetters(col)}`] = text;
    });

    const activity: ActivityDraft = {
      unitKey: unitKey(unitName),
      name,
      annualTarget: annualTarget ?? null,
      measureKind: quantities ? "quantity" : "progress",
      cumulative: true,
      active: true,
      attributes,
      programmed: { [PROGRAMMING_CODE]: { quantity: figures.prog } },
      executed: { quantity: figures.exec },
      source: table.sheet.locate(row.row, layout.fields.name?.col ?? 0),
    };
    for (const { field, col } of textColumns) {
      const text = row.cells[col];
      if (text) activity[field] = text;
    }
    const priority = layout.fields.priority && figures.numbers.get(layout.fields.priority.col);
    if (typeof priority === "number") activity.priority = priority;
    if (dates.start) activity.startDate = dates.start.iso;
    if (dates.end) activity.endDate = dates.end.iso;
    return { findings, activity };
  }
  return { read, unlabelled };
}
