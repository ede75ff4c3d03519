/**
 * The rules every use case under a plan shares: `requirePlan` (the plan or the tenant 404),
 * `requireDraft` (the 409 of anything that edits the plan's content once it is approved) and
 * `refuseTwinPlan` (the import finds a plan again by year, kind and title).
 */
import type { Db } from "../../db/connection.js";
import { lockInstitution } from "../../db/institutions.js";
import { findPlan, findPlanByTitle, type Plan } from "../../db/plans.js";
import { AppError, notFound } from "../../domain/errors.js";
import { isUuid } from "../../domain/ids.js";
import { planStatusLabels } from "../../domain/plan-status.js";

/** The plan (institution, id), or the same 404 as a plan of another institution. */
export async function requirePlan(
  db: Pick<Db, "select">,
  institutionId: string,
  planId: string,
  { lock = false } = {},
): Promise<Plan> {
  if (!isUuid(planId)) throw notFound();
  const plan = await findPlan(db, institutionId, planId, { lock });
  if (!plan) throw notFound();
  return plan;
}

/** Content (fields, activities, programming) changes freely only while the plan is a draft. */
export function requireDraft(plan: Pick<Plan, "status">): void {
  if (plan.status !== "draft") {
    throw new AppError(
      "conflict",
      `El plan está ${planStatusLabels[plan.status]}: use una reprogramación para cambiar lo programado.`,
      undefined,
      { code: "plan_not_draft", params: { status: plan.status } },
    );
  }
}

/** Two plans of an institution may not share year, kind and title (`id`: the plan being written). */
export async function refuseTwinPlan(
  tx: Pick<Db, "select">,
  institutionId: string,
  plan: Pick<Plan, "year" | "kind" | "title">,
  id: string,
): Promise<void> {
  await lockInstitution(tx, institutionId);
  const twin = await findPlanByTitle(tx, institutionId, plan);
  if (twin && twin.id !== id) {
    throw new AppError(
      "conflict",
      `Ya existe el ${plan.kind} ${plan.year} «${plan.title}» en esta institución.`,
      "title",
      { code: "plan_title_taken", params: { kind: plan.kind, year: plan.year, title: plan.title } },
    );
  }
}
