/** One plan of the institution, or the tenant 404. */
import type { Db } from "../../db/connection.js";
import type { Plan } from "../../db/plans.js";
import { requirePlan } from "./plan-rules.js";

export async function getPlan(db: Db, institutionId: string, planId: string): Promise<Plan> {
  return requirePlan(db, institutionId, planId);
}
