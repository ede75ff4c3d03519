/**
 * API tokens for scripts: `avk_` + 32 random bytes (base64url), shown once at creation. The
 * database keeps the SHA-256 of the whole token and its first characters (`prefix`, to tell
 * tokens apart in a list); the secret itself is never stored or logged.
 */
import { and, asc, eq } from "drizzle-orm";
import { hashToken, newToken } from "../security/secrets.js";
import type { Db } from "./connection.js";
import { apiTokens, users } from "./schema.js";
import { type MembershipRow, membershipRows, type SessionUser, sessionUserColumns } from "./sessions.js";

export const API_TOKEN_PREFIX = "avk_";
/** Characters of the token kept in clear to recognise it: `avk_` and 4 more (24 of its 256 bits). */
const SHOWN_CHARACTERS = API_TOKEN_PREFIX.length + 4;
/** `last_used_at` is written at most once a minute per token. */
const TOUCH_MS = 60 * 1000;
/** A user with this many tokens must delete one before creating another. */
export const MAX_TOKENS_PER_USER = 50;

type Tx = Pick<Db, "insert" | "delete" | "update" | "select">;

export type ApiTokenInfo = {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
};

const info = {
  id: apiTokens.id,
  name: apiTokens.name,
  prefix: apiTokens.prefix,
  createdAt: apiTokens.createdAt,
  expiresAt: apiTokens.expiresAt,
  lastUsedAt: apiTokens.lastUsedAt,
};

export function looksLikeApiToken(value: string): boolean {
  return value.startsWith(API_TOKEN_PREFIX);
}

/** Creates a token; `token` is the only copy of the secret there will ever be. */
export async function createApiToken(
  tx: Tx,
  input: { userId: string; name: string; expiresAt?: Date | null },
): Promise<{ token: string; info: ApiTokenInfo }> {
  const token = `${API_TOKEN_PREFIX}${newToken()}`;
  const [row] = await tx
    .insert(apiTokens)
    .values({
      userId: input.userId,
      name: input.name,
      tokenHash: hashToken(token),
      prefix: token.slice(0, SHOWN_CHARACTERS),
      expiresAt: input.expiresAt ?? null,
    })
    .returning(info);
  if (!row) throw new Error("insert returned nothing");
  return { token, info: row };
}

export async function countApiTokens(tx: Tx, userId: string): Promise<number> {
  const rows = await tx.select({ id: apiTokens.id }).from(apiTokens).where(eq(apiTokens.userId, userId));
  return rows.length;
}

export async function listApiTokens(db: Db, userId: string): Promise<ApiTokenInfo[]> {
  return db
    .select(info)
    .from(apiTokens)
    .where(eq(apiTokens.userId, userId))
    .orderBy(asc(apiTokens.createdAt), asc(apiTokens.id));
}

/** Deletes a token of this user; undefined when the user has no token with that id. */
export async function deleteApiToken(tx: Tx, userId: string, id: string): Promise<ApiTokenInfo | undefined> {
  const [row] = await tx
    .delete(apiTokens)
    .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, userId)))
    .returning(info);
  return row;
}

/** The user a live token acts as, or undefined (unknown, expired, user deactivated). */
export async function findApiToken(
  db: Db,
  token: string,
  now = new Date(),
): Promise<{ id: string; user: SessionUser; memberships: MembershipRow[] } | undefined> {
  const [row] = await db
    .select({
      id: apiTokens.id,
      expiresAt: apiTokens.expiresAt,
      lastUsedAt: apiTokens.lastUsedAt,
      user: sessionUserColumns,
      memberships: membershipRows,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(eq(apiTokens.tokenHash, hashToken(token)))
    .limit(1);
  if (!row?.user.active) return undefined;
  if (row.expiresAt && row.expiresAt.getTime() <= now.getTime()) return undefined;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= TOUCH_MS) {
    await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id));
  }
  return { id: row.id, user: row.user, memberships: row.memberships };
}
