import type { Db } from "../../db/connection.js";
import type { Actor } from "../../domain/actor.js";
import { isUuid } from "../../domain/ids.js";
import { type AcceptedMembership, invitationGone, join, takeLiveInvitation } from "./invitation-rules.js";

/** A logged-in person accepts an invitation to their e-mail (anybody else's: the same 404). */
export async function acceptInvitation(
  db: Db,
  invitationId: string,
  user: { id: string; email: string },
  actor: Actor,
): Promise<AcceptedMembership> {
  if (!isUuid(invitationId)) throw invitationGone();
  return db.transaction(async (tx) =>
    join(tx, await takeLiveInvitation(tx, { id: invitationId, email: user.email }), user, actor),
  );
}
