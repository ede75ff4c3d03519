import { audit } from "../../db/audit.js";
import type { Db } from "../../db/connection.js";
import { findUserByEmail } from "../../db/users.js";
import { AppError } from "../../domain/errors.js";
import { generatePassword, hashPassword, verifyPassword } from "../../security/passwords.js";
import type { LoginAttempts } from "./login-attempts.js";
import { type StartedSession, startSession } from "./start-session.js";

export const logInMessages = {
  badCredentials: "Correo o contraseña incorrectos.",
  inactive: "Su cuenta está desactivada. Consulte con el administrador de su institución.",
} as const;

// Unknown emails are checked against this hash, so that they cost the same time as known ones.
// Made at the first login (not at startup: most app instances, in tests, never log anyone in).
let dummyHash: Promise<string> | undefined;

/**
 * E-mail and password → a new session. A wrong password (or an unknown e-mail) is a 401 and a
 * deactivated account a 403, each audited with the address; the password never is.
 */
export async function logIn(
  db: Db,
  input: {
    email: string;
    password: string;
    ip: string;
    userAgent?: string;
    previousSessionId?: string | null;
  },
  attempts: LoginAttempts,
): Promise<StartedSession> {
  const email = input.email.trim().toLowerCase();
  const { ip } = input;
  dummyHash ??= hashPassword(generatePassword());
  const user = await findUserByEmail(db, email);
  const valid = await verifyPassword(user?.passwordHash ?? (await dummyHash), input.password);
  if (!user?.passwordHash || !valid) {
    attempts.fail(email, ip);
    await audit(db, {
      action: "login_failed",
      entity: "session",
      entityId: user?.id ?? null,
      userId: user?.id ?? null,
      ip,
      after: { email },
    });
    throw new AppError("unauthorized", logInMessages.badCredentials, undefined, {
      code: "invalid_credentials",
    });
  }
  if (!user.active) {
    await audit(db, {
      action: "login_refused",
      entity: "session",
      entityId: user.id,
      userId: user.id,
      ip,
      reason: "cuenta desactivada",
    });
    throw new AppError("forbidden", logInMessages.inactive, undefined, { code: "account_inactive" });
  }
  attempts.succeed(email);
  return startSession(db, {
    user,
    previousSessionId: input.previousSessionId,
    ip,
    userAgent: input.userAgent,
  });
}
