/**
 * API tokens for scripts (made by services/auth/create-api-token.ts). The database keeps the
 * SHA-256 of the whole token and its first characters (`prefix`, to tell tokens apart in a
 * list); the secret itself is never stored or logged.
 */
import { and, asc, eq } from "drizzle-orm";
import type { Db } from "./connection.js";
import { apiTokens, users } from "./schema.js";
import { type MembershipRow, membershipRows, type SessionUser, sessionUserColumns } from "./sessions.js";

/** `last_used_at` is written at most once a minute per token. */
const TOUCH_MS = 60 * 1000;

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

export async function insertApiToken(
  tx: Tx,
  input: { userId: string; name: string; tokenHash: string; prefix: string; expiresAt?: Date | null },
): Promise<ApiTokenInfo> {
  const [row] = await tx
    .insert(apiTokens)
    .values({ ...input, expiresAt: input.expiresAt ?? null })
    .returning(info);
  if (!row) throw new Error("insert returned nothing");
  return row;
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

/** Deletes every token of the user (they stop working at once); returns how many. */
export async function deleteUserApiTokens(tx: Tx, userId: string): Promise<number> {
  const deleted = await tx
    .delete(apiTokens)
    .where(eq(apiTokens.userId, userId))
    .returning({ id: apiTokens.id });
  return deleted.length;
}

/** The user a live token (by its hash) acts as, or undefined (unknown, expired, user deactivated). */
export async function findApiToken(
  db: Db,
  tokenHash: string,
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
    .where(eq(apiTokens.tokenHash, tokenHash))
    .limit(1);
  if (!row?.user.active) return undefined;
  if (row.expiresAt && row.expiresAt.getTime() <= now.getTime()) return undefined;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= TOUCH_MS) {
    await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id));
  }
  return { id: row.id, user: row.user, memberships: row.memberships };
}
