/**
 * JSON of a report: the report model as it is (numbers stay numbers, for programs to read), with
 * every percentage rounded to two decimals (`96.82`; `null` when nothing was programmed) so that
 * consumers do not see binary fractions like 96.82436824368244. Lights are `green`/`amber`/`red`.
 */
import type { Report, ReportSection } from "./model.js";

const round2 = (pct: number | null): number | null => (pct === null ? null : Math.round(pct * 100) / 100);

function section(section: ReportSection): ReportSection {
  const pctKeys = section.columns.filter((column) => column.kind === "pct").map((column) => column.key);
  return {
    ...section,
    rows: section.rows.map((row) => {
      const cells = { ...row.cells };
      for (const key of pctKeys) {
        const value = cells[key];
        if (typeof value === "number") cells[key] = round2(value);
      }
      return { ...row, cells };
    }),
    ...(section.charts
      ? {
          charts: section.charts.map((chart) =>
            chart.kind === "units-ranked"
              ? {
                  ...chart,
                  units: chart.units.map((unit) => ({ ...unit, executionPct: round2(unit.executionPct) })),
                }
              : chart,
          ),
        }
      : {}),
  };
}

/** The report as JSON text, `totals.executionPct` and every % cell rounded to two decimals. */
export function reportJson(report: Report): Report {
  return {
    ...report,
    totals: { ...report.totals, executionPct: round2(report.totals.executionPct) },
    sections: report.sections.map(section),
  };
}

export function writeJson(report: Report): Buffer {
  return Buffer.from(`${JSON.stringify(reportJson(report), null, 2)}\n`, "utf8");
}
