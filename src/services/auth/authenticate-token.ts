import { findApiToken } from "../../db/api-tokens.js";
import type { Db } from "../../db/connection.js";
import { hashToken } from "../../security/secrets.js";
import { API_TOKEN_PREFIX } from "./api-token-prefix.js";
import { type Auth, authUser, groupMemberships } from "./caller.js";

/** The caller of an `Authorization: Bearer` token, or undefined (unknown, expired, revoked, user deactivated). */
export async function authenticateToken(db: Db, token: string): Promise<Auth | undefined> {
  if (!token.startsWith(API_TOKEN_PREFIX)) return undefined;
  const found = await findApiToken(db, hashToken(token));
  if (!found) return undefined;
  return {
    user: authUser(found.user),
    memberships: groupMemberships(found.memberships),
    credential: { kind: "token", tokenId: found.id },
  };
}
