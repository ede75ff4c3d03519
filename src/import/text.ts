/**
 * Text front end: bytes in any encoding planning offices send (UTF-8 with or without BOM,
 * Windows-1252/Latin-1, UTF-16 as Excel's "Unicode text") → one sheet of cells, split on tabs
 * (text extracted from spreadsheets and PDFs) or parsed as CSV with `;` or `,`.
 */
import { parse } from "csv-parse/sync";
import iconv from "iconv-lite";
import type { Sheet } from "./grid.js";

/** UTF-16 without BOM, told by the zero byte beside every ASCII character. */
function utf16Without(bytes: Uint8Array): "utf-16le" | "utf-16be" | undefined {
  const sample = Math.min(bytes.length, 2000) & ~1;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < sample; i += 2) {
    if (bytes[i] === 0) even++;
    if (bytes[i + 1] === 0) odd++;
  }
  const pairs = sample / 2;
  if (pairs < 2) return;
  if (odd > pairs * 0.3 && even < pairs * 0.05) return "utf-16le";
  if (even > pairs * 0.3 && odd < pairs * 0.05) return "utf-16be";
}

/**
 * Decodes a text file: its BOM says the encoding, else UTF-16 by its zero bytes, else UTF-8
 * when valid, else Windows-1252 (which covers Latin-1's letters).
 */
export function decodeText(bytes: Uint8Array): string {
  let text: string;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    text = new TextDecoder().decode(bytes.subarray(3));
  else if (bytes[0] === 0xff && bytes[1] === 0xfe)
    text = new TextDecoder("utf-16le").decode(bytes.subarray(2));
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) text = iconv.decode(bytes.subarray(2), "utf-16be");
  else {
    const utf16 = utf16Without(bytes);
    if (utf16 === "utf-16le") text = new TextDecoder("utf-16le").decode(bytes);
    else if (utf16 === "utf-16be") text = iconv.decode(bytes, "utf-16be");
    else {
      try {
        text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
      } catch {
        text = iconv.decode(bytes, "win1252");
      }
    }
  }
  return text.replace(/^\uFEFF/, "");
}

export type Delimiter = "\t" | ";" | ",";

/** How many times `delimiter` occurs outside double quotes in `line`. */
function occurrences(line: string, delimiter: Delimiter): number {
  let count = 0;
  let quoted = false;
  for (const char of line) {
    if (char === '"' && delimiter !== "\t") quoted = !quoted;
    else if (char === delimiter && !quoted) count++;
  }
  return count;
}

/**
 * The delimiter that splits the most lines into the same number of cells (tab first, then `;`,
 * then `,` on a tie): `6,350` in a tab or `;` file does not make it a comma file.
 */
export function detectDelimiter(lines: readonly string[]): Delimiter {
  const sample = lines.filter((line) => line.trim() !== "").slice(0, 200);
  let best: Delimiter = "\t";
  let bestScore = 0;
  for (const delimiter of ["\t", ";", ","] as const) {
    const counts = new Map<number, number>();
    for (const line of sample) {
      const n = occurrences(line, delimiter);
      if (n > 0) counts.set(n, (counts.get(n) ?? 0) + 1);
    }
    const score = Math.max(0, ...counts.values());
    if (score > bestScore) [best, bestScore] = [delimiter, score];
  }
  return best;
}

function csvRows(text: string, delimiter: Delimiter): { rows: string[][]; lines: number[] } {
  try {
    const records = parse(text, {
      delimiter,
      info: true,
      raw: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      record_delimiter: "\n",
    }) as unknown as { record: string[]; info: { lines: number }; raw: string }[];
    return {
      rows: records.map((r) => r.record),
      lines: records.map((r) => r.info.lines - (r.raw.replace(/\n$/, "").split("\n").length - 1)),
    };
  } catch {
    // Unbalanced quotes: read it as plain delimited text rather than refuse the whole file.
    const rows = text.split("\n").map((line) => line.split(delimiter));
    return { rows, lines: rows.map((_, i) => i + 1) };
  }
}

/** One sheet from a text document; each row cites the line it starts on. */
export function textSheet(text: string, fileName: string): Sheet {
  const normalized = text.replace(/\r\n?/g, "\n").replace(/\0/g, "");
  const physical = normalized.split("\n");
  const delimiter = detectDelimiter(physical);
  const { rows, lines } =
    delimiter === "\t"
      ? { rows: physical.map((line) => line.split("\t")), lines: physical.map((_, i) => i + 1) }
      : csvRows(normalized, delimiter);
  return { rows, locate: (row) => ({ file: fileName, line: lines[row] ?? row + 1 }) };
}
