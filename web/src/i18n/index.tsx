/**
 * Language of the interface: Spanish by default, English second, remembered in the browser.
 * `t(key, values)` reads the catalog of the language; `formatters` write its figures (format.ts).
 */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { en } from "./en.js";
import { es, type Messages } from "./es.js";
import type { Language } from "./format.js";
import { type Formatters, formattersFor } from "./format.js";
import { type Translate, translator } from "./translate.js";

export type { Formatters, Language, Translate };
export const languages: readonly Language[] = ["es", "en"];

const catalogs: Record<Language, Messages> = { es, en };
const STORAGE_KEY = "avance.language";

type I18n = {
  language: Language;
  setLanguage: (language: Language) => void;
  t: Translate;
  /** Formatters for the figures of an institution (its locale, e.g. `es-PE`). */
  formatters: (institutionLocale?: string) => Formatters;
};

const I18nContext = createContext<I18n | null>(null);

/** The language the browser remembers (Spanish when none): also read before React starts. */
export function storedLanguage(): Language {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (stored === "es" || stored === "en") return stored;
  return "es";
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(storedLanguage);
  const setLanguage = useCallback((next: Language) => {
    localStorage.setItem(STORAGE_KEY, next);
    setLanguageState(next);
  }, []);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  const value = useMemo<I18n>(() => {
    const t = translator(catalogs[language]);
    return { language, setLanguage, t, formatters: (locale) => formattersFor(language, locale) };
  }, [language, setLanguage]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const context = useContext(I18nContext);
  if (!context) throw new Error("useI18n outside I18nProvider");
  return context;
}
