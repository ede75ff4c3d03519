/**
 * What every execution-side write needs to know about an activity before it may touch it: its
 * plan, its unit and the unit's ancestors (editor rights cover sub-units), and
 * how it is measured. Looked up by (institution_id, id) only, so another institution's activity
 * and a missing one are the same `undefined`. Also the plan lock those writes take; the rules they
 * serve are in services/execution/execution-rules.ts.
 */
import { sql } from "drizzle-orm";
import { isUuid } from "../domain/ids.js";
import type { PlanStatus } from "../domain/plan-status.js";
import { type Db, queryRows } from "./connection.js";

export type Person = { name: string; email: string };

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

/**
 * Locks the plan row and reads its status (undefined: no such plan). Writers take a shared
 * lock, month closing an exclusive one: a close waits for the entries in flight, and an entry
 * that starts after a close sees the month closed (never an entry slipping into a month closed
 * under it).
 */
export async function lockPlanStatus(
  tx: Db,
  institutionId: string,
  planId: string,
  mode: "share" | "update",
): Promise<PlanStatus | undefined> {
  const lock = mode === "share" ? sql`for share` : sql`for update`;
  const [plan] = await queryRows<{ status: PlanStatus }>(
    tx,
    sql`select status from plans where institution_id = ${institutionId} and id = ${planId} ${lock}`,
  );
  return plan?.status;
}
