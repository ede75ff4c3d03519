import { audit } from "../../db/audit.js";
import type { Db } from "../../db/connection.js";
import { deleteInvitation } from "../../db/invitations.js";
import type { Actor } from "../../domain/actor.js";
import { notFound } from "../../domain/errors.js";
import { isUuid } from "../../domain/ids.js";

/** Revokes a pending invitation: its link stops working. 404 for one of another institution. */
export async function revokeInvitation(
  db: Db,
  institutionId: string,
  invitationId: string,
  actor: Actor,
): Promise<void> {
  if (!isUuid(invitationId)) throw notFound();
  await db.transaction(async (tx) => {
    const gone = await deleteInvitation(tx, institutionId, invitationId);
    if (!gone) throw notFound();
    await audit(tx, {
      institutionId,
      action: "delete",
      entity: "invitation",
      entityId: gone.id,
      before: { email: gone.email, role: gone.role },
      ...actor,
    });
  });
}
