/**
 * Spreadsheet front end: an `.xlsx` → one sheet per worksheet. Cells become the text Excel
 * shows; a formula gives its cached result; a merged range keeps its text in its first cell
 * only (as text extracted from the same sheet would), so a group header spans the empty cells
 * to its right. Real numbers are kept as numbers beside the text (`numberAt`), so reading them
 * never depends on the document's separators.
 */
import ExcelJS from "exceljs";
import { cellName, type Sheet } from "./grid.js";

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

export async function xlsxSheets(bytes: Uint8Array, fileName: string): Promise<ValuedSheet[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as never);
  return workbook.worksheets.map((worksheet) => {
    const rows: string[][] = [];
    const numbers = new Map<number, number>();
    const width = worksheet.columnCount;
    worksheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
      const cells: string[] = [];
      for (let col = 1; col <= width; col++) {
        const cell = row.getCell(col);
        if (cell.isMerged && cell.master.address !== cell.address) {
          cells.push("");
          continue;
        }
        const { text, number } = cellContent(cell.value);
        cells.push(text);
        if (number !== undefined) numbers.set((rowNumber - 1) * width + col - 1, number);
      }
      rows[rowNumber - 1] = cells;
    });
    for (let i = 0; i < rows.length; i++) rows[i] ??= [];
    return {
      name: worksheet.name,
      rows,
      locate: (row, col) => ({ file: fileName, sheet: worksheet.name, cell: cellName(row, col) }),
      numberAt: (row, col) => (col < width ? numbers.get(row * width + col) : undefined),
    };
  });
}
