/** The report API as the dashboard and the reports page read it: periods, the JSON, period names. */
import { useQuery } from "@tanstack/react-query";
import { api, query, type ReportJson } from "./api.js";
import { useI18n } from "./i18n/index.js";

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

export type ReportKind = "poi" | "poa" | "units";
export const reportKinds: readonly ReportKind[] = ["units", "poi", "poa"];
export const reportFormats = ["xlsx", "pdf", "csv"] as const;

export function reportUrl(
  planId: string,
  report: ReportKind,
  values: { period: string; format: "json" | (typeof reportFormats)[number]; unit?: string | undefined },
): string {
  return `/api/plans/${planId}/reports/${report}${query(values)}`;
}

export function useReport(planId: string, report: ReportKind, period: string, unit?: string) {
  return useQuery({
    queryKey: ["report", planId, report, period, unit],
    queryFn: () => api<ReportJson>(reportUrl(planId, report, { period, format: "json", unit })),
  });
}

/** The period a report covers, named in the interface's language (the report's own label is Spanish). */
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
