/**
 * Rows pasted from a spreadsheet for «Agregar actividades»: one activity a line, cells split by
 * tabs (what Excel and LibreOffice copy): name, unit of measure, META, and optionally the twelve
 * programmed months. Pure, so the preview and its tests agree.
 */

export type PastedRow = {
  line: number;
  name: string;
  unitOfMeasure: string;
  target: number | null;
  /** The twelve months, or none when the row brings only name, unit of measure and META. */
  months: (number | null)[] | null;
  /** What is wrong with the row (it is not created): a catalog key and its values. */
  problem?: { key: "name" | "number" | "columns"; column?: number; text?: string };
};

/**
 * «1,234.5», «1234,5», «1 234» or «1234»: a number, whichever the decimal mark the sheet used
 * (a lone comma followed by other than three digits is a decimal comma). Empty: null; otherwise
 * undefined when it is not a number ≥ 0.
 */
export function pastedNumber(cell: string): number | null | undefined {
  let text = cell.trim().replace(/[\s\u00a0%]/g, "");
  if (text === "" || text === "-") return null;
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(text)) text = text.replace(/,/g, "");
  else if (/^\d{1,3}(\.\d{3})+(,\d+)?$/.test(text)) text = text.replace(/\./g, "").replace(",", ".");
  else if (/^\d+,\d+$/.test(text) && !/^\d{1,3},\d{3}$/.test(text)) text = text.replace(",", ".");
  else if (/^\d{1,3},\d{3}$/.test(text)) text = text.replace(",", "");
  if (!/^\d+(\.\d+)?$/.test(text)) return undefined;
  return Number(text);
}

export function parsePastedRows(block: string): PastedRow[] {
  const rows: PastedRow[] = [];
  block.split(/\r?\n/).forEach((raw, index) => {
    if (raw.trim() === "") return;
    const cells = raw.split("\t");
    // Blank cells after the months (a wider selection) say nothing; nor do months all blank. But a
    // December left blank is a month: a row of fifteen keeps its trailing blanks.
    const blank = (cell: string | undefined) => (cell ?? "").trim() === "";
    while (cells.length > 15 && blank(cells.at(-1))) cells.pop();
    if (cells.length > 3 && cells.slice(3).every(blank)) cells.length = 3;
    const row: PastedRow = {
      line: index + 1,
      name: (cells[0] ?? "").trim(),
      unitOfMeasure: (cells[1] ?? "").trim(),
      target: null,
      months: null,
    };
    rows.push(row);
    if (!row.name) {
      row.problem = { key: "name" };
      return;
    }
    if (cells.length > 3 && cells.length !== 15) {
      row.problem = { key: "columns", text: String(cells.length) };
      return;
    }
    const numbers = cells.slice(2).map((cell) => pastedNumber(cell));
    const bad = numbers.indexOf(undefined);
    if (bad >= 0) {
      row.problem = { key: "number", column: bad + 3, text: (cells[bad + 2] ?? "").trim() };
      return;
    }
    row.target = numbers[0] ?? null;
    if (cells.length === 15) row.months = numbers.slice(1).map((value) => value ?? null);
  });
  return rows;
}
