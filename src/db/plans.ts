/**
 * Plans: the rows of draft → approved → in_execution → closed. The rules of that life (who may
 * move a plan, which step from which status, the baseline frozen at approval) are the plan use
 * cases' (`src/services/plans`).
 */
import { and, asc, count, desc, eq, type SQL } from "drizzle-orm";
import type { PlanKind, PlanStatus } from "../domain/plan-status.js";
import type { Db } from "./connection.js";
import { offsetOf, type Page, type Paging } from "./pagination.js";
import { plans } from "./schema.js";

export type Plan = typeof plans.$inferSelect;
type Reader = Pick<Db, "select">;

/** The plan (institution, id); `lock` holds it until the transaction ends. `planId` must be a UUID. */
export async function findPlan(
  db: Reader,
  institutionId: string,
  planId: string,
  { lock = false } = {},
): Promise<Plan | undefined> {
  const query = db
    .select()
    .from(plans)
    .where(and(eq(plans.institutionId, institutionId), eq(plans.id, planId)))
    .limit(1);
  const [plan] = lock ? await query.for("update") : await query;
  return plan;
}

/** A plan of a kind and year (the first found: the demo has one of each). */
export async function findPlanOfYear(
  db: Reader,
  institutionId: string,
  kind: PlanKind,
  year: number,
): Promise<Pick<Plan, "id"> | undefined> {
  const [plan] = await db
    .select({ id: plans.id })
    .from(plans)
    .where(and(eq(plans.institutionId, institutionId), eq(plans.kind, kind), eq(plans.year, year)))
    .limit(1);
  return plan;
}

/** The plan titled so in that year and kind, if any; `lock` holds it until the transaction ends. */
export async function findPlanByTitle(
  db: Reader,
  institutionId: string,
  plan: Pick<Plan, "year" | "kind" | "title">,
  { lock = false } = {},
): Promise<Plan | undefined> {
  const query = db
    .select()
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
  const [found] = lock ? await query.for("update") : await query;
  return found;
}

const newestFirst = [desc(plans.year), asc(plans.kind), asc(plans.title), asc(plans.id)];

/** Every plan of an institution, newest year first (a report looks its plan up among them). */
export async function plansOfInstitution(db: Reader, institutionId: string): Promise<Plan[]> {
  return db
    .select()
    .from(plans)
    .where(eq(plans.institutionId, institutionId))
    .orderBy(...newestFirst);
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
    .orderBy(...newestFirst)
    .limit(paging.pageSize)
    .offset(offsetOf(paging));
  return { items, total: total?.n ?? 0, ...paging };
}

export type PlanInput = Pick<Plan, "year" | "kind" | "title"> &
  Partial<Pick<Plan, "generalObjective" | "department" | "responsible" | "documentDate">>;

export async function insertPlan(
  tx: Pick<Db, "insert">,
  plan: PlanInput & Pick<Plan, "institutionId" | "id">,
): Promise<Plan> {
  const [created] = await tx.insert(plans).values(plan).returning();
  if (!created) throw new Error("insert returned nothing");
  return created;
}

/** Writes the changed columns (and `updatedAt`); the plan must exist. */
export async function updatePlanRow(
  tx: Pick<Db, "update">,
  institutionId: string,
  planId: string,
  set: Partial<PlanInput> | Pick<Plan, "status">,
): Promise<Plan> {
  const [after] = await tx
    .update(plans)
    .set({ ...set, updatedAt: new Date() })
    .where(and(eq(plans.institutionId, institutionId), eq(plans.id, planId)))
    .returning();
  if (!after) throw new Error("update returned nothing");
  return after;
}
