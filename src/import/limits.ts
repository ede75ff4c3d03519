/**
 * How much of a document the readers take: a few kilobytes can describe billions of cells (a
 * row numbered 10,000,000, a zip entry that inflates to gigabytes, 400,000 nested tags), and a
 * read that fills memory or the CPU takes the server down for everyone. Each limit stands well
 * above the largest real plan (a POI of 100,000 activities: 2.2 million cells, one sheet, 67 MB
 * of sheet XML); past one, the read stops at once and the user gets one sentence naming it.
 */
import { setImmediate as nextTurn } from "node:timers/promises";
import type { SourceRef } from "../domain/plan-draft.js";

export const LIMITS = Object.freeze({
  /** Rows of one sheet, HTML table or text file (by row number: empty rows count). */
  rows: 200_000,
  /** Rows of the whole document, every sheet's together. */
  documentRows: 1_000_000,
  /** Cells of one row (a POI has fewer than 100 columns; Excel allows 16,384). */
  columns: 1_000,
  /** Cells of the whole document. */
  cells: 5_000_000,
  /** Worksheets of a workbook, tables of an HTML document. */
  sheets: 50,
  /** HTML elements open one inside another. */
  depth: 256,
  /** Entries of an xlsx's zip (a workbook has tens: its sheets, styles, images…). */
  entries: 10_000,
  /** What the parts of an xlsx take once inflated. */
  expandedMegabytes: 512,
  /** Entries of an xlsx's table of shared texts (a POI of 100,000 activities has about 100,000). */
  sharedStrings: 1_000_000,
  /** Wall-clock seconds of one read. */
  seconds: 60,
});

export type Limits = typeof LIMITS;

const count = new Intl.NumberFormat("es-PE");
const n = (value: number) => count.format(value);
const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const of = (place: string) => (place.startsWith("el ") ? `del ${place.slice(3)}` : `de ${place}`);

/** A limit the document passes: the read stops, and the user gets this sentence. */
export class LimitExceeded extends Error {
  constructor(
    message: string,
    readonly at?: SourceRef,
  ) {
    super(message);
    this.name = "LimitExceeded";
  }
}

/** A sheet as a reader names it to the user ("la hoja «POI»", "el archivo", "la tabla 2"). */
export type Place = { label: string; locate(row: number, col: number): SourceRef };

/** What one read has used of the limits; created per document, checked by every reader as it goes. */
export class ReadBudget {
  readonly limits: Limits;
  private readonly deadline: number;
  private cells = 0;
  private rows = 0;

  constructor(overrides: Partial<Limits> = {}) {
    this.limits = { ...LIMITS, ...overrides };
    this.deadline = performance.now() + this.limits.seconds * 1000;
  }

  /** Between chunks of work: a read that runs past its time stops there. */
  time(): void {
    if (performance.now() > this.deadline)
      throw new LimitExceeded(
        `La lectura del documento pasó de ${n(this.limits.seconds)} s, el máximo: divídalo en documentos más pequeños`,
      );
  }

  /** Checks the time and lets the server answer other requests before the next chunk. */
  async pause(): Promise<void> {
    this.time();
    await nextTurn();
    this.time();
  }

  /** A document with `found` sheets (or tables): `exact` when all were counted before reading any. */
  sheets(found: number, noun: "hojas" | "tablas", exact: boolean): void {
    const { sheets } = this.limits;
    if (found > sheets)
      throw new LimitExceeded(
        `El documento tiene ${exact ? n(found) : `más de ${n(sheets)}`} ${noun}; el máximo es ${n(sheets)}: deje solo las del plan`,
      );
  }

  /** Past the nesting depth of HTML elements. */
  tooDeep(): LimitExceeded {
    return new LimitExceeded(
      `El documento tiene más de ${n(this.limits.depth)} elementos HTML uno dentro de otro, el máximo`,
    );
  }

  /** Past the entries of an xlsx's zip. */
  tooManyEntries(): LimitExceeded {
    return new LimitExceeded(
      `El libro tiene más de ${n(this.limits.entries)} partes (entradas del zip), el máximo`,
    );
  }

  /** Past the inflated size of an xlsx's parts. */
  tooLarge(): LimitExceeded {
    return new LimitExceeded(
      `El libro ocupa más de ${n(this.limits.expandedMegabytes)} MB descomprimido, el máximo: divídalo en libros más pequeños`,
    );
  }

  /** Past the entries of an xlsx's shared texts. */
  tooManyStrings(): LimitExceeded {
    return new LimitExceeded(
      `El libro tiene más de ${n(this.limits.sharedStrings)} textos en su tabla de textos compartidos (xl/sharedStrings.xml), el máximo`,
    );
  }

  /**
   * Row `number` (1-based) of `place`, with `cells` cells; `span` rows of the document since the
   * place's previous row (a spreadsheet skips its empty rows, which still become rows).
   * Checked before the row is stored, so a row numbered in the millions allocates nothing.
   */
  row(place: Place, number: number, cells: number, span = 1): void {
    const { limits } = this;
    if (number > limits.rows)
      throw new LimitExceeded(
        `${capital(place.label)} llega a la fila ${n(number)}; el máximo es ${n(limits.rows)} filas por hoja: divida el documento`,
        place.locate(number - 1, 0),
      );
    this.column(place, number, cells);
    // Not Math.max: a row the file leaves unnumbered has span NaN, and still counts as one.
    this.rows += Number.isFinite(span) ? Math.max(span, 1) : 1;
    if (this.rows > limits.documentRows)
      throw new LimitExceeded(
        `El documento tiene más de ${n(limits.documentRows)} filas entre todas sus hojas, el máximo: divídalo en documentos más pequeños`,
        place.locate(number - 1, 0),
      );
    this.cells += cells;
    if (this.cells > limits.cells)
      throw new LimitExceeded(
        `El documento tiene más de ${n(limits.cells)} celdas, el máximo: divídalo en documentos más pequeños`,
        place.locate(number - 1, 0),
      );
  }

  /** Column `col` (1-based) of row `number`: checked before the cells on its left are filled. */
  column(place: Place, number: number, col: number): void {
    if (col > this.limits.columns)
      throw new LimitExceeded(
        `La fila ${n(number)} ${of(place.label)} llega a la columna ${n(col)}; el máximo es ${n(this.limits.columns)} columnas`,
        place.locate(number - 1, col - 1),
      );
  }

  /** What has been counted so far, to count a sheet again from there (a reader's second attempt). */
  mark(): () => void {
    const { cells, rows } = this;
    return () => {
      this.cells = cells;
      this.rows = rows;
    };
  }
}

/** `text` in chunks of about `size` characters, never splitting a surrogate pair (half a character). */
export function* textChunks(text: string, size = 1 << 20): Generator<string> {
  for (let start = 0; start < text.length; ) {
    let end = Math.min(text.length, start + size);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end++;
    yield text.slice(start, end);
    start = end;
  }
}
