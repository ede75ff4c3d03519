import { audit } from "../../db/audit.js";
import type { Db } from "../../db/connection.js";
import { deleteUserSessions } from "../../db/sessions.js";
import { passwordHashOf, setPasswordHash } from "../../db/users.js";
import { AppError } from "../../domain/errors.js";
import { hashPassword, verifyPassword } from "../../security/passwords.js";
import type { LoginAttempts } from "./login-attempts.js";

const messages = {
  wrongCurrentPassword: "La contraseña actual no es correcta.",
  samePassword: "La nueva contraseña debe ser distinta de la actual.",
} as const;

/**
 * A new password for the session's user, given the current one. Guessing the current password
 * here is guessing a login: it counts in the same `attempts`. Every other session of the user
 * ends; this one stays.
 */
export async function changePassword(
  db: Db,
  input: {
    user: { id: string; email: string };
    sessionId: string;
    currentPassword: string;
    newPassword: string;
    ip: string;
  },
  attempts: LoginAttempts,
): Promise<void> {
  const { user, currentPassword, newPassword, ip } = input;
  const passwordHash = await passwordHashOf(db, user.id);
  if (!passwordHash || !(await verifyPassword(passwordHash, currentPassword))) {
    attempts.fail(user.email, ip);
    await audit(db, {
      action: "password_change_failed",
      entity: "user",
      entityId: user.id,
      userId: user.id,
      ip,
    });
    throw new AppError("validation", messages.wrongCurrentPassword, "currentPassword", {
      code: "wrong_current_password",
    });
  }
  if (newPassword === currentPassword) {
    throw new AppError("validation", messages.samePassword, "newPassword", { code: "same_password" });
  }
  attempts.succeed(user.email);
  const newHash = await hashPassword(newPassword).catch((error: unknown) => {
    throw error instanceof AppError ? error.restated(error.message, "newPassword") : error;
  });
  await db.transaction(async (tx) => {
    await setPasswordHash(tx, user.id, newHash);
    const closed = await deleteUserSessions(tx, user.id, input.sessionId);
    await audit(tx, {
      action: "password_change",
      entity: "user",
      entityId: user.id,
      userId: user.id,
      ip,
      after: { otherSessionsClosed: closed },
    });
  });
}
