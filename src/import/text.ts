/**
 * Text front end: bytes in any encoding planning offices send (UTF-8 with or without BOM,
 * Windows-1252/Latin-1, UTF-16 as Excel's "Unicode text") → one sheet of cells, split on tabs
 * (text extracted from spreadsheets and PDFs) or parsed as CSV with `;` or `,`.
 */
import { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parse } from "csv-parse";
import iconv from "iconv-lite";
import type { Sheet } from "./grid.js";
import { LimitExceeded, type Place, ReadBudget, textChunks } from "./limits.js";

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

/** The first `count` lines that are not blank: what tells the delimiter, without splitting all. */
function firstLines(text: string, count = 200): string[] {
  const lines: string[] = [];
  for (let start = 0; start <= text.length && lines.length < count; ) {
    const end = lineEnd(text, start);
    const line = text.slice(start, end);
    if (line.trim() !== "") lines.push(line);
    start = end + 1;
  }
  return lines;
}

/** Between two pauses the server answers other requests: about this many characters. */
const PAUSE_EVERY = 1 << 20;

const lineEnd = (text: string, start: number) => {
  const end = text.indexOf("\n", start);
  return end === -1 ? text.length : end;
};

/** Lines split on `delimiter`, each checked against the limits before it is stored. */
async function splitRows(text: string, delimiter: Delimiter, place: Place, budget: ReadBudget) {
  const rows: string[][] = [];
  let paused = 0;
  for (let start = 0; start <= text.length; ) {
    const end = lineEnd(text, start);
    // One cell more than the limit is enough to refuse a line of a million tabs.
    const cells = text.slice(start, end).split(delimiter, budget.limits.columns + 1);
    budget.row(place, rows.length + 1, cells.length);
    rows.push(cells);
    start = end + 1;
    if (start - paused > PAUSE_EVERY) {
      paused = start;
      await budget.pause();
    }
  }
  return rows;
}

/**
 * CSV parsed in chunks, the server answering between them (csv-parse takes seconds for a
 * 100,000-row file). Each record is taken as it is parsed, without its raw text or details,
 * which tripled the parse (and held a second copy of the document).
 */
async function csvRows(
  text: string,
  delimiter: Delimiter,
  place: Place,
  lines: number[],
  budget: ReadBudget,
) {
  const rows: string[][] = [];
  // A record starts on the line after the one where the previous record ended.
  let ended = 0;
  const parser = parse({
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    record_delimiter: "\n",
    on_record: (record: string[], context: { lines: number }) => {
      lines.push(ended + 1);
      ended = context.lines;
      budget.row(place, rows.length + 1, record.length);
      rows.push(record);
      return null;
    },
  });
  async function* chunks() {
    for (const chunk of textChunks(text, CSV_CHUNK)) {
      yield chunk;
      await budget.pause();
    }
  }
  const drain = new Writable({ objectMode: true, write: (_record, _encoding, done) => done() });
  await pipeline(Readable.from(chunks()), parser, drain);
  return rows;
}

/** csv-parse reads about 3 MB a second: a chunk of this size blocks for less than 100 ms. */
const CSV_CHUNK = 256 * 1024;

/** One sheet from a text document; each row cites the line it starts on. */
export async function textSheet(text: string, fileName: string, budget = new ReadBudget()): Promise<Sheet> {
  const normalized = text.replace(/\r\n?/g, "\n").replace(/\0/g, "");
  const delimiter = detectDelimiter(firstLines(normalized));
  // Tab-separated text has one row per line; a CSV record may span several.
  const lines: number[] = [];
  const place: Place = {
    label: "el archivo",
    locate: (row) => ({ file: fileName, line: lines[row] ?? row + 1 }),
  };
  if (delimiter === "\t")
    return { rows: await splitRows(normalized, delimiter, place, budget), locate: place.locate };
  const restart = budget.mark();
  try {
    return { rows: await csvRows(normalized, delimiter, place, lines, budget), locate: place.locate };
  } catch (error) {
    if (error instanceof LimitExceeded) throw error;
    // Unbalanced quotes: read it as plain delimited text rather than refuse the whole file.
    restart();
    lines.length = 0;
    return { rows: await splitRows(normalized, delimiter, place, budget), locate: place.locate };
  }
}
