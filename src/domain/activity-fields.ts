/**
 * An activity's own columns as the `activities` table stores them, and from a draft what an
 * import compares with the stored row, records in the audit log and writes.
 */
import { decimalText } from "./months.js";
import type { ActivityDraft } from "./plan-draft.js";

/** What describes an activity, as its readers and writers name it. */
export type ActivityDescription = {
  code: string | null;
  name: string;
  project: string | null;
  objective: string | null;
  location: string | null;
  budgetActivity: string | null;
  unitOfMeasure: string | null;
  startDate: string | null;
  endDate: string | null;
  goal: string | null;
  measureKind: "quantity" | "progress";
  cumulative: boolean;
};

/** Who answers for an activity and the strategic objective and action it serves. */
export type ActivityAlignment = {
  responsible: string | null;
  oeiCode: string | null;
  oeiName: string | null;
  aeiCode: string | null;
  aeiName: string | null;
};

export type ActivityFields = ActivityDescription &
  ActivityAlignment & {
    /** Exact decimal text, as numeric columns take it. */
    annualTarget: string | null;
    priority: number | null;
    active: boolean;
    attributes: Record<string, string>;
  };

export function activityFields(activity: ActivityDraft): ActivityFields {
  return {
    code: activity.code ?? null,
    name: activity.name,
    project: activity.project ?? null,
    objective: activity.objective ?? null,
    location: activity.location ?? null,
    budgetActivity: activity.budgetActivity ?? null,
    unitOfMeasure: activity.unitOfMeasure ?? null,
    annualTarget: decimalText(activity.annualTarget),
    startDate: activity.startDate ?? null,
    endDate: activity.endDate ?? null,
    goal: activity.goal ?? null,
    responsible: activity.responsible ?? null,
    measureKind: activity.measureKind,
    cumulative: activity.cumulative,
    oeiCode: activity.oeiCode ?? null,
    oeiName: activity.oeiName ?? null,
    aeiCode: activity.aeiCode ?? null,
    aeiName: activity.aeiName ?? null,
    priority: activity.priority ?? null,
    active: activity.active,
    attributes: activity.attributes,
  };
}

/** The execution a month of an imported activity records beyond its value (`execution_entries`). */
export type ExecutionEntryWrite = {
  institutionId: string;
  activityId: string;
  month: number;
  value: string | null;
  money: string | null;
  comment: string | null;
  enteredBy: string | null;
};
