/**
 * Invitations: how an admin adds a person who is not a member yet. Adding someone never tells
 * the admin whether the e-mail already has an Avance account (an account of another
 * institution is none of their business): every add of a non-member is an invitation, answered
 * the same way, and the person becomes a member only when they accept it, after logging in (an
 * existing account) or through the link with their own password (a new one).
 *
 * This file holds what the invitation use cases share: their words, the validity and joining.
 */
import { audit } from "../../db/audit.js";
import { type InvitationKey, type InvitationRow, takeInvitation } from "../../db/invitations.js";
import { grantMembershipIfNew, membershipIn } from "../../db/memberships.js";
import type { Tx } from "../../db/programming.js";
import type { Actor } from "../../domain/actor.js";
import { AppError, notFound } from "../../domain/errors.js";
import type { Role } from "../../domain/roles.js";

export const invitationMessages = {
  gone: "La invitación no existe o ya no sirve: se aceptó, se rechazó, se revocó o la reemplazó otra más nueva. Pida una nueva al administrador de la institución.",
  accountExists:
    "Este correo ya tiene una cuenta en Avance: inicie sesión con ella y acepte la invitación desde la página de inicio.",
} as const;

/** The 404 of a link that no longer works, whatever the reason (the same for every caller). */
export function invitationGone(): AppError {
  return notFound(invitationMessages.gone, { code: "invitation_gone" });
}

/** An expired invitation is a 409, with its date (UTC day). */
export function refuseExpired(invitation: { expiresAt: Date }): void {
  const { expiresAt } = invitation;
  if (expiresAt.getTime() > Date.now()) return;
  throw new AppError(
    "conflict",
    `La invitación venció el ${expiresAt.toISOString().slice(0, 10)}: pida una nueva al administrador de la institución.`,
    undefined,
    { code: "invitation_expired", params: { date: expiresAt.toISOString().slice(0, 10) } },
  );
}

export type AcceptedMembership = {
  institution: { id: string; name: string; slug: string };
  role: Role;
  unitIds: string[];
};

export type TakenInvitation = { invitation: InvitationRow; unitIds: string[] };

/** Takes a live invitation out of the table: 404 when gone, 409 when expired (rolled back). */
export async function takeLiveInvitation(tx: Tx, key: InvitationKey): Promise<TakenInvitation> {
  const taken = await takeInvitation(tx, key);
  if (!taken) throw invitationGone();
  refuseExpired(taken.invitation);
  return taken;
}

/**
 * Makes the user a member as the invitation says. Someone who became a member meanwhile (by
 * `avance user add`) keeps the role they have: the invitation is used up all the same.
 */
export async function join(
  tx: Tx,
  taken: TakenInvitation,
  user: { id: string; email: string },
  actor: Actor,
): Promise<AcceptedMembership> {
  const { invitation, unitIds } = taken;
  const { institutionId, role } = invitation;
  const granted = await grantMembershipIfNew(tx, institutionId, user.id, role, unitIds);
  await audit(tx, {
    institutionId,
    action: "accept",
    entity: "invitation",
    entityId: invitation.id,
    before: { email: invitation.email, role, unitIds },
    ...actor,
  });
  if (granted) {
    await audit(tx, {
      institutionId,
      action: "grant",
      entity: "membership",
      entityId: user.id,
      after: { email: user.email, role, ...(unitIds.length ? { unitIds } : {}) },
      ...actor,
    });
  }
  const membership = await membershipIn(tx, institutionId, user.id);
  return membership ?? { institution: { id: institutionId, name: "", slug: "" }, role, unitIds: [] };
}
