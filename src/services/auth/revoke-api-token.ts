import { deleteApiToken } from "../../db/api-tokens.js";
import { audit } from "../../db/audit.js";
import type { Db } from "../../db/connection.js";
import { notFound } from "../../domain/errors.js";
import { isUuid } from "../../domain/ids.js";

const tokenNotFound = "No existe ese token de API.";

/** Deletes one of the user's tokens: it stops working at once. Anybody else's is the same 404. */
export async function revokeApiToken(
  db: Db,
  input: { userId: string; tokenId: string; ip: string },
): Promise<void> {
  const { userId, tokenId, ip } = input;
  if (!isUuid(tokenId)) throw notFound(tokenNotFound, { code: "api_token_not_found" });
  await db.transaction(async (tx) => {
    const deleted = await deleteApiToken(tx, userId, tokenId);
    if (!deleted) throw notFound(tokenNotFound, { code: "api_token_not_found" });
    await audit(tx, {
      action: "delete",
      entity: "api_token",
      entityId: deleted.id,
      userId,
      ip,
      before: { name: deleted.name },
    });
  });
}
