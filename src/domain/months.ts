/** Twelve monthly values, index 0 = January. `null` = nothing registered (not the same as 0). */
export type Monthly = readonly (number | null)[];

export const MONTHS = 12;

export function emptyMonthly(): (number | null)[] {
  return Array.from({ length: MONTHS }, () => null);
}

/** `01` … `12`: the suffixes of the month columns. */
export const monthKeys = Array.from({ length: MONTHS }, (_, i) => String(i + 1).padStart(2, "0"));

/** Exact decimal text for a numeric column; JS numbers print their shortest exact form. */
export function decimalText(value: number | null | undefined): string | null {
  return value === null || value === undefined ? null : String(value);
}
