/**
 * The consistency checks a planner reads before approving a plan (any member may read them):
 * META ≠ the year's programming, activities with nothing programmed, units without activities,
 * dates outside the plan's year. The rules are domain/plan-checks.ts; approval does not depend
 * on them (approving with warnings is allowed).
 */
import type { Db } from "../../db/connection.js";
import { activeUnits, planActivitiesWithMonths } from "../../db/plan-checks.js";
import type { Plan } from "../../db/plans.js";
import { type PlanCheck, planChecks } from "../../domain/plan-checks.js";
import { requirePlan } from "./plan-rules.js";

export type PlanChecksResult = {
  plan: Plan;
  activityCount: number;
  warningCount: number;
  checks: PlanCheck[];
};

export async function checkPlan(db: Db, institutionId: string, planId: string): Promise<PlanChecksResult> {
  const plan = await requirePlan(db, institutionId, planId);
  const activities = await planActivitiesWithMonths(db, institutionId, planId);
  const units = await activeUnits(db, institutionId);
  const checks = planChecks(plan.year, activities, units);
  return {
    plan,
    activityCount: activities.length,
    warningCount: checks.reduce((total, check) => total + check.count, 0),
    checks,
  };
}
