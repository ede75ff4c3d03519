import { audit } from "../../db/audit.js";
import type { Db } from "../../db/connection.js";
import { deleteSession } from "../../db/sessions.js";

/** Ends one session; audited only when there was one to end. */
export async function logOut(
  db: Db,
  input: { sessionId: string; userId: string; ip: string },
): Promise<void> {
  await db.transaction(async (tx) => {
    if (await deleteSession(tx, input.sessionId)) {
      await audit(tx, {
        action: "logout",
        entity: "session",
        entityId: input.userId,
        userId: input.userId,
        ip: input.ip,
      });
    }
  });
}
