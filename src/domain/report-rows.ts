/**
 * The rows the report readers (src/db/reports) return and the report builders
 * (src/report/build-*.ts) take: plain figures and texts, no SQL, so the builders never reach
 * into the database layer.
 */
import type { ActivityAlignment, ActivityDescription } from "./activity-fields.js";
import type { Figures } from "./figures.js";

/**
 * Figures of a set of activities, as the domain's `Figures`, with how many activities. A set
 * that mixes quantity and progress activities has its quantity total here and its progress
 * total apart in `progress` (never one sum of both: `kindTotals`); a set of progress activities
 * only has their total here.
 */
export type ScopeFigures = Figures & {
  activityCount: number;
  progress?: Figures & { activityCount: number };
  /** Every activity of the scope is measured in % of progress: the figures are Σ of their period %. */
  measureKind?: "progress";
};

export type UnitSummaryLine = {
  id: string;
  parentId: string | null;
  name: string;
  code: string | null;
  /** 0 at the root of the summary (the top of the tree, or the unit asked for). */
  depth: number;
  own: ScopeFigures & { redCount: number };
  subtree: ScopeFigures & { redCount: number };
};

export type ActivityLine = ActivityDescription & {
  id: string;
  unitId: string;
  unitName: string;
  annualTarget: number | null;
  position: number;
  /** Twelve programmed months (current version), null = nothing programmed. */
  programmedMonths: (number | null)[];
  /** Twelve executed months, null = nothing reported. */
  executedMonths: (number | null)[];
  figures: Figures;
  /**
   * The plan's closed months inside the period in which the activity had something programmed
   * (more than 0) and has no executed value (not even 0), ascending: `[2]` = February is missing.
   */
  missingClosedMonths: number[];
  /** The period's programmed in the baseline version, when asked. */
  baselineProgrammed?: number;
};

/** Sums of a group of activity lines, as the POI report's subtotal and TOTAL rows show them. */
export type LineTotals = {
  /** null for the TOTAL of the whole scope. */
  unitId: string | null;
  activityCount: number;
  annualTarget: number | null;
  /** Σ of each programmed month (0 when nothing programmed). */
  programmedMonths: number[];
  /** Σ of each executed month (null when nothing reported that month). */
  executedMonths: (number | null)[];
  figures: Figures;
  baselineProgrammed?: number;
  /**
   * When the group mixes quantity and progress activities: the progress activities' totals apart
   * (the fields above are then the quantity activities' only).
   */
  progress?: LineTotals;
};

export type MonthlySeries = {
  /** The figures of each single month, January first. */
  monthly: Figures[];
  /** The figures from January through each month (year-to-date), January first. */
  cumulative: Figures[];
};

export type ActivityDetail = Omit<ActivityLine, "figures" | "baselineProgrammed" | "missingClosedMonths"> &
  ActivityAlignment & {
    active: boolean;
    baselineMonths: (number | null)[];
    programmedMoney: (number | null)[];
    executedMoney: (number | null)[];
  };

export type ExecutionComment = {
  month: number;
  value: number | null;
  comment: string;
  author: string | null;
  enteredAt: string;
};

export type ReprogrammingRecord = {
  id: string;
  status: "pending" | "approved" | "rejected";
  justification: string;
  oldValues: (number | null)[];
  newValues: (number | null)[];
  requestedBy: string | null;
  requestedAt: string;
  reviewedBy: string | null;
  reviewedAt: string | null;
  reviewComment: string | null;
};
