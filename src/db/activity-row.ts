/**
 * An activity row as the readers that select it by name get it (`a.*`, `u.name as unit_name`,
 * `a.annual_target::text as annual_target_text`), in the names of the code. One mapper, so the
 * activity list and the activity sheet cannot drift apart.
 */
import { MONTHS } from "../domain/months.js";
import { toQuantity } from "./figures.js";

type Row = Record<string, unknown>;

const text = (value: unknown) => (value as string | null) ?? null;

/** PGlite returns dates as Date, pg as text: both become `YYYY-MM-DD`. */
export function dateText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10);
}

/** Raw rows carry timestamps as PostgreSQL's text (`2025-01-04 10:00:00.123+00`): Dates, as drizzle's rows have them. */
export function timestampOf(value: unknown): Date {
  return value instanceof Date ? value : new Date(String(value));
}

/** Twelve months of numeric text (or a missing array: nothing recorded) as quantities. */
export function quantityMonths(value: unknown): (number | null)[] {
  return ((value as (string | null)[] | null) ?? Array(MONTHS).fill(null)).map(toQuantity);
}

export function activityOfRow(row: Row) {
  return {
    id: row.id as string,
    unitId: row.unit_id as string,
    unitName: row.unit_name as string,
    code: text(row.code),
    name: row.name as string,
    project: text(row.project),
    objective: text(row.objective),
    location: text(row.location),
    budgetActivity: text(row.budget_activity),
    unitOfMeasure: text(row.unit_of_measure),
    annualTarget: toQuantity(row.annual_target_text as string | null),
    startDate: dateText(row.start_date),
    endDate: dateText(row.end_date),
    goal: text(row.goal),
    responsible: text(row.responsible),
    measureKind: row.measure_kind as "quantity" | "progress",
    cumulative: row.cumulative as boolean,
    oeiCode: text(row.oei_code),
    oeiName: text(row.oei_name),
    aeiCode: text(row.aei_code),
    aeiName: text(row.aei_name),
    active: row.active as boolean,
    position: row.position as number,
  };
}
