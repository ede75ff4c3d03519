/**
 * Numbers written the way the source documents write them: comma for thousands, point for
 * decimals (`6,350`, `12.5`, `96.8 %`), and "—" where there is no figure. Done by hand rather than
 * with Intl so the output does not depend on the ICU data of the machine.
 */

/** What is shown for a missing figure (nothing programmed, nothing reported). */
export const NO_VALUE = "—";

function group(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

function fixed(value: number, decimals: number, trimZeros: boolean): string {
  let text = Math.abs(value).toFixed(decimals);
  if (trimZeros && text.includes(".")) text = text.replace(/\.?0+$/, "");
  const [whole = "0", fraction] = text.split(".");
  const body = fraction === undefined ? group(whole) : `${group(whole)}.${fraction}`;
  // No "-0" for a tiny negative that rounds to zero.
  return value < 0 && /[1-9]/.test(body) ? `-${body}` : body;
}

/** A quantity: `6,350`, `12.5`, `0.3`; up to `maxDecimals` decimals, trailing zeros dropped. */
export function formatQuantity(value: number | null, maxDecimals = 4): string {
  return value === null ? NO_VALUE : fixed(value, maxDecimals, true);
}

/** A percentage with a fixed number of decimals: `96.8 %`, `100.0 %`, `—`. */
export function formatPct(pct: number | null, decimals = 1): string {
  return pct === null ? NO_VALUE : `${fixed(pct, decimals, false)} %`;
}
