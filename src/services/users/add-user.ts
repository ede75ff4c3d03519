import { audit } from "../../db/audit.js";
import type { Db } from "../../db/connection.js";
import { findInstitution, type Institution } from "../../db/institutions.js";
import {
  addMembershipUnits,
  findUserByEmail,
  insertUserIfNew,
  makeSuperAdmin,
  upsertMembership,
} from "../../db/users.js";
import type { Actor } from "../../domain/actor.js";
import { AppError } from "../../domain/errors.js";
import type { Role } from "../../domain/roles.js";
import { generatePassword, hashPassword } from "../../security/passwords.js";
import { type UserRole, userRoles } from "./user-roles.js";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Creates a user with a role: `super-admin` for the deployment, any other role in one
 * institution. An existing user (same email) gets the membership added instead. For the
 * operator (`avance user add`, first run, tests): the API adds people by invitation only
 * (services/invitations), so that an admin never learns whether an e-mail has an account.
 */

/** The institution a new member joins, named by the operator (the CLI) or the API. */
async function requireInstitution(db: Db, nameOrSlug: string): Promise<Institution> {
  const found = await findInstitution(db, nameOrSlug);
  if (!found) {
    throw new AppError(
      "not_found",
      `No existe la institución «${nameOrSlug}». Créela con: npx avance institution add "${nameOrSlug}"`,
      "institution",
      { code: "institution_not_found", params: { institution: nameOrSlug } },
    );
  }
  return found;
}

export async function addUser(
  db: Db,
  input: {
    email: string;
    role: UserRole;
    institution?: string;
    /** None: one is generated and returned (`avance user add` shows it once). */
    password?: string;
    name?: string;
    /** An editor's units (ids in the institution, checked by the caller). */
    unitIds?: readonly string[];
  },
  actor: Actor = {},
): Promise<{ id: string; email: string; created: boolean; generatedPassword?: string }> {
  const email = input.email.trim().toLowerCase();
  if (!EMAIL.test(email))
    throw new AppError("validation", `«${input.email}» no es un correo válido.`, "email", {
      code: "invalid_email",
      params: { email: input.email },
    });
  if (!userRoles.includes(input.role)) {
    throw new AppError(
      "validation",
      `Rol desconocido «${input.role}»: use ${userRoles.join(", ")}.`,
      "role",
      {
        code: "unknown_role",
        params: { role: input.role, roles: userRoles.join(", ") },
      },
    );
  }
  const superAdmin = input.role === "super-admin";
  if (!superAdmin && !input.institution) {
    throw new AppError(
      "validation",
      `El rol ${input.role} pertenece a una institución: indique --institution.`,
      "institution",
      { code: "institution_required", params: { role: input.role } },
    );
  }
  const institution = superAdmin ? undefined : await requireInstitution(db, input.institution as string);
  const generatedPassword = input.password === undefined ? generatePassword() : undefined;
  const passwordHash = await hashPassword(input.password ?? (generatedPassword as string));

  return db.transaction(async (tx) => {
    // A request adding the same email at the same moment waits for the other one here and then
    // finds its user: the second gets the membership added, never a unique-key failure.
    const inserted = await insertUserIfNew(tx, { email, name: input.name ?? "", passwordHash, superAdmin });
    const user = inserted ?? (await findUserByEmail(tx, email));
    if (!user) throw new Error("user neither inserted nor found");
    if (inserted) {
      await audit(tx, {
        action: "create",
        entity: "user",
        entityId: user.id,
        after: { email, superAdmin },
        ...actor,
      });
    } else if (superAdmin && !user.superAdmin) {
      await makeSuperAdmin(tx, user.id);
      await audit(tx, {
        action: "update",
        entity: "user",
        entityId: user.id,
        before: { superAdmin: false },
        after: { superAdmin: true },
        ...actor,
      });
    }
    if (institution) {
      const role = input.role as Role;
      // A member already gets the role (the CLI's `user add` again).
      await upsertMembership(tx, institution.id, user.id, role);
      await addMembershipUnits(tx, institution.id, user.id, input.unitIds ?? []);
      await audit(tx, {
        institutionId: institution.id,
        action: "grant",
        entity: "membership",
        entityId: user.id,
        after: { email, role, ...(input.unitIds?.length ? { unitIds: input.unitIds } : {}) },
        ...actor,
      });
    }
    const created = inserted !== undefined;
    return { id: user.id, email, created, ...(created && generatedPassword ? { generatedPassword } : {}) };
  });
}
