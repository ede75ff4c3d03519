/**
 * The rules of memberships, shared by the use cases of users and invitations. An institution
 * always keeps one admin: the last one cannot be removed or given another role (409).
 */

import type { Db } from "../../db/connection.js";
import { existingUnitIds, findMember, lockAdmins, type Member } from "../../db/memberships.js";
import type { Tx } from "../../db/programming.js";
import { AppError, notFound } from "../../domain/errors.js";
import { isUuid } from "../../domain/ids.js";
import type { Role } from "../../domain/roles.js";

type Reader = Pick<Db, "select">;

/** The member (institution, user id), or the same 404 as a user of another institution. */
export async function requireMember(db: Reader, institutionId: string, userId: string): Promise<Member> {
  if (!isUuid(userId)) throw notFound();
  const member = await findMember(db, institutionId, userId);
  if (!member) throw notFound();
  return member;
}

/** Editors need at least one unit of the institution; the other roles have none. */
export async function checkUnits(db: Reader, institutionId: string, role: Role, unitIds: readonly string[]) {
  if (role !== "editor") {
    if (unitIds.length > 0) {
      throw new AppError("validation", `Solo el rol editor tiene unidades; el rol ${role} no.`, "unitIds", {
        code: "role_without_units",
        params: { role },
      });
    }
    return;
  }
  if (unitIds.length === 0) {
    throw new AppError("validation", "Indique al menos una unidad para el rol editor.", "unitIds", {
      code: "editor_needs_unit",
    });
  }
  const wanted = [...new Set(unitIds)];
  const known = wanted.every(isUuid) ? await existingUnitIds(db, institutionId, wanted) : new Set<string>();
  const missing = wanted.find((id) => !known.has(id));
  if (missing) {
    throw new AppError("validation", `La unidad «${missing}» no existe en esta institución.`, "unitIds", {
      code: "unknown_unit",
      params: { unit: missing },
    });
  }
}

/** Refuses to leave the institution without an admin. */
export async function keepAnAdmin(tx: Tx, institutionId: string, member: Member, nextRole: Role | null) {
  if (member.role !== "admin" || nextRole === "admin") return;
  if ((await lockAdmins(tx, institutionId)) <= 1) {
    throw new AppError(
      "conflict",
      nextRole
        ? "Es el último administrador de la institución: nombre otro administrador antes de cambiarle el rol."
        : "Es el último administrador de la institución: nombre otro administrador antes de quitarlo.",
      nextRole ? "role" : undefined,
      { code: nextRole ? "last_admin_role" : "last_admin_removal" },
    );
  }
}
