/**
 * How a document writes its numbers, decided by its own evidence: a value that proves the
 * separators (`1.234,5`, `12,5`, `1,234,567`), else the reading under which its sums (META,
 * quarters, TOTAL) hold. When nothing decides, `6,350` reads as 6350 and a warning says so.
 */

import type { Problem, SourceRef } from "../domain/plan-draft.js";
import {
  type CellNumber,
  checkSums,
  checkTotal,
  type Finding,
  figuresOf,
  type RowFigures,
  RowNumbers,
} from "./checks.js";
import type { PlanTable, TableRow, TotalRow } from "./table.js";
import { type NumberStyle, numberEvidence, plainDigits, readNumber } from "./values.js";

function figuresOfRow(table: PlanTable, row: TableRow, style: NumberStyle): RowFigures {
  const { cols } = table.numeric;
  const values: CellNumber[] = new Array(cols.length);
  for (let i = 0; i < cols.length; i++) {
    const col = cols[i] as number;
    values[i] = table.sheet.numberAt?.(row.row, col) ?? readNumber(row.cells[col] ?? "", style);
  }
  return figuresOf(table.layout, new RowNumbers(table.numeric, values));
}

/** Rows with a number that is not plain digits: the only rows whose reading depends on style. */
const formattedRows = new WeakMap<PlanTable, Set<TableRow>>();

/**
 * The figures of every activity row of a table read in `style`, computed once per style; rows
 * of plain digits share the figures already read in the other style.
 */
export function tableFigures(table: PlanTable, style: NumberStyle): RowFigures[] {
  let figures = table.figures.get(style.decimal);
  if (!figures) {
    const [other] = table.figures.values();
    const formatted = formattedRows.get(table);
    figures = table.rows.map((row, i) =>
      other?.[i] && formatted && !formatted.has(row) ? other[i] : figuresOfRow(table, row, style),
    );
    table.figures.set(style.decimal, figures);
  }
  return figures;
}

/** A TOTAL row checked against the activity rows it covers. */
export function totalFindings(table: PlanTable, total: TotalRow, style: NumberStyle): Finding[] {
  const rows = tableFigures(table, style).slice(...total.covers);
  return checkTotal(table.layout, figuresOfRow(table, total, style).numbers, rows, total.label, style);
}

/**
 * How far the document's sums are from holding when read in `style`: the relative misses of its
 * META, period and TOTAL checks added up (rows of plain digits miss alike in both styles: skipped).
 */
function distance(tables: readonly PlanTable[], style: NumberStyle): number {
  const misses = (findings: Finding[]) => findings.reduce((sum, f) => sum + (f.miss ?? 0), 0);
  let total = 0;
  for (const table of tables) {
    const figures = tableFigures(table, style);
    const formatted = formattedRows.get(table);
    table.rows.forEach((row, i) => {
      const figure = figures[i];
      if (figure && formatted?.has(row)) total += misses(checkSums(table.layout, figure, style));
    });
    for (const row of table.totals) total += misses(totalFindings(table, row, style));
  }
  return total;
}

/** A number cell as a user finds it: line or cell, and the column's name. */
function at(table: PlanTable, row: number, col: number): SourceRef {
  const column = table.layout.columns.find((c) => c.col === col)?.label;
  return { ...table.sheet.locate(row, col), ...(column ? { column } : {}) };
}

export function numberStyle(
  tables: readonly PlanTable[],
  fileName: string,
): { style: NumberStyle; problems: Problem[] } {
  // Plain digits and numbers the spreadsheet stored as numbers prove nothing about separators.
  const texts: { text: string; at: () => SourceRef }[] = [];
  for (const table of tables) {
    const formatted = new Set<TableRow>();
    for (const row of [...table.rows, ...table.totals])
      for (const col of table.numeric.cols) {
        const text = row.cells[col] ?? "";
        if (text && plainDigits(text) === undefined && table.sheet.numberAt?.(row.row, col) === undefined) {
          texts.push({ text, at: () => at(table, row.row, col) });
          formatted.add(row);
        }
      }
    formattedRows.set(table, formatted);
  }
  const evidence = numberEvidence(texts.map((t) => t.text));
  const where = (text?: string) =>
    texts.find((t) => text === undefined || t.text === text)?.at() ?? { file: fileName };
  const problems: Problem[] = [];
  if (evidence.conflict)
    problems.push({
      ...where(),
      severity: "warning",
      code: "mixed_number_format",
      message: `El documento mezcla coma y punto decimales; se leyó «${evidence.style?.decimal}» como separador decimal`,
    });
  if (evidence.style) return { style: evidence.style, problems };
  const sep = evidence.ambiguous;
  if (!sep) return { style: { decimal: "," }, problems };
  const thousands: NumberStyle = { decimal: sep === "," ? "." : "," };
  const decimal: NumberStyle = { decimal: sep };
  const asThousands = distance(tables, thousands);
  const asDecimal = distance(tables, decimal);
  if (asDecimal < asThousands - 1e-9) return { style: decimal, problems };
  if (asDecimal <= asThousands + 1e-9) {
    const example = evidence.example ?? "";
    const asDecimalText = String(readNumber(example, decimal)).replace(".", sep);
    problems.push({
      ...where(example),
      severity: "warning",
      code: "ambiguous_number",
      message: `Números como «${example}» pueden valer ${readNumber(example, thousands)} o ${asDecimalText} y ninguna suma del documento lo decide; se leyeron con «${sep}» como separador de miles`,
    });
  }
  return { style: thousands, problems };
}
