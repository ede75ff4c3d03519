import { audit } from "../../db/audit.js";
import type { Db } from "../../db/connection.js";
import { deleteUserSessions } from "../../db/sessions.js";

/** Ends every session of the user (their API tokens stay valid). */
export async function logOutEverywhere(db: Db, input: { userId: string; ip: string }): Promise<void> {
  await db.transaction(async (tx) => {
    const count = await deleteUserSessions(tx, input.userId);
    await audit(tx, {
      action: "logout_all",
      entity: "session",
      entityId: input.userId,
      userId: input.userId,
      ip: input.ip,
      after: { sessions: count },
    });
  });
}
