/**
 * Activities of a plan: the list with its months, and the writes allowed while the plan is a
 * draft (once approved, programmed values change only through a reprogramming). Shared lookup:
 * `requireActivity` (the activity with its plan's status, or the tenant 404).
 */
import { randomUUID } from "node:crypto";
import { and, eq, max, sql } from "drizzle-orm";
import type { Actor } from "../domain/actor.js";
import { AppError, notFound } from "../domain/errors.js";
import { isUuid } from "../domain/ids.js";
import { decimalText } from "../domain/months.js";
import { fold } from "../domain/normalize.js";
import { audit } from "./audit.js";
import { type Db, queryRows } from "./connection.js";
import { toQuantity } from "./figures.js";
import { requireUnit, unitTree, unitWithDescendants } from "./org-units.js";
import { likeEscape, offsetOf, type Page, type Paging } from "./pagination.js";
import { requireDraft, requirePlan } from "./plans.js";
import { type MonthlyInput, monthsArray, type Tx, writeProgrammed } from "./programming.js";
import { activities, plans } from "./schema.js";

export type ActivityRow = typeof activities.$inferSelect;

/** The writable fields of an activity; `annualTarget` as a number (stored exact). */
export type ActivityInput = Partial<
  Omit<
    typeof activities.$inferInsert,
    "institutionId" | "id" | "planId" | "annualTarget" | "position" | "attributes" | "createdAt" | "updatedAt"
  >
> & { annualTarget?: number | null };

/** An activity as the API shows it, with its twelve current programmed and executed months. */
export type ActivityView = Omit<ActivityRow, "annualTarget" | "attributes" | "institutionId"> & {
  annualTarget: number | null;
  attributes: Record<string, string>;
  unitName: string;
  planStatus: ActivityPlanStatus;
  programmed: (number | null)[];
  programmedMoney: (number | null)[];
  executed: (number | null)[];
  executedMoney: (number | null)[];
};

type ActivityPlanStatus = (typeof plans.$inferSelect)["status"];

/** The activity (institution, id) with its plan's status, or the same 404 as another institution's. */
export async function requireActivity(
  db: Pick<Db, "select">,
  institutionId: string,
  activityId: string,
): Promise<ActivityRow & { planStatus: ActivityPlanStatus }> {
  if (!isUuid(activityId)) throw notFound();
  const [row] = await db
    .select({ activity: activities, planStatus: plans.status })
    .from(activities)
    .innerJoin(plans, and(eq(plans.institutionId, activities.institutionId), eq(plans.id, activities.planId)))
    .where(and(eq(activities.institutionId, institutionId), eq(activities.id, activityId)))
    .limit(1);
  if (!row) throw notFound();
  return { ...row.activity, planStatus: row.planStatus };
}

/** Lower case without accents, in SQL, for accent-insensitive search (no extension needed). */
const ACCENTED = "áàäâãéèëêíìïîóòöôõúùüûñç";
const PLAIN = "aaaaaeeeeiiiiooooouuuunc";
// Accents go first, in both cases: lower() leaves non-ASCII letters alone under the C locale.
const folded = (expression: ReturnType<typeof sql>) =>
  sql`lower(translate(${expression}, ${ACCENTED + ACCENTED.toUpperCase()}, ${PLAIN + PLAIN.toUpperCase()}))`;

export type ActivityFilters = { unitId?: string; q?: string; includeWithdrawn?: boolean };

/** A page of a plan's activities in plan order; `unitId` includes the units below it. */
export async function listActivitiesPage(
  db: Db,
  institutionId: string,
  planId: string,
  filters: ActivityFilters,
  paging: Paging,
): Promise<Page<ActivityView>> {
  const conditions = [sql`a.institution_id = ${institutionId}`, sql`a.plan_id = ${planId}`];
  if (filters.unitId) {
    await requireUnit(db, institutionId, filters.unitId);
    const units = [...unitWithDescendants(await unitTree(db, institutionId), filters.unitId)];
    conditions.push(
      sql`a.unit_id in (${sql.join(
        units.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`,
    );
  }
  if (filters.q) {
    const pattern = `%${likeEscape(filters.q.trim())}%`;
    conditions.push(
      sql`(${folded(sql`a.name`)} like ${folded(sql`${pattern}`)} or ${folded(sql`coalesce(a.code, '')`)} like ${folded(sql`${pattern}`)})`,
    );
  }
  if (!filters.includeWithdrawn) conditions.push(sql`a.active`);
  const where = sql.join(conditions, sql` and `);
  const [total] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from activities a where ${where}`,
  );
  const rows = await selectViews(
    db,
    institutionId,
    planId,
    where,
    sql`limit ${paging.pageSize} offset ${offsetOf(paging)}`,
  );
  return { items: rows, total: total?.n ?? 0, ...paging };
}

/** One activity as the API shows it. */
export async function activityView(db: Db, institutionId: string, activityId: string): Promise<ActivityView> {
  const activity = await requireActivity(db, institutionId, activityId);
  const [view] = await selectViews(
    db,
    institutionId,
    activity.planId,
    sql`a.institution_id = ${institutionId} and a.id = ${activityId}`,
    sql``,
  );
  if (!view) throw notFound();
  return view;
}

async function selectViews(
  db: Db,
  institutionId: string,
  planId: string,
  where: ReturnType<typeof sql>,
  page: ReturnType<typeof sql>,
) {
  // The page's ids first, then their rows and months by primary key, with the plan as a constant:
  // the joins run for one page only, whatever the planner believes of a freshly imported plan
  // (PGlite has no autovacuum: its statistics can say 1 row where there are 10,000).
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`with page as materialized (
        select a.id, a.position, a.name from activities a
        where ${where} and a.plan_id = ${planId} and a.institution_id = ${institutionId}
        order by a.position, a.name, a.id ${page})
      select a.*, a.annual_target::text as annual_target_text, u.name as unit_name,
        (select status from plans where institution_id = ${institutionId} and id = ${planId}) as plan_status,
        ${monthsArray("p")} as programmed, ${monthsArray("p", "m")} as programmed_money,
        ${monthsArray("e")} as executed, ${monthsArray("e", "m")} as executed_money
      from page join activities a on a.institution_id = ${institutionId} and a.id = page.id
      join org_units u on u.institution_id = a.institution_id and u.id = a.unit_id
      left join programming_versions v
        on v.institution_id = ${institutionId} and v.plan_id = ${planId} and v.role = 'current'
      left join programmed_values p
        on p.institution_id = a.institution_id and p.version_id = v.id and p.activity_id = a.id
      left join executed_values e on e.institution_id = a.institution_id and e.activity_id = a.id
      order by page.position, page.name, page.id`,
  );
  const months = (value: unknown) =>
    ((value as (string | null)[] | null) ?? Array(12).fill(null)).map(toQuantity);
  const text = (value: unknown) => (value as string | null) ?? null;
  return rows.map(
    (row): ActivityView => ({
      id: row.id as string,
      planId: row.plan_id as string,
      unitId: row.unit_id as string,
      unitName: row.unit_name as string,
      planStatus: row.plan_status as ActivityPlanStatus,
      code: text(row.code),
      name: row.name as string,
      project: text(row.project),
      objective: text(row.objective),
      location: text(row.location),
      budgetActivity: text(row.budget_activity),
      unitOfMeasure: text(row.unit_of_measure),
      annualTarget: toQuantity(row.annual_target_text as string | null),
      startDate: dateText(row.start_date),
      endDate: dateText(row.end_date),
      goal: text(row.goal),
      responsible: text(row.responsible),
      measureKind: row.measure_kind as ActivityView["measureKind"],
      cumulative: row.cumulative as boolean,
      oeiCode: text(row.oei_code),
      oeiName: text(row.oei_name),
      aeiCode: text(row.aei_code),
      aeiName: text(row.aei_name),
      priority: (row.priority as number | null) ?? null,
      active: row.active as boolean,
      position: row.position as number,
      attributes: (row.attributes as Record<string, string>) ?? {},
      createdAt: row.created_at as Date,
      updatedAt: row.updated_at as Date,
      programmed: months(row.programmed),
      programmedMoney: months(row.programmed_money),
      executed: months(row.executed),
      executedMoney: months(row.executed_money),
    }),
  );
}

/** PGlite returns dates as Date, pg as text: both become `YYYY-MM-DD`. */
function dateText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10);
}

function columnsOf(input: ActivityInput) {
  const { annualTarget, ...rest } = input;
  return { ...rest, ...(annualTarget !== undefined ? { annualTarget: decimalText(annualTarget) } : {}) };
}

/** The import recognizes an activity by (unit, name): two may not share them in a plan. */
async function refuseTwin(
  tx: Tx,
  institutionId: string,
  planId: string,
  activity: { id: string; unitId: string; name: string },
) {
  const siblings = await tx
    .select({ id: activities.id, name: activities.name })
    .from(activities)
    .where(
      and(
        eq(activities.institutionId, institutionId),
        eq(activities.planId, planId),
        eq(activities.unitId, activity.unitId),
      ),
    );
  const twin = siblings.find((other) => other.id !== activity.id && fold(other.name) === fold(activity.name));
  if (twin)
    throw new AppError("conflict", `La unidad ya tiene la actividad «${twin.name}» en este plan.`, "name");
}

async function checkUnit(tx: Tx, institutionId: string, unitId: string) {
  const unit = await requireUnit(tx, institutionId, unitId).catch(() => {
    throw new AppError("validation", "La unidad orgánica no existe en esta institución.", "unitId");
  });
  if (!unit.active) {
    throw new AppError(
      "validation",
      `La unidad «${unit.name}» está retirada: no recibe actividades.`,
      "unitId",
    );
  }
}

function checkDates(activity: { startDate?: string | null; endDate?: string | null }) {
  if (activity.startDate && activity.endDate && activity.endDate < activity.startDate) {
    throw new AppError(
      "validation",
      `La fecha final (${activity.endDate}) es anterior a la inicial (${activity.startDate}).`,
      "endDate",
    );
  }
}

export async function createActivity(
  db: Db,
  institutionId: string,
  planId: string,
  input: ActivityInput & { name: string; unitId: string },
  actor: Actor,
): Promise<ActivityView> {
  const id = randomUUID();
  await db.transaction(async (tx) => {
    const plan = await requirePlan(tx, institutionId, planId, { lock: true });
    requireDraft(plan);
    await checkUnit(tx, institutionId, input.unitId);
    checkDates(input);
    await refuseTwin(tx, institutionId, planId, { id, unitId: input.unitId, name: input.name });
    const [last] = await tx
      .select({ position: max(activities.position) })
      .from(activities)
      .where(and(eq(activities.institutionId, institutionId), eq(activities.planId, planId)));
    const [created] = await tx
      .insert(activities)
      .values({
        ...columnsOf(input),
        institutionId,
        planId,
        id,
        name: input.name,
        unitId: input.unitId,
        position: (last?.position ?? -1) + 1,
      })
      .returning();
    await audit(tx, {
      institutionId,
      planId,
      unitId: input.unitId,
      action: "create",
      entity: "activity",
      entityId: id,
      after: created,
      ...actor,
    });
  });
  return activityView(db, institutionId, id);
}

export async function updateActivity(
  db: Db,
  institutionId: string,
  activityId: string,
  patch: ActivityInput,
  actor: Actor,
): Promise<ActivityView> {
  await db.transaction(async (tx) => {
    const before = await requireActivity(tx, institutionId, activityId);
    requireDraft(await requirePlan(tx, institutionId, before.planId, { lock: true }));
    const next = { ...before, ...columnsOf(patch) };
    if (patch.unitId !== undefined && patch.unitId !== before.unitId)
      await checkUnit(tx, institutionId, patch.unitId);
    checkDates(next);
    if (patch.unitId !== undefined || patch.name !== undefined) {
      await refuseTwin(tx, institutionId, before.planId, {
        id: activityId,
        unitId: next.unitId,
        name: next.name,
      });
    }
    const columns = columnsOf(patch);
    await tx
      .update(activities)
      .set({ ...columns, updatedAt: new Date() })
      .where(and(eq(activities.institutionId, institutionId), eq(activities.id, activityId)));
    await audit(tx, {
      institutionId,
      planId: before.planId,
      unitId: next.unitId,
      action: "update",
      entity: "activity",
      entityId: activityId,
      before: Object.fromEntries(Object.keys(columns).map((key) => [key, before[key as keyof ActivityRow]])),
      after: columns,
      ...actor,
    });
  });
  return activityView(db, institutionId, activityId);
}

/** Deletes a draft's activity with its months (a withdrawn activity of an approved plan stays: `active: false`). */
export async function deleteActivity(
  db: Db,
  institutionId: string,
  activityId: string,
  actor: Actor,
): Promise<void> {
  const before = await activityView(db, institutionId, activityId);
  await db.transaction(async (tx) => {
    requireDraft(await requirePlan(tx, institutionId, before.planId, { lock: true }));
    await tx
      .delete(activities)
      .where(and(eq(activities.institutionId, institutionId), eq(activities.id, activityId)));
    await audit(tx, {
      institutionId,
      planId: before.planId,
      unitId: before.unitId,
      action: "delete",
      entity: "activity",
      entityId: activityId,
      before,
      ...actor,
    });
  });
}

/** Replaces a draft activity's programmed months (quantities and, optionally, money). */
export async function setProgrammed(
  db: Db,
  institutionId: string,
  activityId: string,
  values: MonthlyInput,
  actor: Actor,
): Promise<ActivityView> {
  const before = await activityView(db, institutionId, activityId);
  await db.transaction(async (tx) => {
    requireDraft(await requirePlan(tx, institutionId, before.planId, { lock: true }));
    await writeProgrammed(tx, { institutionId, planId: before.planId, activityId }, values);
    await audit(tx, {
      institutionId,
      planId: before.planId,
      unitId: before.unitId,
      action: "program",
      entity: "activity",
      entityId: activityId,
      before: { quantities: before.programmed, money: before.programmedMoney },
      after: { quantities: values.quantities, money: values.money ?? Array(12).fill(null) },
      ...actor,
    });
  });
  return activityView(db, institutionId, activityId);
}
