/**
 * Activities of a plan: the rows, the list with its months (`ActivityView`) and the writes. What
 * may be written when (a draft's content, a unit that receives activities, twin names) is the
 * activity use cases' (`src/services/activities`).
 */
import { and, eq, max, sql } from "drizzle-orm";
import { decimalText } from "../domain/months.js";
import { activityOfRow, quantityMonths, timestampOf } from "./activity-row.js";
import { type Db, queryRows } from "./connection.js";
import { likeEscape, offsetOf, type Page, type Paging } from "./pagination.js";
import { monthsArray } from "./programming.js";
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

/** The activity (institution, id) with its plan's status. `activityId` must be a UUID. */
export async function findActivity(
  db: Pick<Db, "select">,
  institutionId: string,
  activityId: string,
): Promise<(ActivityRow & { planStatus: ActivityPlanStatus }) | undefined> {
  const [row] = await db
    .select({ activity: activities, planStatus: plans.status })
    .from(activities)
    .innerJoin(plans, and(eq(plans.institutionId, activities.institutionId), eq(plans.id, activities.planId)))
    .where(and(eq(activities.institutionId, institutionId), eq(activities.id, activityId)))
    .limit(1);
  return row && { ...row.activity, planStatus: row.planStatus };
}

/** Lower case without accents, in SQL, for accent-insensitive search (no extension needed). */
const ACCENTED = "áàäâãéèëêíìïîóòöôõúùüûñç";
const PLAIN = "aaaaaeeeeiiiiooooouuuunc";
// Accents go first, in both cases: lower() leaves non-ASCII letters alone under the C locale.
const folded = (expression: ReturnType<typeof sql>) =>
  sql`lower(translate(${expression}, ${ACCENTED + ACCENTED.toUpperCase()}, ${PLAIN + PLAIN.toUpperCase()}))`;

/** `unitIds`: only the activities of these units. */
export type ActivityFilters = { unitIds?: readonly string[]; q?: string; includeWithdrawn?: boolean };

/** A page of a plan's activities in plan order. */
export async function listActivitiesPage(
  db: Db,
  institutionId: string,
  planId: string,
  filters: ActivityFilters,
  paging: Paging,
): Promise<Page<ActivityView>> {
  const conditions = [sql`a.institution_id = ${institutionId}`, sql`a.plan_id = ${planId}`];
  if (filters.unitIds) {
    conditions.push(
      sql`a.unit_id in (${sql.join(
        filters.unitIds.map((id) => sql`${id}::uuid`),
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

/** One activity of the plan as the API shows it. */
export async function findActivityView(
  db: Db,
  institutionId: string,
  planId: string,
  activityId: string,
): Promise<ActivityView | undefined> {
  const [view] = await selectViews(
    db,
    institutionId,
    planId,
    sql`a.institution_id = ${institutionId} and a.id = ${activityId}`,
    sql``,
  );
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
  return rows.map(
    (row): ActivityView => ({
      ...activityOfRow(row),
      planId: row.plan_id as string,
      planStatus: row.plan_status as ActivityPlanStatus,
      priority: (row.priority as number | null) ?? null,
      attributes: (row.attributes as Record<string, string>) ?? {},
      createdAt: timestampOf(row.created_at),
      updatedAt: timestampOf(row.updated_at),
      programmed: quantityMonths(row.programmed),
      programmedMoney: quantityMonths(row.programmed_money),
      executed: quantityMonths(row.executed),
      executedMoney: quantityMonths(row.executed_money),
    }),
  );
}

/** What names each activity of a plan (a report looks its activity up among them), in plan order. */
export async function activityNames(
  db: Db,
  institutionId: string,
  planId: string,
): Promise<{ id: string; code: string | null; name: string; unitName: string; active: boolean }[]> {
  return queryRows(
    db,
    sql`select a.id, a.code, a.name, u.name as "unitName", a.active
      from activities a join org_units u on u.institution_id = a.institution_id and u.id = a.unit_id
      where a.institution_id = ${institutionId} and a.plan_id = ${planId}
      order by a.position, a.name, a.id`,
  );
}

/** The columns of an activity's fields: `annualTarget` as exact decimal text. */
export function activityColumns(input: ActivityInput) {
  const { annualTarget, ...rest } = input;
  return { ...rest, ...(annualTarget !== undefined ? { annualTarget: decimalText(annualTarget) } : {}) };
}

/** The names of the plan's activities of one unit. */
export async function activitiesOfUnit(
  tx: Pick<Db, "select">,
  institutionId: string,
  planId: string,
  unitId: string,
): Promise<{ id: string; name: string }[]> {
  return tx
    .select({ id: activities.id, name: activities.name })
    .from(activities)
    .where(
      and(
        eq(activities.institutionId, institutionId),
        eq(activities.planId, planId),
        eq(activities.unitId, unitId),
      ),
    );
}

/** The position after the plan's last activity. */
export async function nextActivityPosition(
  tx: Pick<Db, "select">,
  institutionId: string,
  planId: string,
): Promise<number> {
  const [last] = await tx
    .select({ position: max(activities.position) })
    .from(activities)
    .where(and(eq(activities.institutionId, institutionId), eq(activities.planId, planId)));
  return (last?.position ?? -1) + 1;
}

export async function insertActivity(
  tx: Pick<Db, "insert">,
  activity: ReturnType<typeof activityColumns> &
    Pick<ActivityRow, "institutionId" | "planId" | "id" | "name" | "unitId" | "position">,
): Promise<ActivityRow | undefined> {
  const [created] = await tx.insert(activities).values(activity).returning();
  return created;
}

export async function updateActivityRow(
  tx: Pick<Db, "update">,
  institutionId: string,
  activityId: string,
  columns: ReturnType<typeof activityColumns>,
): Promise<void> {
  await tx
    .update(activities)
    .set({ ...columns, updatedAt: new Date() })
    .where(and(eq(activities.institutionId, institutionId), eq(activities.id, activityId)));
}

/** Deletes the activity; its months go with it (foreign keys cascade). */
export async function deleteActivityRow(
  tx: Pick<Db, "delete">,
  institutionId: string,
  activityId: string,
): Promise<void> {
  await tx
    .delete(activities)
    .where(and(eq(activities.institutionId, institutionId), eq(activities.id, activityId)));
}
