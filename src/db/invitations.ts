/**
 * Invitations: how an admin adds a person who is not a member yet. Adding someone never tells
 * the admin whether the e-mail already has an Avance account (an account of another
 * institution is none of their business): every add of a non-member is an invitation, answered
 * the same way, and the person becomes a member only when they accept it, after logging in (an
 * existing account) or through the link with their own password (a new one).
 *
 * The link's token is 32 random bytes; only its SHA-256 is stored. A row is a pending
 * invitation: accepting, declining or revoking deletes it (the audit log keeps each step), an
 * expired one stays until it is revoked or replaced, so the admin sees it expired.
 */
import { and, asc, count, eq, gt, inArray, type SQL } from "drizzle-orm";
import type { Actor } from "../domain/actor.js";
import { AppError, notFound } from "../domain/errors.js";
import { isUuid } from "../domain/ids.js";
import type { Role } from "../domain/roles.js";
import { hashToken, newToken } from "../security/secrets.js";
import { audit } from "./audit.js";
import type { Db } from "./connection.js";
import { checkUnits } from "./memberships.js";
import { offsetOf, type Page, type Paging } from "./pagination.js";
import type { Tx } from "./programming.js";
import { institutions, invitations, invitationUnits, memberships, membershipUnits, users } from "./schema.js";

/** A week: long enough to reach someone on leave for a few days, short enough for a forgotten link. */
export const INVITATION_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;

export const invitationMessages = {
  gone: "La invitación no existe o ya no sirve: se aceptó, se rechazó, se revocó o la reemplazó otra más nueva. Pida una nueva al administrador de la institución.",
  accountExists:
    "Este correo ya tiene una cuenta en Avance: inicie sesión con ella y acepte la invitación desde la página de inicio.",
} as const;

/** The 409 of an expired invitation, with its date (UTC day). */
export function expiredMessage(expiresAt: Date): string {
  return `La invitación venció el ${expiresAt.toISOString().slice(0, 10)}: pida una nueva al administrador de la institución.`;
}

/** The 409 of adding someone who is a member already (the admin can list their members anyway). */
export function alreadyMemberMessage(email: string): string {
  return `${email} ya es miembro de la institución: cambie su rol en lugar de agregarlo.`;
}

export type Invitation = {
  id: string;
  email: string;
  name: string;
  role: Role;
  unitIds: string[];
  createdAt: Date;
  expiresAt: Date;
};

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

const columns = {
  institutionId: invitations.institutionId,
  id: invitations.id,
  email: invitations.email,
  name: invitations.name,
  role: invitations.role,
  createdAt: invitations.createdAt,
  expiresAt: invitations.expiresAt,
};

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

function shown(row: typeof invitations.$inferSelect, unitIds: string[]): Invitation {
  const { id, email, name, role, createdAt, expiresAt } = row;
  return { id, email, name, role, unitIds, createdAt, expiresAt };
}

/**
 * Invites `email` with a role (and an editor's units): a new token, valid INVITATION_DAYS,
 * replacing the pending invitation of the same e-mail if there is one (its link stops working).
 * Whether the e-mail has an account is neither looked at nor answered; a member of this
 * institution already is a 409.
 */
export async function inviteMember(
  db: Db,
  institutionId: string,
  input: { email: string; name?: string; role: Role; unitIds?: string[] },
  actor: Actor,
): Promise<{ invitation: Invitation; token: string }> {
  const email = input.email.trim().toLowerCase();
  const unitIds = [...new Set(input.unitIds ?? [])].sort();
  await checkUnits(db, institutionId, input.role, unitIds);
  const token = newToken();
  const values = {
    name: input.name ?? "",
    role: input.role,
    tokenHash: hashToken(token),
    invitedBy: actor.userId ?? null,
    createdAt: new Date(),
    expiresAt: new Date(Date.now() + INVITATION_DAYS * DAY_MS),
  };
  const invitation = await db.transaction(async (tx) => {
    const [member] = await tx
      .select({ userId: memberships.userId })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.institutionId, institutionId), eq(users.email, email)))
      .limit(1);
    if (member) throw new AppError("conflict", alreadyMemberMessage(email), "email");
    // Two admins inviting the same e-mail at once: one row, the later token wins.
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
    await audit(tx, {
      institutionId,
      action: "invite",
      entity: "invitation",
      entityId: row.id,
      after: { email, name: row.name, role: row.role, unitIds, expiresAt: row.expiresAt.toISOString() },
      ...actor,
    });
    return shown(row, unitIds);
  });
  return { invitation, token };
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
    items: rows.map((row) => shown(row, units.get(row.id) ?? [])),
    total: total?.n ?? 0,
    ...paging,
  };
}

/** Revokes a pending invitation: its link stops working. 404 for one of another institution. */
export async function revokeInvitation(
  db: Db,
  institutionId: string,
  invitationId: string,
  actor: Actor,
): Promise<void> {
  if (!isUuid(invitationId)) throw notFound();
  await db.transaction(async (tx) => {
    const [gone] = await tx
      .delete(invitations)
      .where(and(eq(invitations.institutionId, institutionId), eq(invitations.id, invitationId)))
      .returning();
    if (!gone) throw notFound();
    await audit(tx, {
      institutionId,
      action: "delete",
      entity: "invitation",
      entityId: gone.id,
      before: { email: gone.email, role: gone.role },
      ...actor,
    });
  });
}

const forInvitee = { ...columns, institutionName: institutions.name };

type InviteeRow = Pick<Invitation, "id" | "email" | "name" | "role" | "expiresAt"> & {
  institutionId: string;
  institutionName: string;
};

function invitee(row: InviteeRow): InvitationForInvitee {
  const { id, institutionId, institutionName, email, name, role, expiresAt } = row;
  return { id, institution: { id: institutionId, name: institutionName }, email, name, role, expiresAt };
}

/** The invitation of a link's token: 404 if it does not (or no longer) exist, 409 if expired. */
export async function invitationOfToken(db: Reader, token: string): Promise<InvitationForInvitee> {
  const [row] = await db
    .select(forInvitee)
    .from(invitations)
    .innerJoin(institutions, eq(institutions.id, invitations.institutionId))
    .where(eq(invitations.tokenHash, hashToken(token)))
    .limit(1);
  if (!row) throw notFound(invitationMessages.gone);
  if (row.expiresAt.getTime() <= Date.now()) throw new AppError("conflict", expiredMessage(row.expiresAt));
  return invitee(row);
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

export type AcceptedMembership = {
  institution: { id: string; name: string; slug: string };
  role: Role;
  unitIds: string[];
};

/**
 * Locks and removes the invitation, with the units it carried. Two accepts of one invitation
 * queue on the lock, and the second finds it gone; anything refused later rolls it back.
 */
async function takeInvitation(tx: Tx, where: SQL | undefined) {
  const [row] = await tx.select().from(invitations).where(where).limit(1).for("update");
  if (!row) throw notFound(invitationMessages.gone);
  if (row.expiresAt.getTime() <= Date.now()) throw new AppError("conflict", expiredMessage(row.expiresAt));
  const unitIds = (await unitIdsOf(tx, row.institutionId, [row.id])).get(row.id) ?? [];
  await tx
    .delete(invitations)
    .where(and(eq(invitations.institutionId, row.institutionId), eq(invitations.id, row.id)));
  return { invitation: row, unitIds };
}

/**
 * Makes the user a member as the invitation says. Someone who became a member meanwhile (by
 * `avance user add`) keeps the role they have: the invitation is used up all the same.
 */
async function join(
  tx: Tx,
  taken: Awaited<ReturnType<typeof takeInvitation>>,
  user: { id: string; email: string },
  actor: Actor,
): Promise<AcceptedMembership> {
  const { invitation, unitIds } = taken;
  const { institutionId, role } = invitation;
  const granted = await tx
    .insert(memberships)
    .values({ institutionId, userId: user.id, role })
    .onConflictDoNothing()
    .returning();
  if (granted.length > 0 && unitIds.length > 0) {
    await tx
      .insert(membershipUnits)
      .values(unitIds.map((unitId) => ({ institutionId, userId: user.id, unitId })));
  }
  await audit(tx, {
    institutionId,
    action: "accept",
    entity: "invitation",
    entityId: invitation.id,
    before: { email: invitation.email, role, unitIds },
    ...actor,
  });
  if (granted.length > 0) {
    await audit(tx, {
      institutionId,
      action: "grant",
      entity: "membership",
      entityId: user.id,
      after: { email: user.email, role, ...(unitIds.length ? { unitIds } : {}) },
      ...actor,
    });
  }
  const [membership] = await tx
    .select({ role: memberships.role, name: institutions.name, slug: institutions.slug })
    .from(memberships)
    .innerJoin(institutions, eq(institutions.id, memberships.institutionId))
    .where(and(eq(memberships.institutionId, institutionId), eq(memberships.userId, user.id)));
  const units = await tx
    .select({ unitId: membershipUnits.unitId })
    .from(membershipUnits)
    .where(and(eq(membershipUnits.institutionId, institutionId), eq(membershipUnits.userId, user.id)))
    .orderBy(asc(membershipUnits.unitId));
  return {
    institution: { id: institutionId, name: membership?.name ?? "", slug: membership?.slug ?? "" },
    role: membership?.role ?? role,
    unitIds: units.map((unit) => unit.unitId),
  };
}

/** The invitation addressed to this account's e-mail, by id (anybody else's: the same 404). */
function addressedTo(invitationId: string, email: string) {
  if (!isUuid(invitationId)) throw notFound(invitationMessages.gone);
  return and(eq(invitations.id, invitationId), eq(invitations.email, email));
}

/** A logged-in person accepts an invitation to their e-mail. */
export async function acceptInvitation(
  db: Db,
  invitationId: string,
  user: { id: string; email: string },
  actor: Actor,
): Promise<AcceptedMembership> {
  const where = addressedTo(invitationId, user.email);
  return db.transaction(async (tx) => join(tx, await takeInvitation(tx, where), user, actor));
}

/** A logged-in person declines an invitation to their e-mail (expired or not). */
export async function declineInvitation(
  db: Db,
  invitationId: string,
  user: { email: string },
  actor: Actor,
): Promise<void> {
  const where = addressedTo(invitationId, user.email);
  await db.transaction(async (tx) => {
    const [gone] = await tx.delete(invitations).where(where).returning();
    if (!gone) throw notFound(invitationMessages.gone);
    await audit(tx, {
      institutionId: gone.institutionId,
      action: "decline",
      entity: "invitation",
      entityId: gone.id,
      before: { email: gone.email, role: gone.role },
      ...actor,
    });
  });
}

/**
 * The link's holder, with no account yet, creates it (name, their own password: already
 * hashed) and accepts: one transaction. An e-mail that has an account is a 409 asking to log in
 * with it: the password of an existing account is never set through a link.
 */
export async function acceptInvitationWithNewAccount(
  db: Db,
  input: { token: string; name: string; passwordHash: string },
  actor: Actor,
): Promise<{ user: { id: string; email: string; name: string }; membership: AcceptedMembership }> {
  return db.transaction(async (tx) => {
    const taken = await takeInvitation(tx, eq(invitations.tokenHash, hashToken(input.token)));
    const { email } = taken.invitation;
    const [created] = await tx
      .insert(users)
      .values({ email, name: input.name, passwordHash: input.passwordHash })
      .onConflictDoNothing({ target: users.email })
      .returning({ id: users.id, email: users.email, name: users.name });
    if (!created) throw new AppError("conflict", invitationMessages.accountExists);
    const by = { ip: actor.ip, userId: created.id };
    await audit(tx, {
      action: "create",
      entity: "user",
      entityId: created.id,
      after: { email, superAdmin: false },
      ...by,
    });
    return { user: created, membership: await join(tx, taken, created, by) };
  });
}
