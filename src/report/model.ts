/**
 * One table model for every report; the writers (CSV, xlsx, PDF, JSON) and the web render it.
 * Numbers stay numbers here: formatting is the writer's job, by the institution's locale. Its
 * columns, cells and charts are those of the report JSON, so they are the contract's.
 */

import type { CellValue, ChartSpec, ReportColumn, ReportKind } from "../contract/report.js";
import type { ReportLanguage } from "../domain/report-language.js";
import type { TrafficLight } from "../domain/traffic-light.js";

export type ReportRow = {
  /** `unit` heads a group, `subtotal` closes it, `total` is the TOTAL row. */
  kind: "activity" | "unit" | "subtotal" | "total";
  /** Tree depth for unit rows (0 = top level). */
  depth?: number;
  cells: Record<string, CellValue>;
  light: TrafficLight | null;
  overExecution: boolean;
  /**
   * Activity rows of the POI and POA reports: the plan's closed months of the period in which the
   * activity had something programmed and has no executed value (`[2]`: nothing for February).
   */
  missingClosedMonths?: number[];
  /** Activity rows of the POI and POA reports: red light, or `missingClosedMonths` not empty. */
  atRisk?: boolean;
};

export type Totals = {
  programmed: number;
  executed: number | null;
  executionPct: number | null;
  light: TrafficLight | null;
};

export type ReportSection = {
  /** Sheet name in xlsx, heading in PDF. */
  title: string;
  columns: ReportColumn[];
  rows: ReportRow[];
  charts?: ChartSpec[];
};

export type Report = {
  kind: ReportKind;
  /** The language of its texts (texts.ts); absent: Spanish. Figures follow `institution.locale`. */
  language?: ReportLanguage;
  title: string;
  institution: { name: string; locale: string };
  plan: { id: string; title: string; year: number; kind: "POI" | "POA" };
  period: { code: string; label: string };
  /** ISO date-time the report was issued. */
  issuedAt: string;
  thresholds: { greenFrom: number; amberFrom: number; overExecutionAbove: number };
  totals: Totals;
  /**
   * A report that mixes quantity and progress activities: `totals` are the quantity activities'
   * and these the progress activities' (Σ of their period %), never one sum of both.
   */
  progressTotals?: Totals;
  /** Every activity of the report is measured in % of progress: `totals` are Σ of their period %. */
  totalsMeasure?: "progress";
  /** Footnotes, e.g. that quantities of different units of measure are summed as the source does. */
  notes: string[];
  sections: ReportSection[];
};
