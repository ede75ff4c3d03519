/**
 * Plans and their life: draft → approved → in_execution → closed. Shared lookups for every
 * route under a plan: `requirePlan` (the plan or the tenant 404) and `requireDraft` (the 409 of
 * anything that edits the plan's content once it is approved).
 */
import { randomUUID } from "node:crypto";
import { and, asc, count, desc, eq, type SQL } from "drizzle-orm";
import type { Actor } from "../domain/actor.js";
import { AppError, notFound } from "../domain/errors.js";
import { isUuid } from "../domain/ids.js";
import {
  type PlanStatus,
  type PlanTransition,
  planStatusLabels,
  planTransitions,
} from "../domain/plan-status.js";
import { audit } from "./audit.js";
import type { Db } from "./connection.js";
import { lockInstitution } from "./institutions.js";
import { offsetOf, type Page, type Paging } from "./pagination.js";
import { freezeBaseline, planVersions } from "./programming.js";
import { plans } from "./schema.js";

export type Plan = typeof plans.$inferSelect;
type Reader = Pick<Db, "select">;

/** The plan (institution, id), or the same 404 as a plan of another institution. */
export async function requirePlan(
  db: Reader,
  institutionId: string,
  planId: string,
  { lock = false } = {},
): Promise<Plan> {
  if (!isUuid(planId)) throw notFound();
  const query = db
    .select()
    .from(plans)
    .where(and(eq(plans.institutionId, institutionId), eq(plans.id, planId)))
    .limit(1);
  const [plan] = lock ? await query.for("update") : await query;
  if (!plan) throw notFound();
  return plan;
}

/** Content (fields, activities, programming) changes freely only while the plan is a draft. */
export function requireDraft(plan: Pick<Plan, "status">): void {
  if (plan.status !== "draft") {
    throw new AppError(
      "conflict",
      `El plan está ${planStatusLabels[plan.status]}: use una reprogramación para cambiar lo programado.`,
    );
  }
}

export async function listPlansPage(
  db: Db,
  institutionId: string,
  filters: { year?: number; status?: PlanStatus },
  paging: Paging,
): Promise<Page<Plan>> {
  const conditions: SQL[] = [eq(plans.institutionId, institutionId)];
  if (filters.year) conditions.push(eq(plans.year, filters.year));
  if (filters.status) conditions.push(eq(plans.status, filters.status));
  const where = and(...conditions);
  const [total] = await db.select({ n: count() }).from(plans).where(where);
  const items = await db
    .select()
    .from(plans)
    .where(where)
    .orderBy(desc(plans.year), asc(plans.kind), asc(plans.title), asc(plans.id))
    .limit(paging.pageSize)
    .offset(offsetOf(paging));
  return { items, total: total?.n ?? 0, ...paging };
}

export type PlanInput = Pick<Plan, "year" | "kind" | "title"> &
  Partial<Pick<Plan, "generalObjective" | "department" | "responsible" | "documentDate">>;

/** The import finds a plan again by (year, kind, title): two plans may not share them. */
async function refuseTwin(
  tx: Reader,
  institutionId: string,
  plan: Pick<Plan, "year" | "kind" | "title">,
  id: string,
) {
  await lockInstitution(tx, institutionId);
  const [twin] = await tx
    .select({ id: plans.id })
    .from(plans)
    .where(
      and(
        eq(plans.institutionId, institutionId),
        eq(plans.year, plan.year),
        eq(plans.kind, plan.kind),
        eq(plans.title, plan.title),
      ),
    )
    .limit(1);
  if (twin && twin.id !== id) {
    throw new AppError(
      "conflict",
      `Ya existe el ${plan.kind} ${plan.year} «${plan.title}» en esta institución.`,
      "title",
    );
  }
}

/** A new draft plan with its current programming and its (derived) baseline, both empty. */
export async function createPlan(
  db: Db,
  institutionId: string,
  input: PlanInput,
  actor: Actor,
): Promise<Plan> {
  return db.transaction(async (tx) => {
    const id = randomUUID();
    await refuseTwin(tx, institutionId, input, id);
    const [created] = await tx
      .insert(plans)
      .values({ institutionId, id, ...input })
      .returning();
    if (!created) throw new Error("insert returned nothing");
    await planVersions(tx, institutionId, id);
    await audit(tx, {
      institutionId,
      planId: id,
      action: "create",
      entity: "plan",
      entityId: id,
      after: created,
      ...actor,
    });
    return created;
  });
}

export async function updatePlan(
  db: Db,
  institutionId: string,
  planId: string,
  patch: Partial<PlanInput>,
  actor: Actor,
): Promise<Plan> {
  return db.transaction(async (tx) => {
    const before = await requirePlan(tx, institutionId, planId, { lock: true });
    requireDraft(before);
    if (patch.year !== undefined || patch.kind !== undefined || patch.title !== undefined) {
      await refuseTwin(tx, institutionId, { ...before, ...patch }, planId);
    }
    const [after] = await tx
      .update(plans)
      .set({ ...patch, updatedAt: new Date() })
      .where(and(eq(plans.institutionId, institutionId), eq(plans.id, planId)))
      .returning();
    if (!after) throw new Error("update returned nothing");
    await audit(tx, {
      institutionId,
      planId,
      action: "update",
      entity: "plan",
      entityId: planId,
      before: Object.fromEntries(Object.keys(patch).map((key) => [key, before[key as keyof Plan]])),
      after: patch,
      ...actor,
    });
    return after;
  });
}

/**
 * Moves a plan one step. Approval freezes the baseline: a derived baseline becomes a copy of
 * the current programming at that moment; a baseline brought by the source (CEPLAN's CS phase)
 * is kept as it came.
 */
export async function transitionPlan(
  db: Db,
  institutionId: string,
  planId: string,
  transition: PlanTransition,
  actor: Actor,
): Promise<Plan> {
  const { from, to, verb } = planTransitions[transition];
  return db.transaction(async (tx) => {
    const plan = await requirePlan(tx, institutionId, planId, { lock: true });
    if (plan.status !== from) {
      throw new AppError(
        "conflict",
        `No se puede ${verb}: está ${planStatusLabels[plan.status]} (se requiere que esté ${planStatusLabels[from]}).`,
        "status",
      );
    }
    if (transition === "approve") await freezeBaseline(tx, institutionId, planId);
    const [after] = await tx
      .update(plans)
      .set({ status: to, updatedAt: new Date() })
      .where(and(eq(plans.institutionId, institutionId), eq(plans.id, planId)))
      .returning();
    if (!after) throw new Error("update returned nothing");
    await audit(tx, {
      institutionId,
      planId,
      action: transition,
      entity: "plan",
      entityId: planId,
      before: { status: from },
      after: { status: to },
      ...actor,
    });
    return after;
  });
}
