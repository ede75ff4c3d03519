/**
 * The consistency checks of a plan before approval, and what a month lacks before it closes.
 * Pure rules over rows (src/db/plan-checks.ts reads them); the web may import them.
 *
 * - `target_differs`: the year's programmed figure is not the annual target (META). The year's
 *   figure follows the reports' rule: a cumulative quantity adds up its twelve months; a progress
 *   activity (and a non-cumulative quantity: a stock, a rate) takes its last programmed month.
 *   A progress activity without a META is held to 100 (% complete at the end of the year); a
 *   quantity without a META is not compared. An activity with nothing programmed is only
 *   listed under `nothing_programmed`.
 * - `nothing_programmed`: no month programmed above 0.
 * - `unit_without_activities`: an active unit whose branch (the unit and the active units below
 *   it) has no activity in the plan: a parent whose sub-units carry the activities is fine.
 * - `dates_outside_year`: a start or end date outside January 1 – December 31 of the plan's year.
 *
 * Approving with warnings is allowed: the checks inform, they do not refuse.
 */
import { type MeasureKind, periodFigures, roundQuantity } from "./figures.js";
import { MONTHS } from "./months.js";

export const planCheckCodes = [
  "target_differs",
  "nothing_programmed",
  "unit_without_activities",
  "dates_outside_year",
] as const;
export type PlanCheckCode = (typeof planCheckCodes)[number];

export type CheckableActivity = {
  id: string;
  name: string;
  unitId: string;
  unitName: string;
  measureKind: MeasureKind;
  cumulative: boolean;
  annualTarget: number | null;
  startDate: string | null;
  endDate: string | null;
  programmed: readonly (number | null)[];
};

export type CheckUnit = { id: string; parentId: string | null; name: string };

export type PlanCheckItem = {
  activityId: string | null;
  activityName: string | null;
  unitId: string;
  unitName: string;
  measureKind: MeasureKind | null;
  /** The annual target the year's figure is held to (META, or 100 for progress without META). */
  target: number | null;
  /** The year's programmed figure (Σ months, or the last month for progress / non-cumulative). */
  programmed: number | null;
  startDate: string | null;
  endDate: string | null;
};

export type PlanCheck = { code: PlanCheckCode; count: number; items: PlanCheckItem[] };

const YEAR = Array.from({ length: MONTHS }, (_, i) => i + 1);

function item(
  activity: CheckableActivity,
  figures: { target?: number | null; programmed?: number | null } = {},
) {
  return {
    activityId: activity.id,
    activityName: activity.name,
    unitId: activity.unitId,
    unitName: activity.unitName,
    measureKind: activity.measureKind,
    target: figures.target ?? activity.annualTarget,
    programmed: figures.programmed ?? null,
    startDate: activity.startDate,
    endDate: activity.endDate,
  };
}

/** The year's programmed figure of an activity, by the reports' rule. */
export function yearProgrammed(activity: CheckableActivity): number {
  return periodFigures({ ...activity, executed: Array(MONTHS).fill(null), active: true }, YEAR).programmed;
}

export function hasProgramming(activity: Pick<CheckableActivity, "programmed">): boolean {
  return activity.programmed.some((value) => value !== null && value > 0);
}

/** The four checks of a plan of `year`, each with its count and items, in the order of `planCheckCodes`. */
export function planChecks(
  year: number,
  activities: readonly CheckableActivity[],
  units: readonly CheckUnit[],
): PlanCheck[] {
  const differs: PlanCheckItem[] = [];
  const nothing: PlanCheckItem[] = [];
  const dates: PlanCheckItem[] = [];
  const first = `${year}-01-01`;
  const last = `${year}-12-31`;
  for (const activity of activities) {
    if (!hasProgramming(activity)) nothing.push(item(activity, { programmed: 0 }));
    else {
      const target = activity.annualTarget ?? (activity.measureKind === "progress" ? 100 : null);
      const programmed = yearProgrammed(activity);
      if (target !== null && roundQuantity(target) !== programmed)
        differs.push(item(activity, { target, programmed }));
    }
    const outside = [activity.startDate, activity.endDate].some(
      (date) => date !== null && (date < first || date > last),
    );
    if (outside) dates.push(item(activity));
  }
  const withActivities = new Set(activities.map((activity) => activity.unitId));
  const children = new Map<string, string[]>();
  for (const unit of units) {
    if (unit.parentId === null) continue;
    children.set(unit.parentId, [...(children.get(unit.parentId) ?? []), unit.id]);
  }
  const branchHas = (id: string, seen = new Set<string>()): boolean => {
    if (seen.has(id)) return false;
    seen.add(id);
    return withActivities.has(id) || (children.get(id) ?? []).some((child) => branchHas(child, seen));
  };
  const empty: PlanCheckItem[] = units
    .filter((unit) => !branchHas(unit.id))
    .map((unit) => ({
      activityId: null,
      activityName: null,
      unitId: unit.id,
      unitName: unit.name,
      measureKind: null,
      target: null,
      programmed: null,
      startDate: null,
      endDate: null,
    }));
  const lists: Record<PlanCheckCode, PlanCheckItem[]> = {
    target_differs: differs,
    nothing_programmed: nothing,
    unit_without_activities: empty,
    dates_outside_year: dates,
  };
  return planCheckCodes.map((code) => ({ code, count: lists[code].length, items: lists[code] }));
}

export type MissingActivity = { activityId: string; activityName: string; programmed: number };
export type MissingUnit = { unitId: string; unitName: string; count: number; activities: MissingActivity[] };

/**
 * What a month lacks before it closes: the activities programmed above 0 that month with
 * nothing recorded, grouped by unit in the activities' order. Once the month is closed, nothing
 * recorded counts as 0 executed.
 */
export function missingExecution(
  activities: readonly (Pick<CheckableActivity, "id" | "name" | "unitId" | "unitName" | "programmed"> & {
    executed: readonly (number | null)[];
  })[],
  month: number,
): MissingUnit[] {
  const units = new Map<string, MissingUnit>();
  for (const activity of activities) {
    const programmed = activity.programmed[month - 1] ?? null;
    const executed = activity.executed[month - 1] ?? null;
    if (programmed === null || programmed <= 0 || executed !== null) continue;
    let unit = units.get(activity.unitId);
    if (!unit) {
      unit = { unitId: activity.unitId, unitName: activity.unitName, count: 0, activities: [] };
      units.set(activity.unitId, unit);
    }
    unit.count += 1;
    unit.activities.push({ activityId: activity.id, activityName: activity.name, programmed });
  }
  return [...units.values()];
}
