/**
 * The report API as the dashboard and the reports page read it: periods, the JSON, period names.
 * Reports and downloads are asked in the interface's language (`lang=es|en`): the server writes
 * their headers, titles, notes and charts in it.
 */
import { useQuery } from "@tanstack/react-query";
import type { ReportKind as AnyReportKind, ReportFormat, ReportJson } from "../../src/contract/report.js";
import { api, query } from "./api.js";
import { type Language, storedLanguage, useI18n } from "./i18n/index.js";

export const periods = [
  "YTD",
  "Q1",
  "Q2",
  "Q3",
  "Q4",
  "S1",
  "S2",
  "YEAR",
  "M01",
  "M02",
  "M03",
  "M04",
  "M05",
  "M06",
  "M07",
  "M08",
  "M09",
  "M10",
  "M11",
  "M12",
] as const;

export type PeriodCode = (typeof periods)[number];
const isPeriodCode = (code: string): code is PeriodCode => (periods as readonly string[]).includes(code);

/** The code the reports give a year-to-date before any month is closed. */
export const NO_CLOSED_MONTHS = "YTD-M00";

/** The reports the app shows: the activity sheet is the CLI's and the API's only. */
export type ReportKind = Exclude<AnyReportKind, "activity">;
export const reportKinds: readonly ReportKind[] = ["units", "poi", "poa"];
/** The files the app offers to download, beside the JSON it shows. */
export const reportFormats = ["xlsx", "pdf", "csv"] as const satisfies readonly ReportFormat[];

export function reportUrl(
  planId: string,
  report: ReportKind,
  values: { period: string; format: ReportFormat; unit?: string | undefined; lang: Language },
): string {
  return `/api/plans/${planId}/reports/${report}${query(values)}`;
}

/**
 * Reports asked for as the app starts (`preloadReport`), before the session and the page's code
 * are in: each is handed to the first query of its URL, if that comes within `PRELOAD_MS`. A
 * failed one (no session: 401) is dropped, and the page asks again itself.
 */
const preloaded = new Map<string, { at: number; answer: Promise<ReportJson> }>();
const PRELOAD_MS = 15_000;

export function preloadReport(planId: string, report: ReportKind, period: string, unit?: string): void {
  // In the language the page will ask for (the one the browser remembers), or the URLs differ.
  const url = reportUrl(planId, report, { period, format: "json", unit, lang: storedLanguage() });
  const answer = api<ReportJson>(url);
  preloaded.set(url, { at: Date.now(), answer });
  answer.catch(() => {
    if (preloaded.get(url)?.answer === answer) preloaded.delete(url);
  });
}

function fetchReport(url: string): Promise<ReportJson> {
  const early = preloaded.get(url);
  preloaded.delete(url);
  return early && Date.now() - early.at < PRELOAD_MS ? early.answer : api<ReportJson>(url);
}

/** A report's JSON in the interface's language: switching the language fetches it again. */
export function useReport(planId: string, report: ReportKind, period: string, unit?: string) {
  const { language } = useI18n();
  return useQuery({
    queryKey: ["report", planId, report, period, unit, language],
    queryFn: () => fetchReport(reportUrl(planId, report, { period, format: "json", unit, lang: language })),
  });
}

/** The period a report covers, named by the interface's catalog from the period's code. */
export function usePeriodLabel(): (report: Pick<ReportJson, "period" | "plan">) => string {
  const { t } = useI18n();
  return ({ period: { code, label }, plan: { year } }) => {
    if (code === NO_CLOSED_MONTHS) return t("period.ytdNone", { year });
    const through = /^YTD-(M\d\d)$/.exec(code)?.[1];
    if (through && isPeriodCode(through))
      return t("period.ytdThrough", { month: t(`period.${through}`), year });
    return isPeriodCode(code) ? `${t(`period.${code}`)} ${year}` : label;
  };
}
