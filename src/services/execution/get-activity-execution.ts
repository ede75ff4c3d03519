/** The twelve months of an activity's execution, as any member of its institution reads them. */
import type { Db } from "../../db/connection.js";
import { type ExecutionMonth, executionMonths } from "../../db/execution.js";
import { activityOf } from "./execution-rules.js";

export type ActivityExecution = {
  activityId: string;
  measureKind: "quantity" | "progress";
  months: ExecutionMonth[];
};

export async function getActivityExecution(
  db: Db,
  input: { institutionId: string; activityId: string },
): Promise<ActivityExecution> {
  const scope = await activityOf(db, input.institutionId, input.activityId);
  // One repeatable-read snapshot: the value comes from the wide row and the version from the
  // entry, and read apart a write committing in between paired one write's value with the next
  // one's version; a client saving "value + 1" with that version then overwrote a write it had
  // never seen (23 of 50 increments lost on PostgreSQL).
  const months = await db.transaction((tx) => executionMonths(tx, scope), {
    isolationLevel: "repeatable read",
    accessMode: "read only",
  });
  return { activityId: scope.id, measureKind: scope.measureKind, months };
}
