/**
 * HTML front end: the CEPLAN export is an HTML table saved as `.xls` (Excel opens it), so each
 * `<table>` becomes one sheet of text cells. The first row of a table is its header: a cell is
 * cited by its table row (1-based, header = 1) and its header's name, which is what a user
 * sees when they open the file in Excel.
 *
 * htmlparser2 keeps the open elements in an array it shifts and scans, so N tags open one
 * inside another cost N² (400,000 nested <div> took 83 s): the reader counts the depth itself
 * and stops past the limit. The text is fed in chunks, letting the server answer between them.
 */
import { Parser } from "htmlparser2";
import type { Sheet } from "./grid.js";
import { type Place, ReadBudget, textChunks } from "./limits.js";

type TableState = { rows: string[][]; row?: string[]; cell?: string; colspan: number; place: Place };

/** A `colspan` spreads one cell over several columns; like a merged cell, its text stays in the first. */
function span(value: string | undefined): number {
  const n = Number.parseInt(value ?? "", 10);
  return Number.isFinite(n) && n > 1 ? Math.min(n, 1000) : 1;
}

/** A table cited to the user by its order in the document, its rows by their number. */
function tablePlace(fileName: string, number: number): Place {
  return { label: `la tabla ${number}`, locate: (row) => ({ file: fileName, row: row + 1 }) };
}

/** A parse fed chunk by chunk: `end` gives its tables, each a list of rows. */
function tableParser(fileName: string, budget: ReadBudget) {
  const tables: string[][][] = [];
  // A stack, so a table nested in a cell neither leaks into nor breaks the outer one.
  const open: TableState[] = [];
  let opened = 0;
  let depth = 0;
  const endCell = (table: TableState) => {
    if (table.cell === undefined) return;
    table.row ??= [];
    budget.column(table.place, table.rows.length + 1, table.row.length + table.colspan);
    table.row.push(table.cell.trim(), ...Array.from({ length: table.colspan - 1 }, () => ""));
    table.cell = undefined;
  };
  const endRow = (table: TableState) => {
    endCell(table);
    if (table.row) {
      budget.row(table.place, table.rows.length + 1, table.row.length);
      table.rows.push(table.row);
    }
    table.row = undefined;
  };
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        // Every element the parser holds open, void ones too: each gets its close (implied or not).
        if (++depth > budget.limits.depth) throw budget.tooDeep();
        const table = open.at(-1);
        if (name === "table") {
          budget.sheets(++opened, "tablas", false);
          open.push({ rows: [], colspan: 1, place: tablePlace(fileName, opened) });
        } else if (!table) return;
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
        depth--;
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
  return {
    write: (chunk: string) => parser.write(chunk),
    end(): string[][][] {
      parser.end();
      // An unclosed table at the end of the document still counts (`end` closes implied tags, but be sure).
      for (const table of open.reverse()) {
        endRow(table);
        tables.push(table.rows);
      }
      return tables;
    },
  };
}

/** One sheet per HTML table that has at least one row. */
export function htmlSheets(text: string, fileName: string, budget = new ReadBudget()): Sheet[] {
  const parser = tableParser(fileName, budget);
  parser.write(text);
  return sheetsOf(parser.end(), fileName);
}

/** The same, read in chunks with a pause between them: the server answers others meanwhile. */
export async function readHtmlSheets(text: string, fileName: string, budget: ReadBudget): Promise<Sheet[]> {
  const parser = tableParser(fileName, budget);
  for (const chunk of textChunks(text)) {
    parser.write(chunk);
    await budget.pause();
  }
  return sheetsOf(parser.end(), fileName);
}

function sheetsOf(tables: string[][][], fileName: string): Sheet[] {
  return tables
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
