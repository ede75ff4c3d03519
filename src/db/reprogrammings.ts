/**
 * Reprogramming requests: reading them, storing a request and its review, and writing approved
 * quantities into the plan's `current` programming version (the `baseline` version is never
 * touched, so reports can show both side by side). The rules are the use cases' in
 * services/reprogramming/.
 */
import { sql } from "drizzle-orm";
import { isUuid } from "../domain/ids.js";
import type { ReprogrammingStatus } from "../domain/reprogramming.js";
import { type ActivityScope, isoTime, type Person, personOf } from "./activity-scope.js";
import { type Db, queryRows } from "./connection.js";
import { toQuantity } from "./figures.js";

export type Monthly = (number | null)[];

export type Reprogramming = {
  id: string;
  planId: string;
  activity: { id: string; name: string };
  unit: { id: string; name: string };
  status: ReprogrammingStatus;
  oldValues: Monthly;
  newValues: Monthly;
  justification: string;
  requestedBy: Person | null;
  requestedAt: string;
  reviewedBy: Person | null;
  reviewedAt: string | null;
  reviewComment: string | null;
};

const MONTH_COLUMNS = Array.from({ length: 12 }, (_, i) => `q${String(i + 1).padStart(2, "0")}`);

/**
 * The activity's current programmed quantities (all null when it has none); undefined when the
 * plan has no current programming version.
 */
export async function currentQuantities(
  db: Db,
  scope: ActivityScope,
): Promise<{ versionId: string; values: Monthly } | undefined> {
  const [row] = await queryRows<{ version_id: string; values: (string | null)[] | null }>(
    db,
    sql`select v.id as version_id, ${sql.raw(`array[${MONTH_COLUMNS.map((c) => `p.${c}`).join(", ")}]::text[]`)} as values
      from programming_versions v
      left join programmed_values p on p.institution_id = v.institution_id and p.version_id = v.id
        and p.activity_id = ${scope.id}
      where v.institution_id = ${scope.institutionId} and v.plan_id = ${scope.planId} and v.role = 'current'`,
  );
  if (!row) return undefined;
  return { versionId: row.version_id, values: (row.values ?? Array(12).fill(null)).map(toQuantity) };
}

const numericArray = (values: Monthly) =>
  sql`${`{${values.map((value) => (value === null ? "NULL" : String(value))).join(",")}}`}::numeric[]`;

export async function insertReprogramming(
  tx: Db,
  scope: ActivityScope,
  request: { oldValues: Monthly; newValues: Monthly; justification: string; requestedBy: string | undefined },
): Promise<string> {
  const [row] = await queryRows<{ id: string }>(
    tx,
    sql`insert into reprogrammings (institution_id, activity_id, old_values, new_values, justification, requested_by)
      values (${scope.institutionId}, ${scope.id}, ${numericArray(request.oldValues)},
        ${numericArray(request.newValues)}, ${request.justification}, ${request.requestedBy ?? null})
      returning id`,
  );
  if (!row) throw new Error("insert returned nothing");
  return row.id;
}

type Filter = { status?: ReprogrammingStatus; planId?: string; id?: string };

function whereOf(institutionId: string, filter: Filter) {
  return sql`r.institution_id = ${institutionId}
    ${filter.status ? sql`and r.status = ${filter.status}` : sql``}
    ${filter.planId ? sql`and a.plan_id = ${filter.planId}` : sql``}
    ${filter.id ? sql`and r.id = ${filter.id}` : sql``}`;
}

const FROM = sql`from reprogrammings r
  join activities a on a.institution_id = r.institution_id and a.id = r.activity_id
  join org_units u on u.institution_id = a.institution_id and u.id = a.unit_id
  left join users rq on rq.id = r.requested_by
  left join users rv on rv.id = r.reviewed_by`;

type Row = {
  id: string;
  plan_id: string;
  activity_id: string;
  activity_name: string;
  unit_id: string;
  unit_name: string;
  status: ReprogrammingStatus;
  old_values: (string | null)[];
  new_values: (string | null)[];
  justification: string;
  rq_name: string | null;
  rq_email: string | null;
  requested_at: string;
  rv_name: string | null;
  rv_email: string | null;
  reviewed_at: string | null;
  review_comment: string | null;
};

async function selectReprogrammings(
  db: Db,
  institutionId: string,
  filter: Filter,
  page?: { limit: number; offset: number },
): Promise<Reprogramming[]> {
  const rows = await queryRows<Row>(
    db,
    sql`select r.id, a.plan_id, a.id as activity_id, a.name as activity_name, u.id as unit_id,
        u.name as unit_name, r.status, r.old_values::text[] as old_values, r.new_values::text[] as new_values,
        r.justification, rq.name as rq_name, rq.email as rq_email, ${isoTime("r.requested_at")} as requested_at,
        rv.name as rv_name, rv.email as rv_email, ${isoTime("r.reviewed_at")} as reviewed_at, r.review_comment
      ${FROM} where ${whereOf(institutionId, filter)}
      order by r.requested_at, r.id
      ${page ? sql`limit ${page.limit} offset ${page.offset}` : sql``}`,
  );
  return rows.map((row) => ({
    id: row.id,
    planId: row.plan_id,
    activity: { id: row.activity_id, name: row.activity_name },
    unit: { id: row.unit_id, name: row.unit_name },
    status: row.status,
    oldValues: row.old_values.map(toQuantity),
    newValues: row.new_values.map(toQuantity),
    justification: row.justification,
    requestedBy: personOf(row.rq_name, row.rq_email),
    requestedAt: row.requested_at,
    reviewedBy: personOf(row.rv_name, row.rv_email),
    reviewedAt: row.reviewed_at,
    reviewComment: row.review_comment,
  }));
}

export async function findReprogramming(
  db: Db,
  institutionId: string,
  id: string,
): Promise<Reprogramming | undefined> {
  if (!isUuid(institutionId) || !isUuid(id)) return undefined;
  const [found] = await selectReprogrammings(db, institutionId, { id });
  return found;
}

export async function reprogrammingPage(
  db: Db,
  institutionId: string,
  filter: { status?: ReprogrammingStatus; planId?: string },
  page: { page: number; pageSize: number },
): Promise<{ items: Reprogramming[]; total: number }> {
  if (!isUuid(institutionId) || (filter.planId !== undefined && !isUuid(filter.planId))) {
    return { items: [], total: 0 };
  }
  const [count] = await queryRows<{ total: number }>(
    db,
    sql`select count(*)::int as total ${FROM} where ${whereOf(institutionId, filter)}`,
  );
  const items = await selectReprogrammings(db, institutionId, filter, {
    limit: page.pageSize,
    offset: (page.page - 1) * page.pageSize,
  });
  return { items, total: count?.total ?? 0 };
}

/** The request's row locked for its review; undefined when there is none. */
export async function lockReprogramming(
  tx: Db,
  institutionId: string,
  id: string,
): Promise<{ status: ReprogrammingStatus; oldValues: Monthly; newValues: Monthly } | undefined> {
  const [locked] = await queryRows<{
    status: ReprogrammingStatus;
    old_values: (string | null)[];
    new_values: (string | null)[];
  }>(
    tx,
    sql`select status, old_values::text[] as old_values, new_values::text[] as new_values from reprogrammings
      where institution_id = ${institutionId} and id = ${id} for update`,
  );
  if (!locked) return undefined;
  return {
    status: locked.status,
    oldValues: locked.old_values.map(toQuantity),
    newValues: locked.new_values.map(toQuantity),
  };
}

/** Writes the activity's twelve quantities into a programming version. */
export async function writeProgrammedQuantities(
  tx: Db,
  scope: ActivityScope,
  versionId: string,
  quantities: Monthly,
): Promise<void> {
  const columns = sql.raw(MONTH_COLUMNS.join(", "));
  const values = sql.join(
    quantities.map((value) => sql`${value === null ? null : String(value)}::numeric`),
    sql`, `,
  );
  const updates = sql.raw(MONTH_COLUMNS.map((c) => `${c} = excluded.${c}`).join(", "));
  await tx.execute(sql`insert into programmed_values (institution_id, version_id, activity_id, ${columns})
    values (${scope.institutionId}, ${versionId}, ${scope.id}, ${values})
    on conflict (institution_id, version_id, activity_id) do update set ${updates}`);
}

export async function recordReview(
  tx: Db,
  institutionId: string,
  id: string,
  review: { decision: "approved" | "rejected"; reviewedBy: string | undefined; comment: string | null },
): Promise<void> {
  await tx.execute(sql`update reprogrammings set status = ${review.decision}, reviewed_by = ${review.reviewedBy ?? null},
      reviewed_at = now(), review_comment = ${review.comment}
    where institution_id = ${institutionId} and id = ${id}`);
}
