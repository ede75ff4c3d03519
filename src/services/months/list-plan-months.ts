/** The twelve months of a plan, closed or open, with who closed them. */

import { type MonthState, planMonths } from "../../db/closed-months.js";
import type { Db } from "../../db/connection.js";
import { requirePlan } from "../plans/plan-rules.js";

export async function listPlanMonths(
  db: Db,
  input: { institutionId: string; planId: string },
): Promise<MonthState[]> {
  await requirePlan(db, input.institutionId, input.planId);
  return planMonths(db, input.institutionId, input.planId);
}
