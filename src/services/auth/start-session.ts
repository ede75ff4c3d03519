import { audit } from "../../db/audit.js";
import type { Db } from "../../db/connection.js";
import { createSession, deleteExpiredSessions, deleteSession, membershipsOf } from "../../db/sessions.js";
import { csrfTokenFor, hashToken, newToken } from "../../security/secrets.js";
import { type AuthUser, authUser, groupMemberships } from "./caller.js";
import { type Me, meOf } from "./me.js";

export type StartedSession = { token: string; expiresAt: Date; me: Me };

/**
 * Logs `user` in (login, the first administrator, a new account's invitation): a new session,
 * replacing the one the browser had (`previousSessionId`), with its audit entry. The caller puts
 * `token` in the cookie; `me` is the answer.
 */
export async function startSession(
  db: Db,
  input: { user: AuthUser; previousSessionId?: string | null; ip?: string; userAgent?: string },
): Promise<StartedSession> {
  const { user, previousSessionId, ip } = input;
  const token = newToken();
  const { expiresAt } = await db.transaction(async (tx) => {
    if (previousSessionId) await deleteSession(tx, previousSessionId);
    await deleteExpiredSessions(tx, user.id);
    const created = await createSession(tx, {
      tokenHash: hashToken(token),
      userId: user.id,
      ip,
      userAgent: input.userAgent,
    });
    await audit(tx, { action: "login", entity: "session", entityId: user.id, userId: user.id, ip });
    return created;
  });
  const memberships = groupMemberships(await membershipsOf(db, user.id));
  return { token, expiresAt, me: await meOf(db, { user: authUser(user), memberships }, csrfTokenFor(token)) };
}
