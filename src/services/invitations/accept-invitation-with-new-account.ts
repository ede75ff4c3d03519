import { audit } from "../../db/audit.js";
import type { Db } from "../../db/connection.js";
import { insertUserIfNew } from "../../db/users.js";
import { AppError } from "../../domain/errors.js";
import { hashPassword } from "../../security/passwords.js";
import { hashToken } from "../../security/secrets.js";
import { type StartedSession, startSession } from "../auth/start-session.js";
import { invitationOfLink } from "./invitation-of-link.js";
import { invitationMessages, join, takeLiveInvitation } from "./invitation-rules.js";

/**
 * The link's holder, with no account yet, creates it (name, their own password) and accepts, in
 * one transaction, and is logged in as by login. An e-mail that has an account is a 409 asking
 * to log in with it: the password of an existing account is never set through a link.
 */
export async function acceptInvitationWithNewAccount(
  db: Db,
  input: {
    token: string;
    name: string;
    password: string;
    ip: string;
    userAgent?: string;
    previousSessionId?: string | null;
  },
): Promise<StartedSession> {
  const { token, name, ip } = input;
  // A dead link answers before the password is hashed; the transaction checks it again.
  await invitationOfLink(db, token);
  const passwordHash = await hashPassword(input.password);
  const user = await db.transaction(async (tx) => {
    const taken = await takeLiveInvitation(tx, { tokenHash: hashToken(token) });
    const { email } = taken.invitation;
    const created = await insertUserIfNew(tx, { email, name, passwordHash });
    if (!created)
      throw new AppError("conflict", invitationMessages.accountExists, undefined, { code: "account_exists" });
    const by = { ip, userId: created.id };
    await audit(tx, {
      action: "create",
      entity: "user",
      entityId: created.id,
      after: { email, superAdmin: false },
      ...by,
    });
    await join(tx, taken, created, by);
    return created;
  });
  return startSession(db, {
    user: { id: user.id, email: user.email, name: user.name, superAdmin: false },
    previousSessionId: input.previousSessionId,
    ip,
    userAgent: input.userAgent,
  });
}
