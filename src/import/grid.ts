/**
 * Every document, whatever its format, is first turned into sheets of text cells; layout
 * recognition then works on cells only. `locate` says how to cite a cell to the user.
 */
import type { SourceRef } from "../domain/plan-draft.js";

export type Sheet = {
  /** Worksheet name for spreadsheets; absent for text and HTML. */
  name?: string;
  /** Cell text as the document shows it; "" for an empty cell. Rows may differ in length. */
  rows: string[][];
  /** Source of the cell at 0-based (row, col): line for text, sheet + cell for xlsx, row for HTML. */
  locate(row: number, col: number): SourceRef;
};

/** `A1`-style name of a 0-based (row, col). */
export function cellName(row: number, col: number): string {
  let letters = "";
  for (let n = col + 1; n > 0; n = Math.floor((n - 1) / 26))
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return `${letters}${row + 1}`;
}
