/**
 * HTML front end: the CEPLAN export is an HTML table saved as `.xls` (Excel opens it), so each
 * `<table>` becomes one sheet of text cells. The first row of a table is its header: a cell is
 * cited by its table row (1-based, header = 1) and its header's name, which is what a user
 * sees when they open the file in Excel.
 */
import { Parser } from "htmlparser2";
import type { Sheet } from "./grid.js";

type TableState = { rows: string[][]; row?: string[]; cell?: string; colspan: number };

/** A `colspan` spreads one cell over several columns; like a merged cell, its text stays in the first. */
function span(value: string | undefined): number {
  const n = Number.parseInt(value ?? "", 10);
  return Number.isFinite(n) && n > 1 ? Math.min(n, 1000) : 1;
}

function tablesOf(text: string): string[][][] {
  const tables: string[][][] = [];
  // A stack, so a table nested in a cell neither leaks into nor breaks the outer one.
  const open: TableState[] = [];
  const endCell = (table: TableState) => {
    if (table.cell === undefined) return;
    table.row ??= [];
    table.row.push(table.cell.trim(), ...Array.from({ length: table.colspan - 1 }, () => ""));
    table.cell = undefined;
  };
  const endRow = (table: TableState) => {
    endCell(table);
    if (table.row) table.rows.push(table.row);
    table.row = undefined;
  };
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        const table = open.at(-1);
        if (name === "table") open.push({ rows: [], colspan: 1 });
        else if (!table) return;
        else if (name === "tr") {
          endRow(table);
          table.row = [];
        } else if (name === "td" || name === "th") {
          endCell(table);
          table.cell = "";
          table.colspan = span(attributes.colspan);
        } else if (name === "br" && table.cell !== undefined) table.cell += "\n";
      },
      ontext(data) {
        const table = open.at(-1);
        if (table?.cell !== undefined) table.cell += data;
      },
      onclosetag(name) {
        const table = open.at(-1);
        if (!table) return;
        if (name === "td" || name === "th") endCell(table);
        else if (name === "tr") endRow(table);
        else if (name === "table") {
          endRow(table);
          open.pop();
          tables.push(table.rows);
        }
      },
    },
    { decodeEntities: true },
  );
  parser.write(text);
  parser.end();
  // An unclosed table at the end of the document still counts (`end` closes implied tags, but be sure).
  for (const table of open.reverse()) {
    endRow(table);
    tables.push(table.rows);
  }
  return tables;
}

/** One sheet per HTML table that has at least one row. */
export function htmlSheets(text: string, fileName: string): Sheet[] {
  return tablesOf(text)
    .filter((rows) => rows.length > 0)
    .map((rows) => {
      const header = rows[0] ?? [];
      return {
        rows,
        locate: (row, col) => {
          const column = header[col];
          return { file: fileName, row: row + 1, ...(column ? { column } : {}) };
        },
      };
    });
}
