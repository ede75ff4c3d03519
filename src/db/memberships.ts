/**
 * The users of an institution: memberships (one role per institution) and an editor's units.
 * A person joins by invitation (invitations.ts), never directly through the API.
 * Removing a membership ends nothing else: the user, their sessions and their other
 * memberships stay. An institution always keeps one admin: the last one cannot be removed or
 * given another role (409).
 */
import { and, asc, count, eq, inArray } from "drizzle-orm";
import type { Actor } from "../domain/actor.js";
import { AppError, notFound } from "../domain/errors.js";
import { isUuid } from "../domain/ids.js";
import type { Role } from "../domain/roles.js";
import { audit } from "./audit.js";
import type { Db } from "./connection.js";
import { offsetOf, type Page, type Paging } from "./pagination.js";
import type { Tx } from "./programming.js";
import { memberships, membershipUnits, orgUnits, users } from "./schema.js";

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

/** The member (institution, user id), or the same 404 as a user of another institution. */
export async function requireMemberRow(db: Reader, institutionId: string, userId: string): Promise<Member> {
  if (!isUuid(userId)) throw notFound();
  const [row] = await db
    .select(memberColumns)
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.institutionId, institutionId), eq(memberships.userId, userId)))
    .limit(1);
  if (!row) throw notFound();
  return { ...row, unitIds: (await unitIdsOf(db, institutionId, [userId])).get(userId) ?? [] };
}

/** Editors need at least one unit of the institution; the other roles have none. */
export async function checkUnits(db: Reader, institutionId: string, role: Role, unitIds: readonly string[]) {
  if (role !== "editor") {
    if (unitIds.length > 0) {
      throw new AppError("validation", `Solo el rol editor tiene unidades; el rol ${role} no.`, "unitIds");
    }
    return;
  }
  if (unitIds.length === 0) {
    throw new AppError("validation", "Indique al menos una unidad para el rol editor.", "unitIds");
  }
  const wanted = [...new Set(unitIds)];
  const found = wanted.every(isUuid)
    ? await db
        .select({ id: orgUnits.id })
        .from(orgUnits)
        .where(and(eq(orgUnits.institutionId, institutionId), inArray(orgUnits.id, wanted)))
    : [];
  const known = new Set(found.map((row) => row.id));
  const missing = wanted.find((id) => !known.has(id));
  if (missing) {
    throw new AppError("validation", `La unidad «${missing}» no existe en esta institución.`, "unitIds");
  }
}

/** Refuses to leave the institution without an admin. */
async function keepAnAdmin(tx: Tx, institutionId: string, member: Member, nextRole: Role | null) {
  if (member.role !== "admin" || nextRole === "admin") return;
  const admins = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.institutionId, institutionId), eq(memberships.role, "admin")))
    .for("update");
  if (admins.length <= 1) {
    throw new AppError(
      "conflict",
      nextRole
        ? "Es el último administrador de la institución: nombre otro administrador antes de cambiarle el rol."
        : "Es el último administrador de la institución: nombre otro administrador antes de quitarlo.",
      nextRole ? "role" : undefined,
    );
  }
}

/** Changes a member's role and, for editors, their units. */
export async function updateMember(
  db: Db,
  institutionId: string,
  userId: string,
  patch: { role?: Role; unitIds?: string[] },
  actor: Actor,
): Promise<Member> {
  await db.transaction(async (tx) => {
    const before = await requireMemberRow(tx, institutionId, userId);
    const role = patch.role ?? before.role;
    const unitIds = patch.unitIds ?? (role === "editor" ? before.unitIds : []);
    await checkUnits(tx, institutionId, role, unitIds);
    await keepAnAdmin(tx, institutionId, before, role);
    await tx
      .update(memberships)
      .set({ role })
      .where(and(eq(memberships.institutionId, institutionId), eq(memberships.userId, userId)));
    await tx
      .delete(membershipUnits)
      .where(and(eq(membershipUnits.institutionId, institutionId), eq(membershipUnits.userId, userId)));
    if (unitIds.length > 0) {
      await tx
        .insert(membershipUnits)
        .values([...new Set(unitIds)].map((unitId) => ({ institutionId, userId, unitId })));
    }
    await audit(tx, {
      institutionId,
      action: "update",
      entity: "membership",
      entityId: userId,
      before: { email: before.email, role: before.role, unitIds: before.unitIds },
      after: { email: before.email, role, unitIds: [...new Set(unitIds)].sort() },
      ...actor,
    });
  });
  return requireMemberRow(db, institutionId, userId);
}

/** Removes the membership (and its units); the user account stays. */
export async function removeMember(
  db: Db,
  institutionId: string,
  userId: string,
  actor: Actor,
): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await requireMemberRow(tx, institutionId, userId);
    await keepAnAdmin(tx, institutionId, before, null);
    await tx
      .delete(memberships)
      .where(and(eq(memberships.institutionId, institutionId), eq(memberships.userId, userId)));
    await audit(tx, {
      institutionId,
      action: "revoke",
      entity: "membership",
      entityId: userId,
      before: { email: before.email, role: before.role, unitIds: before.unitIds },
      ...actor,
    });
  });
}
