import type { Db } from "../../db/connection.js";
import { type Member, listMembers as membersOf } from "../../db/memberships.js";
import type { Page, Paging } from "../../db/pagination.js";

/** The institution's users with their role and units, by e-mail. */
export function listMembers(db: Db, institutionId: string, paging: Paging): Promise<Page<Member>> {
  return membersOf(db, institutionId, paging);
}
