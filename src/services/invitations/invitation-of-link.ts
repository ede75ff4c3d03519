import type { Db } from "../../db/connection.js";
import { findInvitationByTokenHash, type InvitationForInvitee } from "../../db/invitations.js";
import { hashToken } from "../../security/secrets.js";
import { invitationGone, refuseExpired } from "./invitation-rules.js";

/** The invitation of a link's token: 404 if it does not (or no longer) exist, 409 if expired. */
export async function invitationOfLink(db: Pick<Db, "select">, token: string): Promise<InvitationForInvitee> {
  const found = await findInvitationByTokenHash(db, hashToken(token));
  if (!found) throw invitationGone();
  refuseExpired(found);
  return found;
}
