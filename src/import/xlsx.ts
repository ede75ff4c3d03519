/**
 * Spreadsheet front end: an `.xlsx` → one sheet per worksheet. Cells become the text Excel
 * shows; a formula gives its cached result; a merged range keeps its text in its first cell
 * only (as text extracted from the same sheet would), so a group header spans the empty cells
 * to its right. Real numbers are kept as numbers beside the text (`numberAt`), so reading them
 * never depends on the document's separators.
 *
 * The workbook is read as a stream (ExcelJS's WorkbookReader): a POI of 100,000 activities is
 * two million cells, which the whole-workbook model holds as objects by the gigabyte. The file
 * stores a merged range's text in its first cell only, so the other cells read empty.
 *
 * A row is checked against the limits before it is stored: the file names each row's number,
 * and one row numbered 10,000,000 made the reader fill ten million rows below it.
 */
import ExcelJS from "exceljs";
import { cellName, type Sheet } from "./grid.js";
import { type Place, ReadBudget } from "./limits.js";
import { asciiWorkbook } from "./xlsx-zip.js";

/** A sheet whose cells may also carry the number the spreadsheet stored. */
export type ValuedSheet = Sheet & { numberAt?(row: number, col: number): number | undefined };

type Scalar = ExcelJS.CellValue;

function isoDay(date: Date): string {
  return Number.isNaN(date.getTime()) ? "" : date.toISOString().slice(0, 10);
}

/** Text and (for numbers) value of a cell; a formula without cached result shows as `=FORMULA`. */
function cellContent(value: Scalar): { text: string; number?: number } {
  if (value === null || value === undefined) return { text: "" };
  if (typeof value === "number") return { text: String(value), number: value };
  if (typeof value === "string") return { text: value };
  if (typeof value === "boolean") return { text: value ? "VERDADERO" : "FALSO" };
  if (value instanceof Date) return { text: isoDay(value) };
  if ("richText" in value) return { text: value.richText.map((part) => part.text).join("") };
  if ("formula" in value || "sharedFormula" in value) {
    const { result, formula, sharedFormula } = value as {
      result?: Scalar;
      formula?: string;
      sharedFormula?: string;
    };
    if (result === undefined || result === null) return { text: `=${formula ?? sharedFormula ?? ""}` };
    return cellContent(result);
  }
  if ("hyperlink" in value) return { text: String(value.text ?? "") };
  if ("error" in value) return { text: String(value.error) };
  return { text: "" };
}

type Worksheet = { name: string; position: number; rows: string[][]; numbers: (number | undefined)[][] };

/** The rows the file skips (empty ones) all read as this one; no reader changes a sheet's rows. */
const EMPTY_ROW = Object.freeze([]) as unknown as string[];

export async function xlsxSheets(
  bytes: Uint8Array,
  fileName: string,
  budget = new ReadBudget(),
): Promise<ValuedSheet[]> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(await asciiWorkbook(bytes, budget), {
    sharedStrings: "cache",
    // Styles say which numbers are dates.
    styles: "cache",
    hyperlinks: "ignore",
    worksheets: "emit",
    entries: "ignore",
  });
  const worksheets: Worksheet[] = [];
  for await (const worksheet of reader as AsyncIterable<ExcelJS.stream.xlsx.WorksheetReader>) {
    const { name } = worksheet as unknown as { name: string };
    // Zip order is not tab order: the workbook lists the sheets in the order the user sees them.
    const order = (reader as unknown as { model?: { sheets?: { name: string }[] } }).model?.sheets ?? [];
    const sheet: Worksheet = {
      name,
      position: order.findIndex((entry) => entry.name === name),
      rows: [],
      numbers: [],
    };
    const place: Place = {
      label: `la hoja «${name}»`,
      locate: (row, col) => ({ file: fileName, sheet: name, cell: cellName(row, col) }),
    };
    let last = 0;
    for await (const row of worksheet as AsyncIterable<ExcelJS.Row>) {
      budget.time();
      const cells: string[] = [];
      let numbers: (number | undefined)[] | undefined;
      row.eachCell((cell, col) => {
        budget.column(place, row.number, col);
        const { text, number } = cellContent(cell.value);
        for (let c = cells.length; c < col - 1; c++) cells.push("");
        cells.push(text);
        if (number !== undefined) {
          numbers ??= [];
          numbers[col - 1] = number;
        }
      });
      budget.row(place, row.number, cells.length, row.number - last);
      last = Math.max(last, row.number);
      sheet.rows[row.number - 1] = cells;
      if (numbers) sheet.numbers[row.number - 1] = numbers;
    }
    worksheets.push(sheet);
  }
  worksheets.sort((a, b) => a.position - b.position);
  return worksheets.map(({ name, rows, numbers }) => {
    for (let i = 0; i < rows.length; i++) rows[i] ??= EMPTY_ROW;
    return {
      name,
      rows,
      locate: (row, col) => ({ file: fileName, sheet: name, cell: cellName(row, col) }),
      numberAt: (row, col) => numbers[row]?.[col],
    };
  });
}
