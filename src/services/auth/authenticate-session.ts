import type { Db } from "../../db/connection.js";
import { findSession, touchSession } from "../../db/sessions.js";
import { csrfTokenFor, hashToken } from "../../security/secrets.js";
import { type Auth, authUser, groupMemberships, type SessionCredential } from "./caller.js";

/** The caller of a session cookie's token, or undefined (none, expired, user deactivated). */
export async function authenticateSession(
  db: Db,
  token: string,
): Promise<(Auth & { credential: SessionCredential }) | undefined> {
  const session = await findSession(db, hashToken(token));
  if (!session) return undefined;
  await touchSession(db, session);
  return {
    user: authUser(session.user),
    memberships: groupMemberships(session.memberships),
    credential: {
      kind: "session",
      sessionId: session.tokenHash,
      csrfToken: csrfTokenFor(token),
      expiresAt: session.expiresAt,
    },
  };
}
