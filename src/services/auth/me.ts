/**
 * The answer of login and `/api/auth/me`: the user with their memberships, the session's CSRF
 * token and the invitations to the user's e-mail waiting for their answer.
 */
import type { Db } from "../../db/connection.js";
import { pendingInvitationsFor } from "../../db/invitations.js";
import type { Role } from "../../domain/roles.js";
import type { AuthMembership, AuthUser } from "./caller.js";

export type Me = {
  user: AuthUser & { memberships: AuthMembership[] };
  csrfToken: string | null;
  invitations: { id: string; institution: { id: string; name: string }; role: Role; expiresAt: string }[];
};

export async function meOf(
  db: Db,
  caller: { user: AuthUser; memberships: AuthMembership[] },
  csrfToken: string | null,
): Promise<Me> {
  const pending = await pendingInvitationsFor(db, caller.user.email);
  return {
    user: { ...caller.user, memberships: caller.memberships },
    csrfToken,
    invitations: pending.map(({ id, institution, role, expiresAt }) => ({
      id,
      institution,
      role,
      expiresAt: expiresAt.toISOString(),
    })),
  };
}
