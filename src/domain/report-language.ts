/** The languages a report's texts are written in (its figures keep the institution's locale). */
export const reportLanguages = ["es", "en"] as const;
export type ReportLanguage = (typeof reportLanguages)[number];
export const DEFAULT_REPORT_LANGUAGE: ReportLanguage = "es";
