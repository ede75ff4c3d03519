/**
 * Closes a month of a plan in execution (planners). A closed month takes no execution entries,
 * evidence or reprogrammed values until a planner reopens it. Months close in order (April only
 * once January to March are closed), so "year-to-date through the last closed month" always
 * means a run of closed months.
 */
import { audit } from "../../db/audit.js";
import {
  closedMonthNumbers,
  insertClosedMonth,
  type MonthState,
  planMonths,
} from "../../db/closed-months.js";
import type { Db } from "../../db/connection.js";
import type { Actor } from "../../domain/actor.js";
import { AppError } from "../../domain/errors.js";
import { lockPlanInExecution, monthWord } from "../execution/execution-rules.js";
import { requirePlan } from "../plans/plan-rules.js";

export async function closeMonth(
  db: Db,
  actor: Actor,
  input: { institutionId: string; planId: string; month: number },
): Promise<MonthState> {
  const { institutionId, planId, month } = input;
  await requirePlan(db, institutionId, planId);
  await db.transaction(async (tx) => {
    // Exclusive: waits for entries in flight in this plan, and entries after it see the close.
    await lockPlanInExecution(tx, institutionId, planId, "update", "los meses se cierran");
    const closed = new Set(await closedMonthNumbers(tx, institutionId, planId));
    if (closed.has(month))
      throw new AppError("conflict", `El mes de ${monthWord(month)} ya está cerrado.`, "month", {
        code: "month_already_closed",
        params: { month },
      });
    const open = Array.from({ length: month - 1 }, (_, i) => i + 1).find((earlier) => !closed.has(earlier));
    if (open !== undefined) {
      throw new AppError(
        "conflict",
        `Cierre primero el mes de ${monthWord(open)}: los meses se cierran en orden.`,
        "month",
        { code: "months_close_in_order", params: { month: open } },
      );
    }
    await insertClosedMonth(tx, input, actor.userId);
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
