/**
 * Reading the audit log: filtered, newest first (in the order written: by id), with the user's
 * email and name. The log is
 * append-only (trigger of migration 0001); nothing here or anywhere else updates or deletes it.
 *
 * `institutionId` null selects the deployment-level entries (logins, institutions created…).
 */
import { and, desc, eq, gte, isNull, lt, type SQL, sql } from "drizzle-orm";
import type { Db } from "./connection.js";
import { offsetOf, type Paging } from "./pagination.js";
import { auditLog, orgUnits, plans, users } from "./schema.js";

export type AuditFilter = {
  institutionId: string | null;
  planId?: string;
  unitId?: string;
  /** Entries about this activity: itself, its months, its evidence and its reprogrammings. */
  activityId?: string;
  userId?: string;
  action?: string;
  /** Entries at or after this instant. */
  from?: Date;
  /** Entries strictly before this instant. */
  to?: Date;
};

export type AuditRow = {
  id: number;
  at: Date;
  institutionId: string | null;
  userId: string | null;
  userEmail: string | null;
  userName: string | null;
  ip: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  planId: string | null;
  /** The plan's «POI 2021 · title», null when it is gone. */
  planName: string | null;
  unitId: string | null;
  /** The unit's name, null when it is gone. */
  unitName: string | null;
  reason: string | null;
  before: unknown;
  after: unknown;
};

/**
 * The activity's own entries carry its id (`activity`), or `id:month` (`execution_entry`); an
 * evidence entry names it in its before/after, and a reprogramming's review only names the
 * request, so those are found through the reprogrammings table.
 */
function aboutActivity(activityId: string): SQL {
  return sql`(${auditLog.entityId} = ${activityId}
    or (${auditLog.entity} = 'execution_entry' and ${auditLog.entityId} like ${`${activityId}:%`})
    or (${auditLog.entity} = 'evidence'
      and coalesce(${auditLog.after} ->> 'activityId', ${auditLog.before} ->> 'activityId') = ${activityId})
    or (${auditLog.entity} = 'reprogramming' and ${auditLog.entityId} in (
      select id::text from reprogrammings
      where institution_id = ${auditLog.institutionId} and activity_id = ${activityId})))`;
}

function conditions(filter: AuditFilter): SQL | undefined {
  return and(
    filter.institutionId === null
      ? isNull(auditLog.institutionId)
      : eq(auditLog.institutionId, filter.institutionId),
    filter.planId ? eq(auditLog.planId, filter.planId) : undefined,
    filter.unitId ? eq(auditLog.unitId, filter.unitId) : undefined,
    filter.activityId ? aboutActivity(filter.activityId) : undefined,
    filter.userId ? eq(auditLog.userId, filter.userId) : undefined,
    filter.action ? eq(auditLog.action, filter.action) : undefined,
    filter.from ? gte(auditLog.at, filter.from) : undefined,
    filter.to ? lt(auditLog.at, filter.to) : undefined,
  );
}

const columns = {
  id: auditLog.id,
  at: auditLog.at,
  institutionId: auditLog.institutionId,
  userId: auditLog.userId,
  userEmail: users.email,
  userName: users.name,
  ip: auditLog.ip,
  action: auditLog.action,
  entity: auditLog.entity,
  entityId: auditLog.entityId,
  planId: auditLog.planId,
  planName: sql<string | null>`${plans.kind} || ' ' || ${plans.year} || ' · ' || ${plans.title}`,
  unitId: auditLog.unitId,
  unitName: orgUnits.name,
  reason: auditLog.reason,
  before: auditLog.before,
  after: auditLog.after,
};

function select(db: Db, where: SQL | undefined, limit: number, offset = 0): Promise<AuditRow[]> {
  return db
    .select(columns)
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.userId))
    .leftJoin(plans, and(eq(plans.institutionId, auditLog.institutionId), eq(plans.id, auditLog.planId)))
    .leftJoin(
      orgUnits,
      and(eq(orgUnits.institutionId, auditLog.institutionId), eq(orgUnits.id, auditLog.unitId)),
    )
    .where(where)
    .orderBy(desc(auditLog.id))
    .limit(limit)
    .offset(offset);
}

/** One page of entries and how many match in all. */
export async function searchAudit(
  db: Db,
  filter: AuditFilter,
  paging: Paging,
): Promise<{ items: AuditRow[]; total: number }> {
  const where = conditions(filter);
  const [items, [counted]] = await Promise.all([
    select(db, where, paging.pageSize, offsetOf(paging)),
    db.select({ total: sql<number>`count(*)::int` }).from(auditLog).where(where),
  ]);
  return { items, total: counted?.total ?? 0 };
}

/**
 * Every matching entry, newest first, in batches of `batchSize`: keyset on the id, so a large
 * export neither holds the whole log in memory nor slows down as it goes. (Not on `at`: the
 * database keeps microseconds, a JavaScript Date only milliseconds.)
 */
export async function* allAudit(db: Db, filter: AuditFilter, batchSize = 1000): AsyncGenerator<AuditRow> {
  const base = conditions(filter);
  let lastId: number | undefined;
  for (;;) {
    const batch = await select(
      db,
      and(base, lastId === undefined ? undefined : lt(auditLog.id, lastId)),
      batchSize,
    );
    yield* batch;
    const tail = batch.at(-1);
    if (!tail || batch.length < batchSize) return;
    lastId = tail.id;
  }
}
