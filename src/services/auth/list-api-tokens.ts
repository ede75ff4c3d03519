import { type ApiTokenInfo, listApiTokens as tokensOf } from "../../db/api-tokens.js";
import type { Db } from "../../db/connection.js";

/** The user's API tokens, oldest first, without their secrets. */
export function listApiTokens(db: Db, userId: string): Promise<ApiTokenInfo[]> {
  return tokensOf(db, userId);
}
