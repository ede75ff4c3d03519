/**
 * Walks the rows below a recognised header and sorts them: activity rows, TOTAL rows (checked,
 * never imported), and what pagination leaves behind — blank lines, page titles, the header
 * repeated on each page, and continuation lines of a row broken across pages (first cell
 * empty, nothing in the number or date columns: they belong to the row above).
 */

import { fold } from "../domain/normalize.js";
import { NumericColumns, type RowFigures } from "./checks.js";
import { findLayout, type Layout, labelKey, refineLayout } from "./layout.js";
import { isTitle, labelled, type Preamble, readPreamble } from "./preamble.js";
import { cleanCell, type NumberStyle } from "./values.js";
import type { ValuedSheet } from "./xlsx.js";

export type TableRow = {
  /** 0-based sheet row where the row starts. */
  row: number;
  /** Cleaned cell texts; continuation lines appended, merged unit/project cells filled down. */
  cells: string[];
};

export type TotalRow = TableRow & {
  label: string;
  /** Indexes into `rows` of the activity rows this total sums: [from, to). */
  covers: [number, number];
};

export type TableRows = { rows: TableRow[]; totals: TotalRow[] };

/** Columns holding numbers: months, periods, target, priority. */
function numericColumns(layout: Layout): number[] {
  return layout.columns.flatMap((c) =>
    c.type === "month" ||
    c.type === "period" ||
    (c.type === "field" && (c.field === "annualTarget" || c.field === "priority"))
      ? [c.col]
      : [],
  );
}

/** Columns that hold short values (numbers, dates, marks): a continuation line leaves them empty. */
function shortColumns(layout: Layout): number[] {
  const others = layout.columns.filter(
    (c) =>
      c.type === "schedule" || (c.type === "field" && (c.field === "startDate" || c.field === "endDate")),
  );
  return [...numericColumns(layout), ...others.map((c) => c.col)];
}

// Module-level: a regular expression literal is a new object each time it is evaluated, and
// these run on every row (or cell) of the table.
const NUMBER_LIKE = /^[-\d.,\s%]+$/;
const PAGE_NUMBER = /^PAG(INA|\.)?\s*\d/;
const TOTAL_START = /^\s*(sub\s*)?total/i;
const TOTAL_LABEL = /^(SUB ?TOTAL|TOTAL)(ES)?\b/;
const GRAND_TOTAL = /^TOTAL(ES)?( GENERAL)?$/;

/** Most filled cells say what the header says in their column (numbers never do). */
function isEcho(
  cells: readonly string[],
  filled: readonly number[],
  headerKeys: Map<number, Set<string>>,
  keyOf: (text: string) => string,
): boolean {
  const allowed = filled.length - Math.max(1, Math.ceil(filled.length * 0.6));
  const words = filled.filter((col) => headerKeys.has(col) && !NUMBER_LIKE.test(cells[col] ?? ""));
  if (filled.length - words.length > allowed) return false;
  const misses = words.filter((col) => !headerKeys.get(col)?.has(keyOf(cells[col] ?? ""))).length;
  return filled.length - words.length + misses <= allowed;
}

export function tableRows(rows: readonly (readonly string[])[], layout: Layout): TableRows {
  // Units, measures and budget activities repeat on every row: fold each text once.
  const keys = new Map<string, string>();
  const keyOf = (text: string) => {
    const known = keys.get(text);
    if (known !== undefined) return known;
    const key = labelKey(text);
    keys.set(text, key);
    return key;
  };
  const headerKeys = new Map<number, Set<string>>();
  for (const r of layout.headerRows)
    (rows[r] ?? []).forEach((text, col) => {
      const key = labelKey(text);
      if (key) headerKeys.set(col, (headerKeys.get(col) ?? new Set()).add(key));
    });
  const nameCol = layout.fields.name?.col ?? 0;
  const fillDown = [layout.fields.unit?.col, layout.fields.project?.col].filter((c) => c !== undefined);
  const firstCol = Math.min(...layout.columns.map((c) => c.col));
  const short = shortColumns(layout);
  const fill = new Map<number, string>();
  const result: TableRows = { rows: [], totals: [] };
  let previous: TableRow | undefined;
  let segment = 0;
  let grand = 0;

  // A row keeps the sheet's own array until one of its cells must change (most never do):
  // 100,000 copies of it were a tenth of the memory the reading keeps.
  const own = (cells: string[], r: number) => (cells === rows[r] ? cells.slice() : cells);
  for (let r = (layout.headerRows.at(-1) ?? 0) + 1; r < rows.length; r++) {
    const raw = (rows[r] ?? []) as string[];
    let cells = raw;
    const filled: number[] = [];
    for (let col = 0; col < raw.length; col++) {
      const text = cleanCell(raw[col] as string);
      if (text !== raw[col]) {
        cells = own(cells, r);
        cells[col] = text;
      }
      if (text) filled.push(col);
    }
    if (filled.length === 0) continue;
    if (isEcho(cells, filled, headerKeys, keyOf)) continue; // the header repeated on a new page
    const first = cells[filled[0] ?? 0] ?? "";
    if (filled.length === 1 && (isTitle(first) || PAGE_NUMBER.test(fold(first)))) continue;
    if (!cells[nameCol] && labelled(first)) continue; // a header field repeated, a note, a signature

    const totalKey = TOTAL_START.test(first) ? labelKey(first) : "";
    if (TOTAL_LABEL.test(totalKey) && !short.includes(filled[0] ?? -1)) {
      // TOTAL (GENERAL) sums every row since the last one; SUBTOTAL, TOTAL <unit>: since the last total of any kind.
      const isGrand = GRAND_TOTAL.test(totalKey);
      const from = isGrand ? grand : segment;
      result.totals.push({ row: r, cells, label: first, covers: [from, result.rows.length] });
      segment = result.rows.length;
      if (isGrand) grand = segment;
      previous = undefined;
      continue;
    }
    if (filled.length === 1 && fillDown.includes(filled[0] ?? -1)) {
      fill.set(filled[0] ?? 0, first); // a unit or project heading over its activities
      continue;
    }
    const quiet = short.every((col) => !cells[col]);
    if (previous && !cells[firstCol] && quiet && (short.length > 0 || !cells[nameCol])) {
      const target = own(previous.cells, previous.row);
      previous.cells = target;
      for (const col of filled)
        target[col] = target[col] ? `${target[col]} ${cells[col]}` : (cells[col] ?? "");
      continue;
    }
    for (const col of fillDown) {
      if (cells[col]) fill.set(col, cells[col]);
      else {
        cells = own(cells, r);
        cells[col] = fill.get(col) ?? "";
      }
    }
    previous = { row: r, cells };
    result.rows.push(previous);
  }
  return result;
}

/** One plan table of a sheet: its layout, the lines above it, its rows. */
export type PlanTable = TableRows & {
  sheet: ValuedSheet;
  layout: Layout;
  preamble: Preamble;
  /** Columns holding numbers: months, periods, target, priority. */
  numeric: NumericColumns;
  /** Figures of `rows`, by the decimal separator they were read with (see number-style.ts). */
  figures: Map<NumberStyle["decimal"], RowFigures[]>;
};

/** The plan table of a sheet, or undefined when no row of it looks like a plan's header. */
export function readTable(sheet: ValuedSheet): PlanTable | undefined {
  const found = findLayout(sheet.rows);
  if (!found) return;
  const first = tableRows(sheet.rows, found);
  const layout = refineLayout(
    found,
    first.rows.map((row) => row.cells),
  );
  const rows = layout === found ? first : tableRows(sheet.rows, layout);
  const preamble = readPreamble(sheet.rows.slice(0, layout.headerRows[0]));
  return {
    sheet,
    layout,
    preamble,
    ...rows,
    numeric: new NumericColumns(numericColumns(layout)),
    figures: new Map(),
  };
}
