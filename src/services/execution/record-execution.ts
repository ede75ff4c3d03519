/**
 * Records one month of an activity's execution (PUT …/execution/:month). Who: the editors of the
 * activity's unit or of a unit above it. The plan must be in execution, the month open and the
 * activity not withdrawn (409). A write based on a stale version is never applied: it comes
 * back as `{ stale }` with the entry as it is now, and the route answers 409 with it.
 */
import { audit } from "../../db/audit.js";
import type { Db } from "../../db/connection.js";
import { type EntryState, findEntry, monthForWrite, writeEntry } from "../../db/execution.js";
import { activityDetail } from "../../db/reports/activity-detail.js";
import { AppError, type ProblemParams } from "../../domain/errors.js";
import { progressDecrease } from "../../domain/figures.js";
import {
  activityOf,
  type Caller,
  closedMonthError,
  lockPlanInExecution,
  monthWord,
  requireActiveActivity,
  requireActivityEditor,
} from "./execution-rules.js";

export type RecordExecutionInput = {
  institutionId: string;
  activityId: string;
  month: number;
  value: number | null;
  /** Absent: the month's money stays as it was. */
  money?: number | null;
  /** Absent: the entry's comment stays as it was. */
  comment?: string;
  /** The version read: 0 when the month had no entry. */
  version: number;
};

/** Recorded, but a progress activity's % went down from an earlier month's. */
export type ProgressDecreaseWarning = {
  code: "progress_decrease";
  detail: string;
  params: { month: number; previousMonth: number; previous: number };
};

export type RecordResult =
  | { entry: EntryState & { month: number; warning?: ProgressDecreaseWarning } }
  | { stale: EntryState; detail: string; reason: { code: "stale_version"; params: ProblemParams } };

export async function recordExecution(
  db: Db,
  caller: Caller,
  input: RecordExecutionInput,
): Promise<RecordResult> {
  const scope = await activityOf(db, input.institutionId, input.activityId);
  requireActivityEditor(caller, scope);
  if (scope.measureKind === "progress" && input.value !== null && input.value > 100) {
    throw new AppError(
      "validation",
      "Esta actividad se mide por avance: «value» es un porcentaje entre 0 y 100.",
      "value",
      { code: "progress_out_of_range" },
    );
  }
  requireActiveActivity(scope);
  const { institutionId, id: activityId } = scope;
  const { month } = input;
  const stale = (current: EntryState) => ({
    stale: current,
    detail:
      `El registro de ${monthWord(month)} cambió mientras lo editaba (versión actual ${current.version}, ` +
      `usted leyó la ${input.version}): revise el valor actual y vuelva a guardar.`,
    reason: {
      code: "stale_version" as const,
      params: { month, version: current.version, read: input.version },
    },
  });
  return db.transaction(async (tx) => {
    await lockPlanInExecution(tx, institutionId, scope.planId, "share", "la ejecución se registra");
    const { closed, locked, before } = await monthForWrite(tx, scope, month);
    if (closed) throw closedMonthError(month);
    if (before.version !== input.version) return stale(before);

    const entry = await writeEntry(tx, scope, {
      month,
      value: input.value,
      money: input.money === undefined ? before.money : input.money,
      comment: input.comment === undefined ? before.comment : input.comment,
      version: input.version,
      locked,
      userId: caller.userId,
    });
    if (!entry) return stale((await findEntry(tx, scope, month)) ?? before);
    await audit(tx, {
      institutionId,
      userId: caller.userId,
      ip: caller.ip,
      action: "record",
      entity: "execution_entry",
      entityId: `${activityId}:${month}`,
      planId: scope.planId,
      unitId: scope.unitId,
      before: { value: before.value, money: before.money, comment: before.comment, version: before.version },
      after: { value: entry.value, money: entry.money, comment: entry.comment, version: entry.version },
    });
    const warning =
      scope.measureKind === "progress" ? await decreaseWarning(tx, scope, month, entry.value) : undefined;
    return { entry: { month, ...entry, ...(warning ? { warning } : {}) } };
  });
}

/** The warning when a progress activity's % complete is below an earlier month's. */
async function decreaseWarning(
  db: Db,
  scope: { institutionId: string; planId: string; id: string },
  month: number,
  value: number | null,
): Promise<ProgressDecreaseWarning | undefined> {
  const detail = await activityDetail(db, {
    institutionId: scope.institutionId,
    planId: scope.planId,
    activityId: scope.id,
  });
  const previous = detail ? progressDecrease(detail.executedMonths, month, value) : undefined;
  if (!previous || value === null) return undefined;
  return {
    code: "progress_decrease",
    detail: `Registrado, pero el avance bajó: ${value} % en ${monthWord(month)}, después de ${previous.value} % en ${monthWord(previous.month)}. El avance es el % completado al cierre de cada mes; revise si es una corrección.`,
    params: { month, previousMonth: previous.month, previous: previous.value },
  };
}
