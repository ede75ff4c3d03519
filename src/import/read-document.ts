/**
 * The one entry point of import: any document a planning office sends → a plan draft and its
 * problems. The format is sniffed from the bytes, never taken from the file name: an `.xlsx`
 * (zip), an HTML table (the CEPLAN export, saved as `.xls`), else text (tab-separated text
 * extracted from a spreadsheet or PDF, or CSV). A file that is no plan gets one sentence, never
 * an exception; so does one past a limit of limits.ts, as soon as a reader meets it.
 */

import type { ReadResult } from "../domain/plan-draft.js";
import { isCeplanHeader, readCeplanExport } from "./ceplan.js";
import { readHtmlSheets } from "./ceplan-html.js";
import { LimitExceeded, ReadBudget } from "./limits.js";
import { type ReadOptions, readPlanSheets, refusal } from "./read-sheets.js";
import { decodeText, textSheet } from "./text.js";
import { type ValuedSheet, xlsxSheets } from "./xlsx.js";

export type DocumentInput = { fileName: string; bytes: Uint8Array };

const startsWith = (bytes: Uint8Array, ...magic: number[]) => magic.every((byte, i) => bytes[i] === byte);

/** Text that is mostly control characters or undecodable bytes is not a document. */
function looksBinary(text: string): boolean {
  const sample = text.slice(0, 4096);
  let odd = 0;
  for (let i = 0; i < sample.length; i++) {
    const code = sample.charCodeAt(i);
    if ((code < 32 && code !== 9 && code !== 10 && code !== 12 && code !== 13) || code === 0xfffd) odd++;
  }
  return odd > sample.length * 0.02;
}

function looksHtml(text: string): boolean {
  return /^\s*(<!doctype html|<html|<table|<meta)/i.test(text) || /<table[\s>]/i.test(text.slice(0, 8192));
}

/** A CEPLAN export (also re-saved as xlsx or CSV) is read by its own reader. */
function isCeplan(sheets: readonly ValuedSheet[]): boolean {
  return sheets.some((sheet) => sheet.rows.slice(0, 20).some((row) => isCeplanHeader(row)));
}

async function sheetsOf(
  fileName: string,
  bytes: Uint8Array,
  budget: ReadBudget,
): Promise<ValuedSheet[] | string> {
  if (bytes.length === 0) return "El archivo está vacío";
  if (startsWith(bytes, 0x50, 0x4b)) {
    try {
      return await xlsxSheets(bytes, fileName, budget);
    } catch (error) {
      if (error instanceof LimitExceeded) throw error;
      return "El archivo es un ZIP pero no una hoja de cálculo .xlsx legible";
    }
  }
  if (startsWith(bytes, 0xd0, 0xcf, 0x11, 0xe0))
    return "Es un libro de Excel 97-2003 (.xls binario): guárdelo como .xlsx o como CSV y vuelva a importarlo";
  if (startsWith(bytes, 0x25, 0x50, 0x44, 0x46))
    return "Es un PDF: exporte la tabla a una hoja de cálculo (.xlsx) o a texto y vuelva a importarla";
  const text = decodeText(bytes);
  if (looksBinary(text)) return "El archivo no es un documento de texto ni una hoja de cálculo";
  if (text.trim() === "") return "El archivo está vacío";
  return looksHtml(text) ? readHtmlSheets(text, fileName, budget) : [await textSheet(text, fileName, budget)];
}

export async function readDocument(input: DocumentInput, options: ReadOptions = {}): Promise<ReadResult> {
  const { fileName, bytes } = input;
  try {
    const sheets = await sheetsOf(fileName, bytes, new ReadBudget(options.limits));
    if (typeof sheets === "string") return refusal(fileName, sheets, options.year);
    if (isCeplan(sheets)) return readCeplanExport(fileName, sheets, options);
    return readPlanSheets(fileName, sheets, options);
  } catch (error) {
    if (error instanceof LimitExceeded) return refusal(fileName, error.message, options.year, error.at);
    // A reader bug must still leave the user with a sentence, not a stack trace.
    const reason = error instanceof Error ? error.message : String(error);
    return refusal(fileName, `No se pudo leer el documento: ${reason}`, options.year);
  }
}
