import type { Db } from "../../db/connection.js";
import { countUsers } from "../../db/users.js";
import { AppError } from "../../domain/errors.js";
import { type StartedSession, startSession } from "../auth/start-session.js";
import { addUser } from "../users/add-user.js";

export const setupMessages = {
  done: "Avance ya tiene usuarios: inicie sesión. El enlace de configuración inicial ya no sirve.",
  badToken:
    "El enlace de configuración inicial no es válido o ya se usó. Use el que muestra la consola del servidor (cambia en cada arranque).",
} as const;

/** The one-time link `serve` prints (server/first-run.ts): taken once, given back on failure. */
export type OneTimeSetup = { take(token: string): { release(): void } | undefined };

/**
 * The first administrator of an empty installation, through the one-time link: a super-admin,
 * logged in. Only while there are no users at all.
 */
export async function setUpFirstAdmin(
  db: Db,
  setup: OneTimeSetup,
  input: {
    token: string;
    email: string;
    name: string;
    password: string;
    ip: string;
    userAgent?: string;
    previousSessionId?: string | null;
  },
): Promise<StartedSession> {
  if ((await countUsers(db)) > 0)
    throw new AppError("conflict", setupMessages.done, undefined, { code: "setup_done" });
  const claim = setup.take(input.token);
  if (!claim)
    throw new AppError("forbidden", setupMessages.badToken, undefined, { code: "setup_link_invalid" });
  const { email, name, password, ip } = input;
  const created = await addUser(db, { email, name, password, role: "super-admin" }, { ip }).catch(
    (error: unknown) => {
      // A typo in the email must not burn the link.
      claim.release();
      throw error;
    },
  );
  return startSession(db, {
    user: { id: created.id, email: created.email, name, superAdmin: true },
    previousSessionId: input.previousSessionId,
    ip,
    userAgent: input.userAgent,
  });
}
