import { audit } from "../../db/audit.js";
import type { Db } from "../../db/connection.js";
import { deleteMembership } from "../../db/memberships.js";
import type { Actor } from "../../domain/actor.js";
import { keepAnAdmin, requireMember } from "./member-rules.js";

/**
 * Removes the membership (and its units). It ends nothing else: the user, their sessions and
 * their other memberships stay.
 */
export async function removeMember(
  db: Db,
  institutionId: string,
  userId: string,
  actor: Actor,
): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await requireMember(tx, institutionId, userId);
    await keepAnAdmin(tx, institutionId, before, null);
    await deleteMembership(tx, institutionId, userId);
    await audit(tx, {
      institutionId,
      action: "revoke",
      entity: "membership",
      entityId: userId,
      before: { email: before.email, role: before.role, unitIds: before.unitIds },
      ...actor,
    });
  });
}
