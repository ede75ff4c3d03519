import { deleteUserApiTokens } from "../../db/api-tokens.js";
import { audit } from "../../db/audit.js";
import type { Db } from "../../db/connection.js";
import { deleteUserSessions } from "../../db/sessions.js";
import { findUserById, institutionIdsOf, setPasswordHash } from "../../db/users.js";
import type { Actor } from "../../domain/actor.js";
import { AppError } from "../../domain/errors.js";
import { generatePassword, hashPassword } from "../../security/passwords.js";
import type { LoginAttempts } from "../auth/login-attempts.js";
import { requireMember } from "./member-rules.js";

const messages = {
  self: "No puede restablecer su propia contraseña: cámbiela en «Mi cuenta» con la actual.",
  superAdmin: "Solo un super-admin puede restablecer la contraseña de un super-admin.",
  otherInstitution: (who: string) =>
    `${who} también es miembro de otra institución: solo un super-admin puede restablecer su contraseña.`,
} as const;

/** Who resets: a super-admin, or an admin of these institutions. */
export type Resetter = Actor & { userId: string; superAdmin: boolean; adminOf: readonly string[] };

/**
 * A member forgot their password: the institution's admin (or a super-admin) gives them a new
 * one, generated here and returned this once. Every session and API token of the user ends,
 * and the login limiter forgets the account's failed attempts (a locked-out person is the usual
 * reason). An admin's reach is their institutions: a super-admin, or someone who is also a
 * member elsewhere, is the super-admin's to reset — else an admin of one institution could take
 * over an account of another.
 */
export async function resetPassword(
  db: Db,
  actor: Resetter,
  input: { institutionId: string; userId: string },
  attempts: LoginAttempts,
): Promise<{ password: string }> {
  const { institutionId, userId } = input;
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  const email = await db.transaction(async (tx) => {
    const member = await requireMember(tx, institutionId, userId);
    if (userId === actor.userId) {
      throw new AppError("conflict", messages.self, undefined, { code: "password_reset_self" });
    }
    if (!actor.superAdmin) {
      const user = await findUserById(tx, userId);
      if (user?.superAdmin) {
        throw new AppError("forbidden", messages.superAdmin, undefined, {
          code: "password_reset_super_admin",
        });
      }
      const elsewhere = (await institutionIdsOf(tx, userId)).some((id) => !actor.adminOf.includes(id));
      if (elsewhere) {
        const who = member.name || member.email;
        throw new AppError("forbidden", messages.otherInstitution(who), undefined, {
          code: "password_reset_elsewhere",
          params: { who },
        });
      }
    }
    await setPasswordHash(tx, userId, passwordHash);
    const sessionsClosed = await deleteUserSessions(tx, userId);
    const apiTokensRevoked = await deleteUserApiTokens(tx, userId);
    await audit(tx, {
      institutionId,
      action: "password_reset",
      entity: "user",
      entityId: userId,
      userId: actor.userId,
      ip: actor.ip,
      after: { email: member.email, sessionsClosed, apiTokensRevoked },
    });
    return member.email;
  });
  attempts.succeed(email);
  return { password };
}
