/** User accounts and their memberships, as rows (the rules are in services/users). */
import { count, eq } from "drizzle-orm";
import type { Role } from "../domain/roles.js";
import type { Db } from "./connection.js";
import { memberships, membershipUnits, users } from "./schema.js";

type Tx = Pick<Db, "insert" | "update" | "select">;

export type User = typeof users.$inferSelect;

export async function countUsers(db: Pick<Db, "select">): Promise<number> {
  const [row] = await db.select({ n: count() }).from(users);
  return row?.n ?? 0;
}

export async function findUserByEmail(db: Pick<Db, "select">, email: string): Promise<User | undefined> {
  const [user] = await db.select().from(users).where(eq(users.email, email)).limit(1);
  return user;
}

export async function findUserById(db: Pick<Db, "select">, userId: string): Promise<User | undefined> {
  const [user] = await db.select().from(users).where(eq(users.id, userId)).limit(1);
  return user;
}

/** The institutions the user is a member of. */
export async function institutionIdsOf(db: Pick<Db, "select">, userId: string): Promise<string[]> {
  const rows = await db
    .select({ institutionId: memberships.institutionId })
    .from(memberships)
    .where(eq(memberships.userId, userId));
  return rows.map((row) => row.institutionId);
}

export async function passwordHashOf(db: Pick<Db, "select">, userId: string): Promise<string | null> {
  const [user] = await db
    .select({ passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  return user?.passwordHash ?? null;
}

export async function setPasswordHash(tx: Tx, userId: string, passwordHash: string): Promise<void> {
  await tx.update(users).set({ passwordHash }).where(eq(users.id, userId));
}

/** Inserts the user unless the e-mail has one already: undefined then. */
export async function insertUserIfNew(
  tx: Tx,
  values: { email: string; name: string; passwordHash: string; superAdmin?: boolean },
): Promise<User | undefined> {
  const [inserted] = await tx
    .insert(users)
    .values(values)
    .onConflictDoNothing({ target: users.email })
    .returning();
  return inserted;
}

export async function makeSuperAdmin(tx: Tx, userId: string): Promise<void> {
  await tx.update(users).set({ superAdmin: true }).where(eq(users.id, userId));
}

/** Gives the user the role in the institution, a member already or not. */
export async function upsertMembership(
  tx: Tx,
  institutionId: string,
  userId: string,
  role: Role,
): Promise<void> {
  await tx
    .insert(memberships)
    .values({ institutionId, userId, role })
    .onConflictDoUpdate({ target: [memberships.institutionId, memberships.userId], set: { role } });
}

/** Adds units to a membership; ones it has already stay once. */
export async function addMembershipUnits(
  tx: Tx,
  institutionId: string,
  userId: string,
  unitIds: readonly string[],
): Promise<void> {
  if (unitIds.length === 0) return;
  await tx
    .insert(membershipUnits)
    .values(unitIds.map((unitId) => ({ institutionId, userId, unitId })))
    .onConflictDoNothing();
}
