/**
 * Closing and reopening a plan's months. A closed month takes no execution entries, evidence
 * or reprogrammed values until a planner reopens it, with a reason kept in the audit log.
 *
 * Months close in order (April only once January to March are closed), so "year-to-date
 * through the last closed month" always means a run of closed months. Any closed month may be
 * reopened, to correct it, without reopening the months after it; until it closes again,
 * year-to-date reports stop before it.
 */
import { sql } from "drizzle-orm";
import type { Actor } from "../domain/actor.js";
import { AppError } from "../domain/errors.js";
import { isoTime, lockPlanInExecution, monthName, type Person, personOf } from "./activity-scope.js";
import { audit } from "./audit.js";
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

type MonthChange = { institutionId: string; planId: string; month: number };

export async function closeMonth(db: Db, change: MonthChange, actor: Actor): Promise<MonthState> {
  const { institutionId, planId, month } = change;
  await db.transaction(async (tx) => {
    // Exclusive: waits for entries in flight in this plan, and entries after it see the close.
    await lockPlanInExecution(tx, institutionId, planId, "update", "los meses se cierran");
    const closed = new Set((await closedRows(tx, institutionId, planId)).map((row) => row.month));
    if (closed.has(month))
      throw new AppError("conflict", `El mes de ${monthName(month)} ya está cerrado.`, "month");
    const open = Array.from({ length: month - 1 }, (_, i) => i + 1).find((earlier) => !closed.has(earlier));
    if (open !== undefined) {
      throw new AppError(
        "conflict",
        `Cierre primero el mes de ${monthName(open)}: los meses se cierran en orden.`,
        "month",
      );
    }
    await tx.execute(sql`insert into closed_months (institution_id, plan_id, month, closed_by)
      values (${institutionId}, ${planId}, ${month}, ${actor.userId})`);
    await audit(tx, {
      institutionId,
      userId: actor.userId,
      ip: actor.ip,
      action: "close",
      entity: "month",
      entityId: `${planId}:${month}`,
      planId,
      before: { month, closed: false },
      after: { month, closed: true },
    });
  });
  return (await planMonths(db, institutionId, planId))[month - 1] as MonthState;
}

export async function reopenMonth(
  db: Db,
  change: MonthChange & { reason: string },
  actor: Actor,
): Promise<MonthState> {
  const { institutionId, planId, month, reason } = change;
  await db.transaction(async (tx) => {
    await lockPlanInExecution(tx, institutionId, planId, "update", "los meses se reabren");
    const removed = await queryRows<{ month: number }>(
      tx,
      sql`delete from closed_months
        where institution_id = ${institutionId} and plan_id = ${planId} and month = ${month}
        returning month`,
    );
    if (removed.length === 0) {
      throw new AppError("conflict", `El mes de ${monthName(month)} no está cerrado.`, "month");
    }
    await audit(tx, {
      institutionId,
      userId: actor.userId,
      ip: actor.ip,
      action: "reopen",
      entity: "month",
      entityId: `${planId}:${month}`,
      planId,
      reason,
      before: { month, closed: true },
      after: { month, closed: false },
    });
  });
  return (await planMonths(db, institutionId, planId))[month - 1] as MonthState;
}
