/**
 * What the plan checks (before approval) and the month-closing confirmation read: a plan's
 * active activities with their unit and their current programming (and execution) by month, and
 * the institution's active units. Rows only: the rules are services/plans/check-plan.ts and
 * services/months/list-missing-execution.ts, on the pure ones of domain/plan-checks.ts.
 */
import { sql } from "drizzle-orm";
import { dateText, quantityMonths } from "./activity-row.js";
import { type Db, queryRows } from "./connection.js";
import { toQuantity, versionJoin } from "./figures.js";
import { monthsArray } from "./programming.js";

export type CheckedActivity = {
  id: string;
  name: string;
  code: string | null;
  unitId: string;
  unitName: string;
  measureKind: "quantity" | "progress";
  cumulative: boolean;
  annualTarget: number | null;
  startDate: string | null;
  endDate: string | null;
  /** Current programming, January first; null = nothing programmed that month. */
  programmed: (number | null)[];
  /** Executed values, January first; null = nothing recorded that month. */
  executed: (number | null)[];
};

type Row = Record<string, unknown>;

/** The plan's active activities in the grid's order, with their current programming and execution. */
export async function planActivitiesWithMonths(
  db: Db,
  institutionId: string,
  planId: string,
): Promise<CheckedActivity[]> {
  const rows = await queryRows<Row>(
    db,
    sql`select a.id, a.name, a.code, a.unit_id, u.name as unit_name, a.measure_kind, a.cumulative,
        a.annual_target::text as annual_target_text, a.start_date, a.end_date,
        ${monthsArray("p")} as programmed, ${monthsArray("e")} as executed
      from activities a
      join org_units u on u.institution_id = a.institution_id and u.id = a.unit_id
      ${versionJoin("current", "p", "v")}
      left join executed_values e on e.institution_id = a.institution_id and e.activity_id = a.id
      where a.institution_id = ${institutionId} and a.plan_id = ${planId} and a.active
      order by u.position, u.name, a.position, a.name, a.id`,
  );
  return rows.map((row) => ({
    id: row.id as string,
    name: row.name as string,
    code: (row.code as string | null) ?? null,
    unitId: row.unit_id as string,
    unitName: row.unit_name as string,
    measureKind: row.measure_kind as "quantity" | "progress",
    cumulative: row.cumulative as boolean,
    annualTarget: toQuantity(row.annual_target_text as string | null),
    startDate: dateText(row.start_date),
    endDate: dateText(row.end_date),
    programmed: quantityMonths(row.programmed),
    executed: quantityMonths(row.executed),
  }));
}

export type ActiveUnit = { id: string; parentId: string | null; name: string; code: string | null };

/** The institution's active units (retired ones are left out). */
export async function activeUnits(db: Db, institutionId: string): Promise<ActiveUnit[]> {
  const rows = await queryRows<Row>(
    db,
    sql`select id, parent_id, name, code from org_units
      where institution_id = ${institutionId} and active order by position, name, id`,
  );
  return rows.map((row) => ({
    id: row.id as string,
    parentId: (row.parent_id as string | null) ?? null,
    name: row.name as string,
    code: (row.code as string | null) ?? null,
  }));
}
