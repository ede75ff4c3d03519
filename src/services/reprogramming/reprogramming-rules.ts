/**
 * What requesting and approving a reprogramming both check: the plan has a current programming
 * to change, and no closed month's value changes.
 */
import type { ActivityScope } from "../../db/activity-scope.js";
import { closedMonthNumbers } from "../../db/closed-months.js";
import type { Db } from "../../db/connection.js";
import { currentQuantities, type Monthly } from "../../db/reprogrammings.js";
import { AppError } from "../../domain/errors.js";
import { monthWord } from "../execution/execution-rules.js";

/** The activity's current programming, or 409 when the plan has none. */
export async function currentProgramming(
  tx: Db,
  scope: ActivityScope,
): Promise<{ versionId: string; values: Monthly }> {
  const current = await currentQuantities(tx, scope);
  if (!current) {
    throw new AppError("conflict", "El plan no tiene una programación vigente que reprogramar.", "planId", {
      code: "no_current_programming",
    });
  }
  return current;
}

/** 409 naming the first closed month whose value would change from `from` to `to`. */
export async function refuseClosedChanges(
  tx: Db,
  scope: ActivityScope,
  from: Monthly,
  to: Monthly,
): Promise<void> {
  const closed = new Set(await closedMonthNumbers(tx, scope.institutionId, scope.planId));
  const changed = to.findIndex((value, i) => closed.has(i + 1) && value !== from[i]);
  if (changed >= 0) {
    throw new AppError(
      "conflict",
      `El mes de ${monthWord(changed + 1)} está cerrado: su programación no se puede cambiar ` +
        `(es ${from[changed] ?? "nada"}, se pide ${to[changed] ?? "nada"}).`,
      `quantities.${changed}`,
      {
        code: "closed_month_programming",
        params: { month: changed + 1, from: from[changed] ?? "—", to: to[changed] ?? "—" },
      },
    );
  }
}
