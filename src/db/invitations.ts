/**
 * Invitations, as rows (the rules, and why adding a person is always an invitation, are in
 * services/invitations). A row is a pending invitation: accepting, declining or revoking deletes
 * it (the audit log keeps each step), an expired one stays until it is revoked or replaced.
 * Only the SHA-256 of the link's token is stored.
 */
import { and, asc, count, eq, gt, inArray, type SQL } from "drizzle-orm";
import type { Role } from "../domain/roles.js";
import type { Db } from "./connection.js";
import { offsetOf, type Page, type Paging } from "./pagination.js";
import type { Tx } from "./programming.js";
import { institutions, invitations, invitationUnits, memberships, users } from "./schema.js";

export type Invitation = {
  id: string;
  email: string;
  name: string;
  role: Role;
  unitIds: string[];
  createdAt: Date;
  expiresAt: Date;
};

export type InvitationRow = typeof invitations.$inferSelect;

/** What the invited person sees of an invitation: never who else is invited, nor any account. */
export type InvitationForInvitee = {
  id: string;
  institution: { id: string; name: string };
  email: string;
  name: string;
  role: Role;
  expiresAt: Date;
};

type Reader = Pick<Db, "select">;

async function unitIdsOf(db: Reader, institutionId: string, invitationIds: string[]) {
  const byInvitation = new Map<string, string[]>();
  if (invitationIds.length === 0) return byInvitation;
  const rows = await db
    .select({ invitationId: invitationUnits.invitationId, unitId: invitationUnits.unitId })
    .from(invitationUnits)
    .where(
      and(
        eq(invitationUnits.institutionId, institutionId),
        inArray(invitationUnits.invitationId, invitationIds),
      ),
    )
    .orderBy(asc(invitationUnits.unitId));
  for (const row of rows) {
    byInvitation.set(row.invitationId, [...(byInvitation.get(row.invitationId) ?? []), row.unitId]);
  }
  return byInvitation;
}

export function shownInvitation(row: InvitationRow, unitIds: string[]): Invitation {
  const { id, email, name, role, createdAt, expiresAt } = row;
  return { id, email, name, role, unitIds, createdAt, expiresAt };
}

/** Whether the e-mail's account is a member of the institution. */
export async function isMemberByEmail(db: Reader, institutionId: string, email: string): Promise<boolean> {
  const [member] = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.institutionId, institutionId), eq(users.email, email)))
    .limit(1);
  return member !== undefined;
}

/**
 * Stores the invitation of (institution, e-mail) with its units, replacing the pending one of
 * the same e-mail if there is one. Two admins inviting the same e-mail at once: one row, the
 * later token wins.
 */
export async function upsertInvitation(
  tx: Tx,
  institutionId: string,
  email: string,
  values: {
    name: string;
    role: Role;
    tokenHash: string;
    invitedBy: string | null;
    createdAt: Date;
    expiresAt: Date;
  },
  unitIds: readonly string[],
): Promise<InvitationRow> {
  const [row] = await tx
    .insert(invitations)
    .values({ institutionId, email, ...values })
    .onConflictDoUpdate({ target: [invitations.institutionId, invitations.email], set: values })
    .returning();
  if (!row) throw new Error("invitation neither inserted nor updated");
  await tx
    .delete(invitationUnits)
    .where(and(eq(invitationUnits.institutionId, institutionId), eq(invitationUnits.invitationId, row.id)));
  if (unitIds.length > 0) {
    await tx
      .insert(invitationUnits)
      .values(unitIds.map((unitId) => ({ institutionId, invitationId: row.id, unitId })));
  }
  return row;
}

/** The institution's pending invitations (expired ones too), by e-mail. */
export async function listInvitations(
  db: Db,
  institutionId: string,
  paging: Paging,
): Promise<Page<Invitation>> {
  const where = eq(invitations.institutionId, institutionId);
  const [total] = await db.select({ n: count() }).from(invitations).where(where);
  const rows = await db
    .select()
    .from(invitations)
    .where(where)
    .orderBy(asc(invitations.email))
    .limit(paging.pageSize)
    .offset(offsetOf(paging));
  const units = await unitIdsOf(
    db,
    institutionId,
    rows.map((row) => row.id),
  );
  return {
    items: rows.map((row) => shownInvitation(row, units.get(row.id) ?? [])),
    total: total?.n ?? 0,
    ...paging,
  };
}

/** Deletes the institution's invitation; the row it was, or undefined. */
export async function deleteInvitation(
  tx: Tx,
  institutionId: string,
  invitationId: string,
): Promise<InvitationRow | undefined> {
  const [gone] = await tx
    .delete(invitations)
    .where(and(eq(invitations.institutionId, institutionId), eq(invitations.id, invitationId)))
    .returning();
  return gone;
}

const forInvitee = {
  institutionId: invitations.institutionId,
  id: invitations.id,
  email: invitations.email,
  name: invitations.name,
  role: invitations.role,
  expiresAt: invitations.expiresAt,
  institutionName: institutions.name,
};

type InviteeRow = Pick<Invitation, "id" | "email" | "name" | "role" | "expiresAt"> & {
  institutionId: string;
  institutionName: string;
};

function invitee(row: InviteeRow): InvitationForInvitee {
  const { id, institutionId, institutionName, email, name, role, expiresAt } = row;
  return { id, institution: { id: institutionId, name: institutionName }, email, name, role, expiresAt };
}

/** The invitation of a link's token (by its hash), expired or not. */
export async function findInvitationByTokenHash(
  db: Reader,
  tokenHash: string,
): Promise<InvitationForInvitee | undefined> {
  const [row] = await db
    .select(forInvitee)
    .from(invitations)
    .innerJoin(institutions, eq(institutions.id, invitations.institutionId))
    .where(eq(invitations.tokenHash, tokenHash))
    .limit(1);
  return row ? invitee(row) : undefined;
}

/** The unexpired invitations addressed to an account's e-mail, shown at login and by `/me`. */
export async function pendingInvitationsFor(db: Reader, email: string): Promise<InvitationForInvitee[]> {
  const rows = await db
    .select(forInvitee)
    .from(invitations)
    .innerJoin(institutions, eq(institutions.id, invitations.institutionId))
    .where(and(eq(invitations.email, email), gt(invitations.expiresAt, new Date())))
    .orderBy(asc(institutions.name));
  return rows.map(invitee);
}

/** Which invitation: by its link's token (hash), or by id when addressed to an e-mail. */
export type InvitationKey = { tokenHash: string } | { id: string; email: string };

function whereKey(key: InvitationKey): SQL | undefined {
  return "tokenHash" in key
    ? eq(invitations.tokenHash, key.tokenHash)
    : and(eq(invitations.id, key.id), eq(invitations.email, key.email));
}

/**
 * Locks and deletes the invitation, returning it with the units it carried (undefined: none).
 * Two takes of one invitation queue on the lock, and the second finds it gone; the caller's
 * transaction rolling back puts it back.
 */
export async function takeInvitation(
  tx: Tx,
  key: InvitationKey,
): Promise<{ invitation: InvitationRow; unitIds: string[] } | undefined> {
  const [row] = await tx.select().from(invitations).where(whereKey(key)).limit(1).for("update");
  if (!row) return undefined;
  const unitIds = (await unitIdsOf(tx, row.institutionId, [row.id])).get(row.id) ?? [];
  await tx
    .delete(invitations)
    .where(and(eq(invitations.institutionId, row.institutionId), eq(invitations.id, row.id)));
  return { invitation: row, unitIds };
}

/** Deletes the invitation addressed to the e-mail; the row it was, or undefined. */
export async function deleteInvitationAddressedTo(
  tx: Tx,
  key: { id: string; email: string },
): Promise<InvitationRow | undefined> {
  const [gone] = await tx.delete(invitations).where(whereKey(key)).returning();
  return gone;
}
