/**
 * Server-side sessions. The cookie holds a random token; the `sessions` table holds only its
 * SHA-256 (hashed by the use cases, services/auth), so a copy of the database does not yield
 * live sessions.
 *
 * Lifetimes: a session ends after SESSION_IDLE_MS without requests (12 h: a working day, so a
 * computer left on overnight is logged out) or SESSION_ABSOLUTE_MS after login (30 days), which
 * ever comes first. `last_seen_at` is written at most once per SESSION_TOUCH_MS (1 min), so the
 * idle limit is exact to the minute and a busy user costs one write per minute, not per request.
 */
import { and, asc, eq, lt, ne, or, sql } from "drizzle-orm";
import type { Role } from "../domain/roles.js";
import type { Db } from "./connection.js";
import { perDatabase } from "./prepared.js";
import { institutions, memberships, membershipUnits, sessions, users } from "./schema.js";

export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 30 * 24 * 60 * 60 * 1000;
export const SESSION_TOUCH_MS = 60 * 1000;

type Tx = Pick<Db, "insert" | "delete" | "update" | "select">;

/** The user fields a request's authentication needs, for selects that join `users`. */
export const sessionUserColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  superAdmin: users.superAdmin,
  active: users.active,
};

export type SessionUser = Pick<typeof users.$inferSelect, "id" | "email" | "name" | "superAdmin" | "active">;

/** One membership of a user with one of its units (none: `unitId` null), in institution order. */
export type MembershipRow = {
  institutionId: string;
  name: string;
  slug: string;
  role: Role;
  unitId: string | null;
};

/**
 * The user's memberships, read in the same query as the credential: every authenticated
 * request needs them, and one round trip less is a tenth of a cached report read.
 */
export const membershipRows = sql<MembershipRow[]>`(select coalesce(json_agg(json_build_object(
    'institutionId', m.institution_id, 'name', i.name, 'slug', i.slug, 'role', m.role, 'unitId', mu.unit_id)
    order by i.name, m.institution_id), '[]'::json)
  from memberships m join institutions i on i.id = m.institution_id
  left join membership_units mu on mu.institution_id = m.institution_id and mu.user_id = m.user_id
  where m.user_id = ${users.id})`;

export type FoundSession = {
  tokenHash: string;
  expiresAt: Date;
  lastSeenAt: Date;
  user: SessionUser;
  memberships: MembershipRow[];
};

/** Stores a session under its token's hash (the token itself, for the cookie, is never stored). */
export async function createSession(
  tx: Tx,
  input: { tokenHash: string; userId: string; ip?: string; userAgent?: string },
  now = new Date(),
): Promise<{ expiresAt: Date }> {
  const { tokenHash } = input;
  const expiresAt = new Date(now.getTime() + SESSION_ABSOLUTE_MS);
  await tx.insert(sessions).values({
    tokenHash,
    userId: input.userId,
    createdAt: now,
    lastSeenAt: now,
    expiresAt,
    ip: input.ip ?? null,
    userAgent: input.userAgent?.slice(0, 500) ?? null,
  });
  return { expiresAt };
}

const sessionLookup = perDatabase((db) =>
  db
    .select({
      expiresAt: sessions.expiresAt,
      lastSeenAt: sessions.lastSeenAt,
      user: sessionUserColumns,
      memberships: membershipRows,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.tokenHash, sql.placeholder("tokenHash")))
    .limit(1)
    .prepare("find_session"),
);

/**
 * The live session of a token's hash with its user, or undefined when there is none, it expired
 * (absolute or idle; an expired row is deleted on the way) or its user is deactivated.
 */
export async function findSession(
  db: Db,
  tokenHash: string,
  now = new Date(),
): Promise<FoundSession | undefined> {
  const [row] = await sessionLookup(db).execute({ tokenHash });
  if (!row) return undefined;
  if (isExpired(row, now)) {
    await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
    return undefined;
  }
  if (!row.user.active) return undefined;
  return { tokenHash, ...row };
}

function isExpired(row: { expiresAt: Date; lastSeenAt: Date }, now: Date): boolean {
  return (
    row.expiresAt.getTime() <= now.getTime() || now.getTime() - row.lastSeenAt.getTime() >= SESSION_IDLE_MS
  );
}

/** Records activity, at most once a minute per session. */
export async function touchSession(db: Db, session: FoundSession, now = new Date()): Promise<void> {
  if (now.getTime() - session.lastSeenAt.getTime() < SESSION_TOUCH_MS) return;
  await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.tokenHash, session.tokenHash));
}

/** One query: the user's memberships with their institution and units, in institution order. */
export function membershipsOf(db: Pick<Db, "select">, userId: string): Promise<MembershipRow[]> {
  return db
    .select({
      institutionId: memberships.institutionId,
      name: institutions.name,
      slug: institutions.slug,
      role: memberships.role,
      unitId: membershipUnits.unitId,
    })
    .from(memberships)
    .innerJoin(institutions, eq(institutions.id, memberships.institutionId))
    .leftJoin(
      membershipUnits,
      and(
        eq(membershipUnits.institutionId, memberships.institutionId),
        eq(membershipUnits.userId, memberships.userId),
      ),
    )
    .where(eq(memberships.userId, userId))
    .orderBy(asc(institutions.name), asc(memberships.institutionId));
}

/** Deletes one session; true when it existed. */
export async function deleteSession(tx: Tx, tokenHash: string): Promise<boolean> {
  const deleted = await tx
    .delete(sessions)
    .where(eq(sessions.tokenHash, tokenHash))
    .returning({ tokenHash: sessions.tokenHash });
  return deleted.length > 0;
}

/** Deletes every session of a user, but `exceptTokenHash` when given; returns how many. */
export async function deleteUserSessions(tx: Tx, userId: string, exceptTokenHash?: string): Promise<number> {
  const deleted = await tx
    .delete(sessions)
    .where(
      exceptTokenHash
        ? and(eq(sessions.userId, userId), ne(sessions.tokenHash, exceptTokenHash))
        : eq(sessions.userId, userId),
    )
    .returning({ tokenHash: sessions.tokenHash });
  return deleted.length;
}

/** Housekeeping at login: the user's expired sessions go (the table does not grow forever). */
export async function deleteExpiredSessions(tx: Tx, userId: string, now = new Date()): Promise<void> {
  await tx
    .delete(sessions)
    .where(
      and(
        eq(sessions.userId, userId),
        or(lt(sessions.expiresAt, now), lt(sessions.lastSeenAt, new Date(now.getTime() - SESSION_IDLE_MS))),
      ),
    );
}
