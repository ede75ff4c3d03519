import type { Db } from "../../db/connection.js";
import { type Invitation, listInvitations as invitationsOf } from "../../db/invitations.js";
import type { Page, Paging } from "../../db/pagination.js";

/** The institution's pending invitations (expired ones too), by e-mail, without their links. */
export function listInvitations(db: Db, institutionId: string, paging: Paging): Promise<Page<Invitation>> {
  return invitationsOf(db, institutionId, paging);
}
