import { MONTHS, type Monthly } from "./months.js";

export const measureKinds = ["quantity", "progress"] as const;
export type MeasureKind = (typeof measureKinds)[number];

/** What the figures of one activity are computed from. */
export type ActivityMeasure = {
  programmed: Monthly;
  executed: Monthly;
  /** A flow (summed over the months of a period) or a stock/rate (its last reported month). */
  cumulative: boolean;
  /** A withdrawn activity keeps its history but leaves every figure. */
  active: boolean;
  annualTarget: number | null;
  measureKind: MeasureKind;
  /**
   * The plan's closed months (1-based). In a closed month with something programmed, nothing
   * recorded counts as 0 executed: closing says the month's record is complete.
   */
  closedMonths?: readonly number[];
};

/**
 * The figures of an activity or of a set of activities over a period.
 * `executed` is `null` when nothing at all was reported in the period (not the same as 0);
 * `executionPct` is `null` ("—") when nothing was programmed, never 0 % or 100 %. It is not
 * rounded: rounding is for display, and the traffic light must see the exact value.
 */
export type Figures = {
  programmed: number;
  executed: number | null;
  executionPct: number | null;
};

export const NO_FIGURES: Figures = { programmed: 0, executed: null, executionPct: null };

/**
 * Quantities are stored as numeric(18,4). Adding them as binary floats drifts (0.1 + 0.2 =
 * 0.30000000000000004), and a total that is off in the 17th digit breaks equality checks and
 * shows up in exports. So sums are done on integers counting ten-thousandths, which is exact up
 * to ±2^53 ten-thousandths (about 900,000 million units, far beyond any plan).
 */
const SCALE = 10_000;

function toUnits(value: number): number {
  return Math.round(value * SCALE);
}

/** Rounds a quantity to the 4 decimals the database keeps. */
export function roundQuantity(value: number): number {
  return toUnits(value) / SCALE;
}

/** Exact sum of 4-decimal quantities; `null`s are skipped. */
export function sumQuantities(values: readonly (number | null)[]): number {
  let units = 0;
  // By index: an import sums 100,000 values a month, and an iterator's loop over them was slow.
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number | null;
    if (value !== null) units += toUnits(value);
  }
  return units / SCALE;
}

/** executed / programmed × 100, unrounded; `null` when either side is missing or nothing was programmed. */
export function executionPct(programmed: number | null, executed: number | null): number | null {
  if (programmed === null || executed === null) return null;
  const programmedUnits = toUnits(programmed);
  if (programmedUnits === 0) return null;
  // Multiplying the integers first keeps exact ratios exact: 9 of 10 is 90, not 90.00000000000001.
  return (toUnits(executed) * 100) / programmedUnits;
}

function valuesIn(monthly: Monthly, months: readonly number[]): (number | null)[] {
  return months.map((month) => {
    if (!Number.isInteger(month) || month < 1 || month > MONTHS) throw new RangeError(`month ${month}`);
    return monthly[month - 1] ?? null;
  });
}

/**
 * The executed months as the figures count them: a closed month with something programmed (more
 * than 0) and nothing recorded is 0, not "nothing recorded".
 */
export function effectiveExecuted(
  programmed: Monthly,
  executed: Monthly,
  closedMonths: readonly number[] = [],
): (number | null)[] {
  const closed = new Set(closedMonths);
  return Array.from({ length: MONTHS }, (_, i) => {
    const value = executed[i] ?? null;
    if (value !== null) return value;
    return closed.has(i + 1) && (programmed[i] ?? 0) > 0 ? 0 : null;
  });
}

function lastReported(values: readonly (number | null)[]): number | null {
  for (let i = values.length - 1; i >= 0; i--) {
    const value = values[i];
    if (value !== null && value !== undefined) return value;
  }
  return null;
}

/**
 * The figures of one activity over the given 1-based months (see `periodMonths`).
 * Cumulative quantities add up their months (a month with nothing counts as 0). Stocks, rates
 * and progress percentages are not additive: programmed and executed are each the value of the
 * last month of the period that has one (a progress activity's period figure is its last month's
 * % complete, never a sum). A closed month with something programmed and nothing recorded
 * counts as 0 executed (`effectiveExecuted`).
 */
export function periodFigures(activity: ActivityMeasure, months: readonly number[]): Figures {
  if (!activity.active) return NO_FIGURES;
  const programmedValues = valuesIn(activity.programmed, months);
  const executedValues = valuesIn(
    activity.closedMonths?.length
      ? effectiveExecuted(activity.programmed, activity.executed, activity.closedMonths)
      : activity.executed,
    months,
  );
  let programmed: number;
  let executed: number | null;
  if (activity.cumulative && activity.measureKind === "quantity") {
    programmed = sumQuantities(programmedValues);
    executed = executedValues.some((value) => value !== null) ? sumQuantities(executedValues) : null;
  } else {
    programmed = roundQuantity(lastReported(programmedValues) ?? 0);
    const last = lastReported(executedValues);
    executed = last === null ? null : roundQuantity(last);
  }
  return { programmed, executed, executionPct: executionPct(programmed, executed) };
}

/**
 * A progress activity's % complete should not go down: the latest earlier month with a value
 * above `value` (`{ month, value }`), or undefined. A decrease is a warning, not a refusal (a
 * correction may be right).
 */
export function progressDecrease(
  executed: Monthly,
  month: number,
  value: number | null,
): { month: number; value: number } | undefined {
  if (value === null) return undefined;
  for (let earlier = month - 1; earlier >= 1; earlier--) {
    const previous = executed[earlier - 1] ?? null;
    if (previous === null) continue;
    return previous > value ? { month: earlier, value: previous } : undefined;
  }
  return undefined;
}

/**
 * Progress toward the annual target, in % (like `executionPct`): what was executed from January
 * through `throughMonth` over the annual target. `null` when there is no target (or it is 0),
 * when nothing was reported yet, and for a withdrawn activity.
 */
export function progressToTarget(activity: ActivityMeasure, throughMonth: number): number | null {
  if (activity.annualTarget === null) return null;
  const months = Array.from({ length: throughMonth }, (_, i) => i + 1);
  const { executed } = periodFigures(activity, months);
  return executionPct(activity.annualTarget, executed);
}

/**
 * The roll-up of many figures: quantities are added and the % is recomputed from the sums,
 * never averaged (an average would weigh a 1-action unit like a 300-action one).
 * `executed` stays `null` only when none of the parts reported anything.
 */
export function sumFigures(parts: Iterable<Figures>): Figures {
  let programmedUnits = 0;
  let executedUnits = 0;
  let reported = false;
  for (const part of parts) {
    programmedUnits += toUnits(part.programmed);
    if (part.executed !== null) {
      executedUnits += toUnits(part.executed);
      reported = true;
    }
  }
  const programmed = programmedUnits / SCALE;
  const executed = reported ? executedUnits / SCALE : null;
  return { programmed, executed, executionPct: executionPct(programmed, executed) };
}

/** Figures of a set of activities with how many there are. */
export type CountedFigures = Figures & { activityCount: number };

/**
 * The totals of a set that may mix quantity and progress activities: a quantity total and a
 * progress total are never summed into one (percentages and quantities do not add up). `main` is
 * the quantity total, or the progress total when there is no quantity activity; `progress` is
 * the progress total apart, present only when the set mixes both kinds.
 */
export type KindTotals<T extends CountedFigures = CountedFigures> = { main: T; progress?: T };

export function kindTotals<T extends CountedFigures>(quantity: T, progress: T): KindTotals<T> {
  if (progress.activityCount === 0) return { main: quantity };
  if (quantity.activityCount === 0) return { main: progress };
  return { main: quantity, progress };
}

/**
 * Roll-up by kind: quantity activities add their quantities; progress activities add their
 * period % (Σ executed / Σ programmed: each progress activity weighs the same). See `kindTotals`.
 */
export function sumFiguresByKind(
  parts: Iterable<{ measureKind: MeasureKind; figures: Figures }>,
): KindTotals<CountedFigures> {
  const quantity: Figures[] = [];
  const progress: Figures[] = [];
  for (const part of parts) (part.measureKind === "progress" ? progress : quantity).push(part.figures);
  return kindTotals(
    { ...sumFigures(quantity), activityCount: quantity.length },
    { ...sumFigures(progress), activityCount: progress.length },
  );
}
