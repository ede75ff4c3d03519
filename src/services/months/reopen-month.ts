/**
 * Reopens a closed month, with the reason kept in the audit log (planners). Any closed month may
 * be reopened, to correct it, without reopening the months after it; until it closes again,
 * year-to-date reports stop before it.
 */
import { audit } from "../../db/audit.js";
import { deleteClosedMonth, type MonthState, planMonths } from "../../db/closed-months.js";
import type { Db } from "../../db/connection.js";
import type { Actor } from "../../domain/actor.js";
import { AppError } from "../../domain/errors.js";
import { lockPlanInExecution, monthWord } from "../execution/execution-rules.js";
import { requirePlan } from "../plans/plan-rules.js";

export async function reopenMonth(
  db: Db,
  actor: Actor,
  input: { institutionId: string; planId: string; month: number; reason: string },
): Promise<MonthState> {
  const { institutionId, planId, month, reason } = input;
  await requirePlan(db, institutionId, planId);
  await db.transaction(async (tx) => {
    await lockPlanInExecution(tx, institutionId, planId, "update", "los meses se reabren");
    if (!(await deleteClosedMonth(tx, input))) {
      throw new AppError("conflict", `El mes de ${monthWord(month)} no está cerrado.`, "month", {
        code: "month_not_closed",
        params: { month },
      });
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
