/** What an import preview shows: counts and the document's totals, active activities only. */
import { sumQuantities } from "../domain/figures.js";
import { MONTHS, type Monthly } from "../domain/months.js";
import type { PlanDraft, Problem } from "../domain/plan-draft.js";

export type DraftSummary = {
  kind: PlanDraft["kind"];
  year: number;
  title: string;
  institution: string | null;
  units: number;
  activities: number;
  withdrawn: number;
  annualTarget: number;
  /** Month sums of the current programming. */
  programmed: (number | null)[];
  /** Month sums of the executed values; null where no activity reported that month. */
  executed: (number | null)[];
  errors: number;
  warnings: number;
};

function sumMonths(series: Monthly[], nullWhenEmpty: boolean): (number | null)[] {
  // One pass over the activities, each one's twelve months together: twelve passes over
  // 100,000 arrays spread in memory waited on the caches. By index: an iterator's result
  // objects cost more than the sums.
  const values: number[][] = Array.from({ length: MONTHS }, () => []);
  for (let i = 0; i < series.length; i++) {
    const monthly = series[i] as Monthly;
    for (let month = 0; month < MONTHS; month++) {
      const value = monthly[month];
      if (value !== null && value !== undefined) values[month]?.push(value);
    }
  }
  return values.map((month) => (month.length === 0 && nullWhenEmpty ? null : sumQuantities(month)));
}

export function summarizeDraft(draft: PlanDraft, problems: Problem[]): DraftSummary {
  const current = draft.versions.find((version) => version.role === "current") ?? draft.versions.at(-1);
  const active = draft.activities.filter((activity) => activity.active);
  return {
    kind: draft.kind,
    year: draft.year,
    title: draft.title,
    institution: draft.institution?.name ?? null,
    units: draft.units.length,
    activities: draft.activities.length,
    withdrawn: draft.activities.length - active.length,
    annualTarget: sumQuantities(active.map((activity) => activity.annualTarget)),
    programmed: sumMonths(
      active.map((activity) => (current && activity.programmed[current.code]?.quantity) || []),
      false,
    ),
    executed: sumMonths(
      active.map((activity) => activity.executed.quantity),
      true,
    ),
    errors: problems.filter((problem) => problem.severity === "error").length,
    warnings: problems.filter((problem) => problem.severity === "warning").length,
  };
}
