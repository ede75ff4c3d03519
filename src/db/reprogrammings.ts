/**
 * Reprogramming: while a plan is in execution its programmed values change only through a
 * request (twelve new monthly quantities and a justification) that a planner approves or
 * rejects. Approval writes the new quantities into the plan's `current` programming version;
 * the `baseline` version is never touched, so reports can show both side by side.
 *
 * A request keeps the values it was made against (`old_values`). If the current programming
 * changed since (another request approved first), approving it would silently undo that change:
 * it is refused with 409 and the requester asks again from the new values.
 */
import { sql } from "drizzle-orm";
import type { Actor } from "../domain/actor.js";
import { AppError, notFound } from "../domain/errors.js";
import { isUuid } from "../domain/ids.js";
import {
  type ActivityScope,
  isoTime,
  lockPlanInExecution,
  monthName,
  type Person,
  personOf,
  requireActiveActivity,
} from "./activity-scope.js";
import { audit } from "./audit.js";
import { planMonths } from "./closed-months.js";
import { type Db, queryRows } from "./connection.js";
import { toQuantity } from "./figures.js";

export type Monthly = (number | null)[];
export type ReprogrammingStatus = "pending" | "approved" | "rejected";

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

/** The activity's current programmed quantities (all null when it has none). */
async function currentQuantities(
  db: Db,
  scope: ActivityScope,
): Promise<{ versionId: string; values: Monthly }> {
  const [row] = await queryRows<{ version_id: string; values: (string | null)[] | null }>(
    db,
    sql`select v.id as version_id, ${sql.raw(`array[${MONTH_COLUMNS.map((c) => `p.${c}`).join(", ")}]::text[]`)} as values
      from programming_versions v
      left join programmed_values p on p.institution_id = v.institution_id and p.version_id = v.id
        and p.activity_id = ${scope.id}
      where v.institution_id = ${scope.institutionId} and v.plan_id = ${scope.planId} and v.role = 'current'`,
  );
  if (!row) {
    throw new AppError("conflict", "El plan no tiene una programación vigente que reprogramar.", "planId");
  }
  return { versionId: row.version_id, values: (row.values ?? Array(12).fill(null)).map(toQuantity) };
}

async function closedMonths(db: Db, scope: ActivityScope): Promise<Set<number>> {
  const months = await planMonths(db, scope.institutionId, scope.planId);
  return new Set(months.filter((month) => month.closed).map((month) => month.month));
}

/** 409 naming the first closed month whose value would change. */
function refuseClosedChanges(closed: Set<number>, from: Monthly, to: Monthly): void {
  const changed = to.findIndex((value, i) => closed.has(i + 1) && value !== from[i]);
  if (changed >= 0) {
    throw new AppError(
      "conflict",
      `El mes de ${monthName(changed + 1)} está cerrado: su programación no se puede cambiar ` +
        `(es ${from[changed] ?? "nada"}, se pide ${to[changed] ?? "nada"}).`,
      `quantities.${changed}`,
    );
  }
}

const numericArray = (values: Monthly) =>
  sql`${`{${values.map((value) => (value === null ? "NULL" : String(value))).join(",")}}`}::numeric[]`;

export async function requestReprogramming(
  db: Db,
  scope: ActivityScope,
  input: { quantities: Monthly; justification: string },
  actor: Actor,
): Promise<Reprogramming> {
  requireActiveActivity(scope);
  const id = await db.transaction(async (tx) => {
    await lockPlanInExecution(tx, scope.institutionId, scope.planId, "share", "se reprograma");
    const current = await currentQuantities(tx, scope);
    if (input.quantities.every((value, i) => value === current.values[i])) {
      throw new AppError("validation", "La reprogramación no cambia ningún mes.", "quantities");
    }
    refuseClosedChanges(await closedMonths(tx, scope), current.values, input.quantities);
    const [row] = await queryRows<{ id: string }>(
      tx,
      sql`insert into reprogrammings (institution_id, activity_id, old_values, new_values, justification, requested_by)
        values (${scope.institutionId}, ${scope.id}, ${numericArray(current.values)},
          ${numericArray(input.quantities)}, ${input.justification}, ${actor.userId})
        returning id`,
    );
    if (!row) throw new Error("insert returned nothing");
    await audit(tx, {
      institutionId: scope.institutionId,
      userId: actor.userId,
      ip: actor.ip,
      action: "request",
      entity: "reprogramming",
      entityId: row.id,
      planId: scope.planId,
      unitId: scope.unitId,
      reason: input.justification,
      after: {
        activityId: scope.id,
        oldValues: current.values,
        newValues: input.quantities,
        status: "pending",
      },
    });
    return row.id;
  });
  return (await findReprogramming(db, scope.institutionId, id)) as Reprogramming;
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

export async function listReprogrammings(
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

const STATUS_DONE: Record<ReprogrammingStatus, string> = {
  pending: "pendiente",
  approved: "aprobada",
  rejected: "rechazada",
};

/**
 * Approves or rejects a pending request. Approval: the plan must still be in execution, no
 * closed month may change, and the current programming must still be what the request saw.
 */
export async function reviewReprogramming(
  db: Db,
  scope: ActivityScope,
  review: { id: string; decision: "approved" | "rejected"; comment?: string },
  actor: Actor,
): Promise<Reprogramming> {
  const { institutionId } = scope;
  await db.transaction(async (tx) => {
    await lockPlanInExecution(tx, institutionId, scope.planId, "share", "se revisan las reprogramaciones");
    const [locked] = await queryRows<{
      status: ReprogrammingStatus;
      old_values: (string | null)[];
      new_values: (string | null)[];
    }>(
      tx,
      sql`select status, old_values::text[] as old_values, new_values::text[] as new_values from reprogrammings
        where institution_id = ${institutionId} and id = ${review.id} for update`,
    );
    if (!locked) throw notFound();
    if (locked.status !== "pending") {
      throw new AppError("conflict", `La solicitud ya fue ${STATUS_DONE[locked.status]}.`, "status");
    }
    const oldValues = locked.old_values.map(toQuantity);
    const newValues = locked.new_values.map(toQuantity);
    if (review.decision === "approved") {
      const current = await currentQuantities(tx, scope);
      if (current.values.some((value, i) => value !== oldValues[i])) {
        throw new AppError(
          "conflict",
          "La programación vigente cambió desde la solicitud: pida una nueva reprogramación sobre los valores actuales.",
          "status",
        );
      }
      refuseClosedChanges(await closedMonths(tx, scope), oldValues, newValues);
      const columns = sql.raw(MONTH_COLUMNS.join(", "));
      const values = sql.join(
        newValues.map((value) => sql`${value === null ? null : String(value)}::numeric`),
        sql`, `,
      );
      const updates = sql.raw(MONTH_COLUMNS.map((c) => `${c} = excluded.${c}`).join(", "));
      await tx.execute(sql`insert into programmed_values (institution_id, version_id, activity_id, ${columns})
        values (${institutionId}, ${current.versionId}, ${scope.id}, ${values})
        on conflict (institution_id, version_id, activity_id) do update set ${updates}`);
    }
    await tx.execute(sql`update reprogrammings set status = ${review.decision}, reviewed_by = ${actor.userId},
        reviewed_at = now(), review_comment = ${review.comment ?? null}
      where institution_id = ${institutionId} and id = ${review.id}`);
    await audit(tx, {
      institutionId,
      userId: actor.userId,
      ip: actor.ip,
      action: review.decision === "approved" ? "approve" : "reject",
      entity: "reprogramming",
      entityId: review.id,
      planId: scope.planId,
      unitId: scope.unitId,
      ...(review.comment ? { reason: review.comment } : {}),
      before: { status: "pending", programmed: oldValues },
      after: { status: review.decision, programmed: review.decision === "approved" ? newValues : oldValues },
    });
  });
  return (await findReprogramming(db, institutionId, review.id)) as Reprogramming;
}
