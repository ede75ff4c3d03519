/**
 * What every execution-side write needs to know about an activity before it may touch it: its
 * plan, its unit and the unit's ancestors (editor rights cover sub-units), and
 * how it is measured. Looked up by (institution_id, id) only, so another institution's activity
 * and a missing one are the same `undefined`.
 */
import { sql } from "drizzle-orm";
import { AppError, notFound } from "../domain/errors.js";
import { isUuid } from "../domain/ids.js";
import { MONTH_NAMES } from "../domain/periods.js";
import { type PlanStatus, planStatusLabels } from "../domain/plan-status.js";
import { type Db, queryRows } from "./connection.js";

export type Person = { name: string; email: string };

/** Who writes, for the audit log. */
/** A timestamptz column as ISO 8601 in UTC, the same text on both drivers. */
export const isoTime = (column: string) =>
  sql.raw(`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

/** A user joined by a left join: null when there is none. */
export const personOf = (name: string | null, email: string | null): Person | null =>
  email ? { name: name ?? "", email } : null;

export type ActivityScope = {
  institutionId: string;
  id: string;
  name: string;
  planId: string;
  unitId: string;
  unitName: string;
  measureKind: "quantity" | "progress";
  /** false: withdrawn, it keeps its history but takes no more entries. */
  active: boolean;
  /** The unit and its ancestors (unit id → parent id): enough for `requireUnitEditor`. */
  unitChain: Map<string, string | null>;
};

export async function findActivityScope(
  db: Db,
  institutionId: string,
  activityId: string,
): Promise<ActivityScope | undefined> {
  if (!isUuid(institutionId) || !isUuid(activityId)) return undefined;
  const [row] = await queryRows<{
    id: string;
    name: string;
    plan_id: string;
    unit_id: string;
    unit_name: string;
    measure_kind: "quantity" | "progress";
    active: boolean;
    chain: { id: string; parent: string | null }[];
  }>(
    db,
    sql`with recursive chain (id, parent, depth) as (
        select u.id, u.parent_id, 0 from org_units u join activities a
          on a.institution_id = u.institution_id and a.unit_id = u.id
          where a.institution_id = ${institutionId} and a.id = ${activityId}
        union all
        select u.id, u.parent_id, c.depth + 1 from org_units u join chain c on u.id = c.parent
          where u.institution_id = ${institutionId} and c.depth < 64)
      select a.id, a.name, a.plan_id, a.unit_id, u.name as unit_name, a.measure_kind, a.active,
        (select json_agg(json_build_object('id', c.id, 'parent', c.parent)) from chain c) as chain
      from activities a
      join org_units u on u.institution_id = a.institution_id and u.id = a.unit_id
      where a.institution_id = ${institutionId} and a.id = ${activityId}`,
  );
  if (!row) return undefined;
  return {
    institutionId,
    id: row.id,
    name: row.name,
    planId: row.plan_id,
    unitId: row.unit_id,
    unitName: row.unit_name,
    measureKind: row.measure_kind,
    active: row.active,
    unitChain: new Map(row.chain.map((unit) => [unit.id, unit.parent])),
  };
}

/** The month's Spanish name: 4 → `abril`. */
export function monthName(month: number): string {
  return MONTH_NAMES[month - 1] ?? String(month);
}

/**
 * Locks the plan row and checks it is in execution. Writers take a shared lock, month closing
 * an exclusive one: a close waits for the entries in flight, and an entry that starts after a
 * close sees the month closed (never an entry slipping into a month closed under it).
 */
export async function lockPlanInExecution(
  tx: Db,
  institutionId: string,
  planId: string,
  mode: "share" | "update",
  action: string,
): Promise<void> {
  const lock = mode === "share" ? sql`for share` : sql`for update`;
  const [plan] = await queryRows<{ status: PlanStatus }>(
    tx,
    sql`select status from plans where institution_id = ${institutionId} and id = ${planId} ${lock}`,
  );
  if (!plan) throw notFound();
  if (plan.status !== "in_execution") {
    throw new AppError(
      "conflict",
      `El plan está ${planStatusLabels[plan.status]}: ${action} solo con el plan en ejecución.`,
      "status",
    );
  }
}

/** A withdrawn activity keeps its history: new entries, evidence or reprogramming are refused. */
export function requireActiveActivity(scope: ActivityScope): void {
  if (!scope.active) {
    throw new AppError(
      "conflict",
      `La actividad «${scope.name}» está retirada: no admite cambios.`,
      "activityId",
    );
  }
}

/** Refuses a write into a closed month (409), naming the month. */
export async function requireOpenMonth(
  tx: Db,
  institutionId: string,
  planId: string,
  month: number,
): Promise<void> {
  const closed = await queryRows<{ month: number }>(
    tx,
    sql`select month from closed_months
      where institution_id = ${institutionId} and plan_id = ${planId} and month = ${month}`,
  );
  if (closed.length > 0) throw closedMonthError(month);
}

/** The refusal of a write into a closed month. */
export function closedMonthError(month: number): AppError {
  return new AppError("conflict", `El mes de ${monthName(month)} está cerrado: pida reabrirlo.`, "month");
}
