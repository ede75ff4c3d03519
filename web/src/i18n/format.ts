/**
 * Figures as the interface writes them. In Spanish, as the reports write them for the
 * institution's locale (src/report/format-locale.ts: `96.8 %` for es-PE, `96,8 %` for es-CO); in
 * English with English separators and no space before the sign (`96.8%`, `1,543`). The digits
 * are always the reports' (one rounding, from the figure's two decimals in the report JSON).
 */
import { numberLocale, pctText, quantityText, thresholdText } from "../../../src/report/format-locale.js";

export type Language = "es" | "en";

const NO_VALUE = "—";

export type Formatters = {
  /** An execution % (`96.82` → `96.8 %` / `96.8%`); null (nothing programmed) → "—". */
  pct: (value: number | null) => string;
  /** A quantity (`1543` → `1,543`); null (nothing registered) → "—". */
  quantity: (value: number | null) => string;
  /** A threshold of the traffic light, as its legend writes it (`110 %` / `110%`). */
  threshold: (value: number) => string;
  /** An instant in the browser's time zone, day and minute (`01/12/2026, 18:40`); null → "—". */
  dateTime: (iso: string | null) => string;
};

export function formattersFor(language: Language, institutionLocale?: string): Formatters {
  const english = language === "en";
  const locale = numberLocale(english ? "en-US" : institutionLocale);
  const percent = (text: string) => (english ? text.replace(" %", "%") : text);
  return {
    pct: (value) => percent(pctText(value, locale)),
    quantity: (value) => (value === null ? NO_VALUE : quantityText(value, locale)),
    threshold: (value) => percent(thresholdText(value, locale)),
    dateTime: (iso) =>
      iso === null
        ? NO_VALUE
        : new Intl.DateTimeFormat(english ? "en-US" : (institutionLocale ?? "es-PE"), {
            dateStyle: "short",
            timeStyle: "short",
          }).format(new Date(iso)),
  };
}
