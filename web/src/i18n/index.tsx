/**
 * Language of the interface (Spanish by default, English second) and the formatting of figures.
 * In Spanish, figures are written as the reports write them for the institution's locale
 * (src/report/format-locale.ts: `96.8 %` for es-PE, `96,8 %` for es-CO); in English, as English
 * does (`96.8%`, `1,543`).
 */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { numberLocale, pctText, quantityText, thresholdText } from "../../../src/report/format-locale.js";
import { en } from "./en.js";
import { es, type MessageKey, type Messages } from "./es.js";

export type Language = "es" | "en";
export const languages: readonly Language[] = ["es", "en"];

const catalogs: Record<Language, Messages> = { es, en };
const STORAGE_KEY = "avance.language";
const NO_VALUE = "—";

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

export type Formatters = {
  /** An execution % (`96.82` → `96.8 %` / `96.8%`); null (nothing programmed) → "—". */
  pct: (value: number | null) => string;
  /** A quantity (`1543` → `1,543`); null (nothing registered) → "—". */
  quantity: (value: number | null) => string;
  /** A threshold of the traffic light, as its legend writes it (`110 %` / `110%`). */
  threshold: (value: number) => string;
};

type I18n = {
  language: Language;
  setLanguage: (language: Language) => void;
  t: Translate;
  /** Formatters for the figures of an institution (its locale, e.g. `es-PE`). */
  formatters: (institutionLocale?: string) => Formatters;
};

const I18nContext = createContext<I18n | null>(null);

function initialLanguage(): Language {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (stored === "es" || stored === "en") return stored;
  return "es";
}

function formattersFor(language: Language, institutionLocale?: string): Formatters {
  if (language === "es") {
    const locale = numberLocale(institutionLocale);
    return {
      pct: (value) => pctText(value, locale),
      quantity: (value) => (value === null ? NO_VALUE : quantityText(value, locale)),
      threshold: (value) => thresholdText(value, locale),
    };
  }
  const percent = new Intl.NumberFormat("en", { style: "percent", maximumFractionDigits: 1 });
  const number = new Intl.NumberFormat("en", { maximumFractionDigits: 2 });
  const threshold = new Intl.NumberFormat("en", { style: "percent", maximumFractionDigits: 2 });
  return {
    pct: (value) => (value === null ? NO_VALUE : percent.format(value / 100)),
    threshold: (value) => threshold.format(value / 100),
    quantity: (value) => (value === null ? NO_VALUE : number.format(value)),
  };
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(initialLanguage);
  const setLanguage = useCallback((next: Language) => {
    localStorage.setItem(STORAGE_KEY, next);
    setLanguageState(next);
  }, []);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  const value = useMemo<I18n>(() => {
    const catalog = catalogs[language];
    const t: Translate = (key, values) =>
      catalog[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
        values && name in values ? String(values[name]) : whole,
      );
    return { language, setLanguage, t, formatters: (locale) => formattersFor(language, locale) };
  }, [language, setLanguage]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const context = useContext(I18nContext);
  if (!context) throw new Error("useI18n outside I18nProvider");
  return context;
}
