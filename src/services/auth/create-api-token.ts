/**
 * API tokens for scripts: `avk_` + 32 random bytes (base64url), shown once at creation. The
 * database keeps the SHA-256 of the whole token and its first characters, to tell tokens apart
 * in a list.
 */
import { type ApiTokenInfo, countApiTokens, insertApiToken } from "../../db/api-tokens.js";
import { audit } from "../../db/audit.js";
import type { Db } from "../../db/connection.js";
import { AppError } from "../../domain/errors.js";
import { hashToken, newToken } from "../../security/secrets.js";
import { API_TOKEN_PREFIX } from "./api-token-prefix.js";

/** A user with this many tokens must delete one before creating another. */
const MAX_TOKENS_PER_USER = 50;
/** Characters of the token kept in clear to recognise it: `avk_` and 4 more (24 of its 256 bits). */
const SHOWN_CHARACTERS = API_TOKEN_PREFIX.length + 4;

const messages = {
  tooManyTokens: `Tiene ${MAX_TOKENS_PER_USER} tokens de API, el máximo: borre alguno antes de crear otro.`,
  expiryInPast: "La fecha de expiración debe ser futura.",
} as const;

/** Creates a token; `token` is the only copy of the secret there will ever be. */
export async function createApiToken(
  db: Db,
  input: { userId: string; name: string; expiresAt?: Date | null; ip?: string },
): Promise<{ token: string; info: ApiTokenInfo }> {
  const expiresAt = input.expiresAt ?? null;
  if (expiresAt && expiresAt.getTime() <= Date.now()) {
    throw new AppError("validation", messages.expiryInPast, "expiresAt", { code: "expiry_in_past" });
  }
  const token = `${API_TOKEN_PREFIX}${newToken()}`;
  const info = await db.transaction(async (tx) => {
    if ((await countApiTokens(tx, input.userId)) >= MAX_TOKENS_PER_USER) {
      throw new AppError("conflict", messages.tooManyTokens, undefined, {
        code: "too_many_api_tokens",
        params: { limit: MAX_TOKENS_PER_USER },
      });
    }
    const created = await insertApiToken(tx, {
      userId: input.userId,
      name: input.name,
      tokenHash: hashToken(token),
      prefix: token.slice(0, SHOWN_CHARACTERS),
      expiresAt,
    });
    await audit(tx, {
      action: "create",
      entity: "api_token",
      entityId: created.id,
      userId: input.userId,
      ip: input.ip,
      after: { name: created.name, expiresAt: created.expiresAt?.toISOString() ?? null },
    });
    return created;
  });
  return { token, info };
}
