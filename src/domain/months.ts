/** Twelve monthly values, index 0 = January. `null` = nothing registered (not the same as 0). */
export type Monthly = readonly (number | null)[];

export const MONTHS = 12;

export function emptyMonthly(): (number | null)[] {
  return Array.from({ length: MONTHS }, () => null);
}
