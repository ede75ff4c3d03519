/**
 * Memberships (one role per institution) and an editor's units, as rows; the rules (an
 * institution always keeps one admin, editors need units) are in services/users.
 */
import { and, asc, count, eq, inArray } from "drizzle-orm";
import type { Role } from "../domain/roles.js";
import type { Db } from "./connection.js";
import { offsetOf, type Page, type Paging } from "./pagination.js";
import type { Tx } from "./programming.js";
import { institutions, memberships, membershipUnits, orgUnits, users } from "./schema.js";

export type Member = {
  id: string;
  email: string;
  name: string;
  active: boolean;
  role: Role;
  unitIds: string[];
  since: Date;
};

type Reader = Pick<Db, "select">;

async function unitIdsOf(db: Reader, institutionId: string, userIds: string[]) {
  const byUser = new Map<string, string[]>();
  if (userIds.length === 0) return byUser;
  const rows = await db
    .select({ userId: membershipUnits.userId, unitId: membershipUnits.unitId })
    .from(membershipUnits)
    .where(and(eq(membershipUnits.institutionId, institutionId), inArray(membershipUnits.userId, userIds)))
    .orderBy(asc(membershipUnits.unitId));
  for (const row of rows) byUser.set(row.userId, [...(byUser.get(row.userId) ?? []), row.unitId]);
  return byUser;
}

const memberColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  active: users.active,
  role: memberships.role,
  since: memberships.createdAt,
};

export async function listMembers(db: Db, institutionId: string, paging: Paging): Promise<Page<Member>> {
  const where = eq(memberships.institutionId, institutionId);
  const [total] = await db.select({ n: count() }).from(memberships).where(where);
  const rows = await db
    .select(memberColumns)
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(where)
    .orderBy(asc(users.email))
    .limit(paging.pageSize)
    .offset(offsetOf(paging));
  const units = await unitIdsOf(
    db,
    institutionId,
    rows.map((row) => row.id),
  );
  return {
    items: rows.map((row) => ({ ...row, unitIds: units.get(row.id) ?? [] })),
    total: total?.n ?? 0,
    ...paging,
  };
}

/** The member (institution, user id), or undefined. */
export async function findMember(
  db: Reader,
  institutionId: string,
  userId: string,
): Promise<Member | undefined> {
  const [row] = await db
    .select(memberColumns)
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.institutionId, institutionId), eq(memberships.userId, userId)))
    .limit(1);
  if (!row) return undefined;
  return { ...row, unitIds: (await unitIdsOf(db, institutionId, [userId])).get(userId) ?? [] };
}

/** Which of `unitIds` (UUIDs) are units of the institution. */
export async function existingUnitIds(
  db: Reader,
  institutionId: string,
  unitIds: readonly string[],
): Promise<Set<string>> {
  if (unitIds.length === 0) return new Set();
  const found = await db
    .select({ id: orgUnits.id })
    .from(orgUnits)
    .where(and(eq(orgUnits.institutionId, institutionId), inArray(orgUnits.id, [...unitIds])));
  return new Set(found.map((row) => row.id));
}

/** How many admins the institution has, their rows locked until the transaction ends. */
export async function lockAdmins(tx: Tx, institutionId: string): Promise<number> {
  const admins = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.institutionId, institutionId), eq(memberships.role, "admin")))
    .for("update");
  return admins.length;
}

/** Sets the member's role and replaces their units. */
export async function setMemberRole(
  tx: Tx,
  institutionId: string,
  userId: string,
  role: Role,
  unitIds: readonly string[],
): Promise<void> {
  await tx
    .update(memberships)
    .set({ role })
    .where(and(eq(memberships.institutionId, institutionId), eq(memberships.userId, userId)));
  await tx
    .delete(membershipUnits)
    .where(and(eq(membershipUnits.institutionId, institutionId), eq(membershipUnits.userId, userId)));
  if (unitIds.length > 0) {
    await tx.insert(membershipUnits).values(unitIds.map((unitId) => ({ institutionId, userId, unitId })));
  }
}

/** Removes the membership (its units go with it). */
export async function deleteMembership(tx: Tx, institutionId: string, userId: string): Promise<void> {
  await tx
    .delete(memberships)
    .where(and(eq(memberships.institutionId, institutionId), eq(memberships.userId, userId)));
}

/**
 * Makes the user a member with the role and units unless they are one already; true when the
 * membership is new (a member keeps the role they have).
 */
export async function grantMembershipIfNew(
  tx: Tx,
  institutionId: string,
  userId: string,
  role: Role,
  unitIds: readonly string[],
): Promise<boolean> {
  const granted = await tx
    .insert(memberships)
    .values({ institutionId, userId, role })
    .onConflictDoNothing()
    .returning();
  if (granted.length > 0 && unitIds.length > 0) {
    await tx.insert(membershipUnits).values(unitIds.map((unitId) => ({ institutionId, userId, unitId })));
  }
  return granted.length > 0;
}

/** The user's membership of one institution, with the institution's name and slug. */
export async function membershipIn(
  db: Reader,
  institutionId: string,
  userId: string,
): Promise<
  { institution: { id: string; name: string; slug: string }; role: Role; unitIds: string[] } | undefined
> {
  const [membership] = await db
    .select({ role: memberships.role, name: institutions.name, slug: institutions.slug })
    .from(memberships)
    .innerJoin(institutions, eq(institutions.id, memberships.institutionId))
    .where(and(eq(memberships.institutionId, institutionId), eq(memberships.userId, userId)));
  if (!membership) return undefined;
  const units = (await unitIdsOf(db, institutionId, [userId])).get(userId) ?? [];
  return {
    institution: { id: institutionId, name: membership.name, slug: membership.slug },
    role: membership.role,
    unitIds: units,
  };
}
