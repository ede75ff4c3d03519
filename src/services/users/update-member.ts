import { audit } from "../../db/audit.js";
import type { Db } from "../../db/connection.js";
import { type Member, setMemberRole } from "../../db/memberships.js";
import type { Actor } from "../../domain/actor.js";
import type { Role } from "../../domain/roles.js";
import { checkUnits, keepAnAdmin, requireMember } from "./member-rules.js";

/** Changes a member's role and, for editors, their units. */
export async function updateMember(
  db: Db,
  institutionId: string,
  userId: string,
  patch: { role?: Role; unitIds?: string[] },
  actor: Actor,
): Promise<Member> {
  await db.transaction(async (tx) => {
    const before = await requireMember(tx, institutionId, userId);
    const role = patch.role ?? before.role;
    const unitIds = patch.unitIds ?? (role === "editor" ? before.unitIds : []);
    await checkUnits(tx, institutionId, role, unitIds);
    await keepAnAdmin(tx, institutionId, before, role);
    await setMemberRole(tx, institutionId, userId, role, [...new Set(unitIds)]);
    await audit(tx, {
      institutionId,
      action: "update",
      entity: "membership",
      entityId: userId,
      before: { email: before.email, role: before.role, unitIds: before.unitIds },
      after: { email: before.email, role, unitIds: [...new Set(unitIds)].sort() },
      ...actor,
    });
  });
  return requireMember(db, institutionId, userId);
}
