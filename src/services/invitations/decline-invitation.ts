import { audit } from "../../db/audit.js";
import type { Db } from "../../db/connection.js";
import { deleteInvitationAddressedTo } from "../../db/invitations.js";
import type { Actor } from "../../domain/actor.js";
import { isUuid } from "../../domain/ids.js";
import { invitationGone } from "./invitation-rules.js";

/** A logged-in person declines an invitation to their e-mail (expired or not). */
export async function declineInvitation(
  db: Db,
  invitationId: string,
  user: { email: string },
  actor: Actor,
): Promise<void> {
  if (!isUuid(invitationId)) throw invitationGone();
  await db.transaction(async (tx) => {
    const gone = await deleteInvitationAddressedTo(tx, { id: invitationId, email: user.email });
    if (!gone) throw invitationGone();
    await audit(tx, {
      institutionId: gone.institutionId,
      action: "decline",
      entity: "invitation",
      entityId: gone.id,
      before: { email: gone.email, role: gone.role },
      ...actor,
    });
  });
}
