/**
 * Who is asking: `request.auth`, filled by the hook in `plugin.ts` from the session cookie or
 * an API token, with the user's memberships loaded once per request.
 */
import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../../db/connection.js";
import { institutions, memberships, membershipUnits } from "../../db/schema.js";
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

/** One query: the user's memberships with their institution and units. */
export async function loadMemberships(db: Db, userId: string): Promise<AuthMembership[]> {
  const rows = await db
    .select({
      institutionId: memberships.institutionId,
      name: institutions.name,
      slug: institutions.slug,
      role: memberships.role,
      unitId: membershipUnits.unitId,
    })
    .from(memberships)
    .innerJoin(institutions, eq(institutions.id, memberships.institutionId))
    .leftJoin(
      membershipUnits,
      and(
        eq(membershipUnits.institutionId, memberships.institutionId),
        eq(membershipUnits.userId, memberships.userId),
      ),
    )
    .where(eq(memberships.userId, userId))
    .orderBy(asc(institutions.name), asc(memberships.institutionId));
  return groupMemberships(rows);
}

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

/** The user as the API shows it (`/api/auth/login`, `/api/auth/me`). */
export function publicUser(auth: Pick<Auth, "user" | "memberships">) {
  return { ...auth.user, memberships: auth.memberships };
}
