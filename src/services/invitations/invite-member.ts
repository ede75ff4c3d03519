import { audit } from "../../db/audit.js";
import type { Db } from "../../db/connection.js";
import { type Invitation, isMemberByEmail, shownInvitation, upsertInvitation } from "../../db/invitations.js";
import { INVITATION_DAYS } from "../../domain/accounts.js";
import type { Actor } from "../../domain/actor.js";
import { AppError } from "../../domain/errors.js";
import type { Role } from "../../domain/roles.js";
import { hashToken, newToken } from "../../security/secrets.js";
import { checkUnits } from "../users/member-rules.js";

const DAY_MS = 24 * 60 * 60 * 1000;

/** The 409 of adding someone who is a member already (the admin can list their members anyway). */
function alreadyMemberMessage(email: string): string {
  return `${email} ya es miembro de la institución: cambie su rol en lugar de agregarlo.`;
}

/**
 * Invites `email` with a role (and an editor's units): a new token, valid INVITATION_DAYS,
 * replacing the pending invitation of the same e-mail if there is one (its link stops working).
 * Whether the e-mail has an account is neither looked at nor answered; a member of this
 * institution already is a 409. The link's token is 32 random bytes; only its SHA-256 is stored.
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
    if (await isMemberByEmail(tx, institutionId, email)) {
      throw new AppError("conflict", alreadyMemberMessage(email), "email", {
        code: "already_member",
        params: { email },
      });
    }
    const row = await upsertInvitation(tx, institutionId, email, values, unitIds);
    await audit(tx, {
      institutionId,
      action: "invite",
      entity: "invitation",
      entityId: row.id,
      after: { email, name: row.name, role: row.role, unitIds, expiresAt: row.expiresAt.toISOString() },
      ...actor,
    });
    return shownInvitation(row, unitIds);
  });
  return { invitation, token };
}
