/**
 * Who is asking, as the server's `request.auth` holds it: filled on every request from the
 * session cookie or an API token (authenticate-session.ts, authenticate-token.ts), with the
 * user's memberships read in the same query as the credential.
 */
import type { MembershipRow } from "../../db/sessions.js";
import type { Role } from "../../domain/roles.js";

export type AuthUser = { id: string; email: string; name: string; superAdmin: boolean };

export type AuthMembership = {
  institution: { id: string; name: string; slug: string };
  role: Role;
  /** The units an editor records execution for (sub-units included); empty for other roles. */
  unitIds: string[];
};

export type SessionCredential = {
  kind: "session";
  /** The session's key in the database (SHA-256 of the cookie token), not a secret. */
  sessionId: string;
  csrfToken: string;
  expiresAt: Date;
};
export type TokenCredential = { kind: "token"; tokenId: string };

export type Auth = {
  user: AuthUser;
  memberships: AuthMembership[];
  credential: SessionCredential | TokenCredential;
};

/** Membership rows (one per unit, in institution order) as one membership per institution. */
export function groupMemberships(rows: readonly MembershipRow[]): AuthMembership[] {
  const byInstitution = new Map<string, AuthMembership>();
  for (const row of rows) {
    let membership = byInstitution.get(row.institutionId);
    if (!membership) {
      membership = {
        institution: { id: row.institutionId, name: row.name, slug: row.slug },
        role: row.role,
        unitIds: [],
      };
      byInstitution.set(row.institutionId, membership);
    }
    if (row.unitId) membership.unitIds.push(row.unitId);
  }
  for (const membership of byInstitution.values()) membership.unitIds.sort();
  return [...byInstitution.values()];
}

/** The fields of a user row that a request's authentication keeps. */
export function authUser(user: AuthUser): AuthUser {
  return { id: user.id, email: user.email, name: user.name, superAdmin: user.superAdmin };
}
