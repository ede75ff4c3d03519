/**
 * The JSON form of a report (`--format json`, `?format=json`): the main table's `rows`, a
 * `totals` object, and the other sections. Every row (activity, unit line, subtotal, TOTAL)
 * carries the same three figures as `totals` — `programmed`, `executed`, `executionPct` — and its
 * `light`. Percentages are rounded to two decimals (`96.82`) and are `null` when nothing was
 * programmed (never 0); quantities are exact numbers; `null` = nothing registered. The activity
 * rows of the POI and POA also carry `missingClosedMonths` (closed months of the period with
 * something programmed and no entry) and `atRisk` (red, or some such month).
 */
import type {
  CellValue,
  ChartSpec,
  ReportJson,
  ReportJsonRow,
  ReportJsonSection,
} from "../contract/report.js";
import type { Report, ReportRow, ReportSection } from "./model.js";

/** 96.82436… → 96.82; null stays null. */
export function roundPct(pct: number | null): number | null {
  return pct === null ? null : Math.round(pct * 100) / 100;
}

function number(value: CellValue | undefined): number | null {
  return typeof value === "number" ? value : null;
}

/** `pctKeys`: the keys of the section's % columns, found once per section (a POI has 1,000 rows). */
function jsonRow(row: ReportRow, pctKeys: ReadonlySet<string>): ReportJsonRow {
  const cells: Record<string, CellValue> = {};
  for (const [key, value] of Object.entries(row.cells)) {
    cells[key] = pctKeys.has(key) && typeof value === "number" ? roundPct(value) : value;
  }
  // One object of the cells and the figures, in this key order, assigned rather than spread: a
  // literal spreading the cells would have the compiler check `overExecution` as a cell.
  return Object.assign({ kind: row.kind, ...(row.depth === undefined ? {} : { depth: row.depth }) }, cells, {
    programmed: number(row.cells.programmed),
    executed: number(row.cells.executed),
    executionPct: roundPct(number(row.cells.executionPct)),
    light: row.light,
    overExecution: row.overExecution,
    ...(row.atRisk === undefined
      ? {}
      : { missingClosedMonths: row.missingClosedMonths ?? [], atRisk: row.atRisk }),
  });
}

function jsonChart(chart: ChartSpec): ChartSpec {
  if (chart.kind !== "units-ranked") return chart;
  return {
    ...chart,
    units: chart.units.map((unit) => ({ ...unit, executionPct: roundPct(unit.executionPct) })),
  };
}

function jsonSection(section: ReportSection): ReportJsonSection {
  const pctKeys = new Set(
    section.columns.filter((column) => column.kind === "pct").map((column) => column.key),
  );
  return {
    title: section.title,
    columns: section.columns,
    rows: section.rows.map((row) => jsonRow(row, pctKeys)),
    ...(section.charts ? { charts: section.charts.map(jsonChart) } : {}),
  };
}

/** The table `rows` shows: the first section with figures (the activity sheet's months, not its identification). */
function mainIndex(report: Report): number {
  const index = report.sections.findIndex((section) => section.columns.some((c) => c.key === "executionPct"));
  return Math.max(index, 0);
}

export function reportJson(report: Report): ReportJson {
  const sections = report.sections.map(jsonSection);
  const [main] = sections.splice(mainIndex(report), 1);
  const rest = sections;
  const pct = report.totals.executionPct;
  const progress = report.progressTotals;
  return {
    report: report.kind,
    title: report.title,
    institution: report.institution,
    plan: report.plan,
    period: report.period,
    issuedAt: report.issuedAt,
    thresholds: report.thresholds,
    totals: {
      programmed: report.totals.programmed,
      executed: report.totals.executed,
      executionPct: roundPct(pct),
      light: report.totals.light,
      overExecution: pct !== null && pct > report.thresholds.overExecutionAbove,
    },
    ...(progress
      ? {
          progressTotals: {
            programmed: progress.programmed,
            executed: progress.executed,
            executionPct: roundPct(progress.executionPct),
            light: progress.light,
            overExecution:
              progress.executionPct !== null && progress.executionPct > report.thresholds.overExecutionAbove,
          },
        }
      : {}),
    ...(report.totalsMeasure ? { totalsMeasure: report.totalsMeasure } : {}),
    notes: report.notes,
    columns: main?.columns ?? [],
    rows: main?.rows ?? [],
    ...(main?.charts ? { charts: main.charts } : {}),
    sections: rest,
  };
}

/** The JSON file: UTF-8, indented, with a final newline. */
export function writeJson(report: Report): Buffer {
  return Buffer.from(`${JSON.stringify(reportJson(report), null, 2)}\n`, "utf8");
}
