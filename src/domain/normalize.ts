/** Latin-1 letters without their accents (`Ó` → `O`), decomposed once instead of on every name. */
const LATIN1_BASE = new Map(
  Array.from({ length: 128 }, (_, i) => {
    const char = String.fromCharCode(128 + i);
    return [char, char.normalize("NFD").replace(/[\u0300-\u036f]/g, "")];
  }),
);

// Module-level: a regular expression literal is a new object each time it is evaluated.
const BEYOND_LATIN1 = /[\u0100-\uffff]/;
const LATIN1 = /[\u0080-\u00ff]/;
const LATIN1_ALL = /[\u0080-\u00ff]/g;
const ODD_SPACE = /\s\s|^\s|\s$|[^\S ]/;

/**
 * Folds text for matching headers and names: no accents, upper case, single spaces, no tags.
 * Names repeat on 100,000 rows: each step runs only when the text needs it.
 */
export function fold(text: string): string {
  let folded = text.includes("<") ? text.replace(/<[^>]*>/g, " ") : text;
  if (BEYOND_LATIN1.test(folded)) folded = folded.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  else if (LATIN1.test(folded)) folded = folded.replace(LATIN1_ALL, (char) => LATIN1_BASE.get(char) ?? char);
  folded = folded.toUpperCase();
  return ODD_SPACE.test(folded) ? folded.replace(/\s+/g, " ").trim() : folded;
}
