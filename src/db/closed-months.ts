/**
 * A plan's closed months: reading them, closing and reopening one. The rules (months close in
 * order, a reason to reopen) are the use cases' in services/months/.
 */
import { sql } from "drizzle-orm";
import { isoTime, type Person, personOf } from "./activity-scope.js";
import { type Db, queryRows } from "./connection.js";

export type MonthState = { month: number; closed: boolean; closedBy: Person | null; closedAt: string | null };

type ClosedRow = { month: number; name: string | null; email: string | null; closed_at: string };

async function closedRows(db: Db, institutionId: string, planId: string): Promise<ClosedRow[]> {
  return queryRows<ClosedRow>(
    db,
    sql`select c.month::int as month, us.name, us.email,
        ${isoTime("c.closed_at")} as closed_at
      from closed_months c left join users us on us.id = c.closed_by
      where c.institution_id = ${institutionId} and c.plan_id = ${planId} order by c.month`,
  );
}

export async function planMonths(db: Db, institutionId: string, planId: string): Promise<MonthState[]> {
  const closed = new Map((await closedRows(db, institutionId, planId)).map((row) => [row.month, row]));
  return Array.from({ length: 12 }, (_, i) => {
    const row = closed.get(i + 1);
    return {
      month: i + 1,
      closed: row !== undefined,
      closedBy: row ? personOf(row.name, row.email) : null,
      closedAt: row?.closed_at ?? null,
    };
  });
}

/** The plan's closed months, in order. */
export async function closedMonthNumbers(db: Db, institutionId: string, planId: string): Promise<number[]> {
  const rows = await queryRows<{ month: number }>(
    db,
    sql`select month::int as month from closed_months
      where institution_id = ${institutionId} and plan_id = ${planId} order by month`,
  );
  return rows.map((row) => row.month);
}

export async function isMonthClosed(
  tx: Db,
  institutionId: string,
  planId: string,
  month: number,
): Promise<boolean> {
  const closed = await queryRows<{ month: number }>(
    tx,
    sql`select month from closed_months
      where institution_id = ${institutionId} and plan_id = ${planId} and month = ${month}`,
  );
  return closed.length > 0;
}

type MonthKey = { institutionId: string; planId: string; month: number };

export async function insertClosedMonth(tx: Db, key: MonthKey, closedBy: string | undefined): Promise<void> {
  await tx.execute(sql`insert into closed_months (institution_id, plan_id, month, closed_by)
    values (${key.institutionId}, ${key.planId}, ${key.month}, ${closedBy ?? null})`);
}

/** false when the month was not closed. */
export async function deleteClosedMonth(tx: Db, key: MonthKey): Promise<boolean> {
  const removed = await queryRows<{ month: number }>(
    tx,
    sql`delete from closed_months
      where institution_id = ${key.institutionId} and plan_id = ${key.planId} and month = ${key.month}
      returning month`,
  );
  return removed.length > 0;
}
