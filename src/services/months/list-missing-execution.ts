/**
 * What a month lacks before a planner closes it: the activities with something programmed that
 * month and nothing recorded, by unit (any member may read it). Once the month closes, nothing
 * recorded counts as 0 executed.
 */
import type { Db } from "../../db/connection.js";
import { planActivitiesWithMonths } from "../../db/plan-checks.js";
import { type MissingUnit, missingExecution } from "../../domain/plan-checks.js";
import { requirePlan } from "../plans/plan-rules.js";

export type MissingExecutionResult = { month: number; count: number; units: MissingUnit[] };

export async function listMissingExecution(
  db: Db,
  input: { institutionId: string; planId: string; month: number },
): Promise<MissingExecutionResult> {
  await requirePlan(db, input.institutionId, input.planId);
  const activities = await planActivitiesWithMonths(db, input.institutionId, input.planId);
  const units = missingExecution(activities, input.month);
  return { month: input.month, count: units.reduce((total, unit) => total + unit.count, 0), units };
}
