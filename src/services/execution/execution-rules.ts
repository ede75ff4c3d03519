/**
 * The rules every write on an activity's execution side follows (entries, month closing,
 * reprogramming, evidence): who may touch the activity, the plan in execution, the month open,
 * the activity not withdrawn. The execution, months, reprogramming and evidence use cases share
 * them.
 */
import { type ActivityScope, findActivityScope, lockPlanStatus } from "../../db/activity-scope.js";
import { isMonthClosed } from "../../db/closed-months.js";
import type { Db } from "../../db/connection.js";
import type { Actor } from "../../domain/actor.js";
import { AppError, forbidden, notFound } from "../../domain/errors.js";
import { MONTH_NAMES } from "../../domain/periods.js";
import { planStatusLabels } from "../../domain/plan-status.js";

/**
 * The caller with what its session grants. Unit rights are asked as a question because the
 * answer needs the activity's unit and its ancestors, which only the use case has looked up.
 */
export type Caller = Actor & {
  /** A planner of the institution (or a super-admin). */
  planner: boolean;
  /** May the caller edit this unit (an editor of it or of a unit above it, or a super-admin)? */
  editsUnit: (unitId: string, unitChain: ReadonlyMap<string, string | null>) => boolean;
};

/** The month as a sentence names it: 4 → `abril` («el mes de abril»). */
export function monthWord(month: number): string {
  return MONTH_NAMES[month - 1] ?? String(month);
}

/** The activity by (institution, id), or the same 404 for missing and another institution's. */
export async function activityOf(db: Db, institutionId: string, activityId: string): Promise<ActivityScope> {
  const scope = await findActivityScope(db, institutionId, activityId);
  if (!scope) throw notFound();
  return scope;
}

/** An editor of the activity's unit (or of a unit above it), or 403. */
export function requireActivityEditor(caller: Caller, scope: ActivityScope): void {
  if (!caller.editsUnit(scope.unitId, scope.unitChain)) throw forbidden();
}

/** A withdrawn activity keeps its history: new entries, evidence or reprogramming are refused. */
export function requireActiveActivity(scope: ActivityScope): void {
  if (!scope.active) {
    throw new AppError(
      "conflict",
      `La actividad «${scope.name}» está retirada: no admite cambios.`,
      "activityId",
      { code: "activity_retired", params: { activity: scope.name } },
    );
  }
}

/**
 * Locks the plan row (see `lockPlanStatus` for the two modes) and refuses a plan that is not in
 * execution, naming what `action` needed it.
 */
export async function lockPlanInExecution(
  tx: Db,
  institutionId: string,
  planId: string,
  mode: "share" | "update",
  action: string,
): Promise<void> {
  const status = await lockPlanStatus(tx, institutionId, planId, mode);
  if (!status) throw notFound();
  if (status !== "in_execution") {
    throw new AppError(
      "conflict",
      `El plan está ${planStatusLabels[status]}: ${action} solo con el plan en ejecución.`,
      "status",
      { code: "plan_not_in_execution", params: { status } },
    );
  }
}

/** The refusal of a write into a closed month. */
export function closedMonthError(month: number): AppError {
  return new AppError("conflict", `El mes de ${monthWord(month)} está cerrado: pida reabrirlo.`, "month", {
    code: "month_closed",
    params: { month },
  });
}

/** Refuses a write into a closed month (409), naming the month. */
export async function requireOpenMonth(
  tx: Db,
  institutionId: string,
  planId: string,
  month: number,
): Promise<void> {
  if (await isMonthClosed(tx, institutionId, planId, month)) throw closedMonthError(month);
}
