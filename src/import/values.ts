/**
 * Cell values as planning documents write them: cleaned text, Spanish month names, numbers whose
 * separators depend on the document (`6,350` / `6.350` / `1 543` / `12,5` / `45%`) and Spanish
 * dates (`03 de enero de 2023`, `30 de enero`, `03/02/2023` = 3 February).
 */
import { fold } from "../domain/normalize.js";

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', nbsp: " ", apos: "'" };

// Hot patterns live at module level: a regular expression literal is a new object each time
// it is evaluated, and these run on each of the two million cells of a large POI.
const MAYBE_DEBRIS = /[<*&\s]/;
const DEBRIS = /[<*&]|\s\s|^\s|\s$|[^\S ]/;

/** Cell text without extraction debris (`<b>` tags, `**`, entities, doubled spaces); case kept. */
export function cleanCell(text: string): string {
  if (!MAYBE_DEBRIS.test(text) || !DEBRIS.test(text)) return text;
  return text
    .replace(/<\/?[a-zA-Z][^<>]*>/g, " ")
    .replace(/\*\*/g, "")
    .replace(/&(amp|lt|gt|quot|nbsp|apos);/g, (_, name: string) => ENTITIES[name] ?? "")
    .replace(/\s+/g, " ")
    .trim();
}

export const MONTH_NAMES = "ENE FEB MAR ABR MAY JUN JUL AGO SET OCT NOV DIC".split(" ");

const MONTH_WORDS: Record<string, number> = {};
for (const [index, words] of [
  "ENE ENERO",
  "FEB FEBRERO",
  "MAR MARZO",
  "ABR ABRIL",
  "MAY MAYO",
  "JUN JUNIO",
  "JUL JULIO",
  "AGO AGOSTO",
  "SET SEP SEPT SETIEMBRE SEPTIEMBRE",
  "OCT OCTUBRE",
  "NOV NOVIEMBRE",
  "DIC DICIEMBRE",
].entries()) {
  for (const word of words.split(" ")) MONTH_WORDS[word] = index;
}

/** 0-based month of a folded word (`ENE`, `SETIEMBRE`, `SEP`), or undefined. */
export function monthOfWord(word: string): number | undefined {
  return MONTH_WORDS[word];
}

// ---------------------------------------------------------------------------------------------
// Numbers

/** Which separator is the decimal one; the other one (or a space) groups thousands. */
export type NumberStyle = { decimal: "," | "." };
export type Separator = NumberStyle["decimal"];

const other = (sep: Separator): Separator => (sep === "," ? "." : ",");

/** Text of a number without spaces inside groups, currency, sign, parentheses and `%`. */
function numberBody(text: string): { body: string; negative: boolean } {
  let body = text
    .replace(/[\u00a0\u2007\u202f]/g, " ")
    .trim()
    .replace(/^(S\/\.?|US\$|\$|€)\s*/i, "");
  let negative = false;
  if (/^\(.*\)$/.test(body)) {
    negative = true;
    body = body.slice(1, -1).trim();
  }
  if (/^[-−]/.test(body)) {
    negative = !negative;
    body = body.slice(1).trim();
  } else if (body.startsWith("+")) body = body.slice(1).trim();
  body = body.replace(/\s*%$/, "");
  return { body, negative };
}

const literal = (sep: Separator) => (sep === "." ? "\\." : sep);

function numberPatterns(decimal: Separator) {
  const d = literal(decimal);
  const t = `[${literal(other(decimal))} ]`;
  return {
    grouped: new RegExp(`^\\d{1,3}(?:(${t})\\d{3})?(?:\\1\\d{3})*(?:${d}\\d+)?$`),
    plain: new RegExp(`^(?:\\d+(?:${d}\\d*)?|${d}\\d+)$`),
    thousands: new RegExp(t, "g"),
  };
}
const PATTERNS = { ",": numberPatterns(","), ".": numberPatterns(".") };

/**
 * The value of a cell of plain digits (the same number in every style), else undefined. By
 * hand, not by pattern and `Number`: a large POI has 1.7 million of them, and up to 15 digits
 * the integer is exact.
 */
export function plainDigits(text: string): number | undefined {
  if (text.length === 0) return undefined;
  if (text.length > 15) return /^\d+$/.test(text) ? Number(text) : undefined;
  let value = 0;
  for (let i = 0; i < text.length; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return undefined;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * Reads a number cell: `null` when empty, `undefined` when it is not a number in this style.
 * `45%` reads as 45 (percentages stay in percent).
 */
export function readNumber(text: string, style: NumberStyle): number | null | undefined {
  const digits = plainDigits(text);
  if (digits !== undefined) return digits;
  const { body, negative } = numberBody(text);
  if (body === "") return text.trim() === "" ? null : undefined;
  const { grouped, plain, thousands } = PATTERNS[style.decimal];
  if (!grouped.test(body) && !plain.test(body)) return undefined;
  const value = Number(body.replace(thousands, "").replace(style.decimal, "."));
  if (!Number.isFinite(value)) return undefined;
  return negative && value !== 0 ? -value : value;
}

export type NumberEvidence = {
  /** The style the document proves, if it proves one. */
  style?: NumberStyle;
  /** A separator seen only as `d,ddd`: thousands or decimal, the cell alone cannot tell. */
  ambiguous?: Separator;
  /** A value that shows it (`6,350`), for the message. */
  example?: string;
  /** Values prove both styles: the document mixes them. */
  conflict: boolean;
};

/**
 * What a document's number cells prove about its separators: `1.234,5` or `12,5` or `0,350`
 * prove `,` is decimal; `1,234,567` proves `,` groups thousands; `6,350` alone proves nothing.
 */
export function numberEvidence(texts: Iterable<string>): NumberEvidence {
  const decimalVotes = { ",": 0, ".": 0 };
  const ambiguous = { ",": "", ".": "" };
  for (const text of texts) {
    const { body } = numberBody(text);
    if (!/^[\d., ]+$/.test(body) || !/\d/.test(body)) continue;
    const commas = body.split(",").length - 1;
    const dots = body.split(".").length - 1;
    if (commas > 0 && dots > 0) {
      decimalVotes[body.lastIndexOf(",") > body.lastIndexOf(".") ? "," : "."]++;
      continue;
    }
    const sep: Separator | undefined = commas > 0 ? "," : dots > 0 ? "." : undefined;
    if (!sep) continue;
    if (commas + dots > 1) {
      decimalVotes[other(sep)]++;
      continue;
    }
    const [before = "", after = ""] = body.split(sep);
    if (after.length === 3 && /^[1-9]\d{0,2}$/.test(before.replace(/ /g, ""))) {
      ambiguous[sep] ||= text.trim();
    } else decimalVotes[sep]++;
  }
  const proven: Separator[] = ["," as const, "." as const].filter((sep) => decimalVotes[sep] > 0);
  const conflict = proven.length > 1;
  const decimal = conflict ? (decimalVotes[","] >= decimalVotes["."] ? "," : ".") : proven[0];
  if (decimal) return { style: { decimal }, conflict };
  const sep = ambiguous[","] ? "," : ambiguous["."] ? "." : undefined;
  return sep ? { ambiguous: sep, example: ambiguous[sep], conflict } : { conflict };
}

/** A number written the way the document writes them (thousands grouped, its decimal mark). */
export function formatNumber(value: number, style: NumberStyle): string {
  const [whole = "", fraction] = Math.abs(Number(value.toFixed(6)))
    .toString()
    .split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, other(style.decimal));
  return `${value < 0 ? "-" : ""}${grouped}${fraction ? style.decimal + fraction : ""}`;
}

// ---------------------------------------------------------------------------------------------
// Dates

export type DateReading = { iso: string; year: number; explicitYear: boolean };

function isoDate(year: number, month: number, day: number): string | undefined {
  const date = new Date(Date.UTC(year, month, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month || date.getUTCDate() !== day) return;
  return date.toISOString().slice(0, 10);
}

type DateParts = { day: number; month: number | undefined; year?: string };

/** The ways planning documents write a date, each → day, month (0-based) and written year. */
const DATE_FORMATS: [RegExp, (m: RegExpExecArray) => DateParts][] = [
  [
    /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/,
    (m) => ({ year: m[1], month: Number(m[2]) - 1, day: Number(m[3]) }),
  ],
  [
    /^(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{4}|\d{2}))?$/,
    (m) => ({ day: Number(m[1]), month: Number(m[2]) - 1, year: m[3] }),
  ],
  [
    /^(\d{1,2})\s*(?:DE\s+|-|\/)?([A-Z]+)\.?(?:\s*(?:DE|DEL|-|\/|,)?\s*(\d{4}))?$/,
    (m) => ({ day: Number(m[1]), month: monthOfWord(m[2] ?? ""), year: m[3] }),
  ],
  // A month alone: day 0 stands for "its first or last day".
  [
    /^([A-Z]+)\.?(?:\s*(?:DE|DEL)?\s*(\d{4}))?$/,
    (m) => ({ day: 0, month: monthOfWord(m[1] ?? ""), year: m[2] }),
  ],
];

/**
 * Reads a Spanish date against the plan's year: `03 de enero de 2023`, `03 de enero.`,
 * `30 de enero`, `1° de setiembre`, `03/02/2023` (day first), `03-02-23`, `2023-02-03`; a month
 * alone (`Enero`) is its first day as a start and its last day as an end. `null` when empty,
 * `undefined` when unreadable.
 */
export function readDate(
  text: string,
  planYear: number,
  edge: "start" | "end",
): DateReading | null | undefined {
  const folded = fold(text)
    .replace(/(\d)\s*[°º]/g, "$1")
    .replace(/[.,;:]+$/, "")
    .replace(/^(DEL?|EL|A PARTIR DEL?|HASTA EL?)\s+/, "")
    .trim();
  if (folded === "") return null;
  for (const [pattern, parts] of DATE_FORMATS) {
    const match = pattern.exec(folded);
    if (!match) continue;
    const { day, month, year } = parts(match);
    if (month === undefined) return undefined;
    const y = !year ? planYear : year.length === 2 ? 2000 + Number(year) : Number(year);
    const d = day > 0 ? day : edge === "start" ? 1 : new Date(Date.UTC(y, month + 1, 0)).getUTCDate();
    const iso = isoDate(y, month, d);
    return iso ? { iso, year: y, explicitYear: year !== undefined } : undefined;
  }
  return undefined;
}
