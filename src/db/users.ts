import { count, eq } from "drizzle-orm";
import { AppError } from "../domain/errors.js";
import { type Role, roles } from "../domain/roles.js";
import { hashPassword } from "../security/passwords.js";
import { audit } from "./audit.js";
import type { Db } from "./connection.js";
import { requireInstitution } from "./institutions.js";
import { memberships, membershipUnits, users } from "./schema.js";

export type UserRole = Role | "super-admin";
export const userRoles: readonly UserRole[] = [...roles, "super-admin"];

export async function countUsers(db: Db): Promise<number> {
  const [row] = await db.select({ n: count() }).from(users);
  return row?.n ?? 0;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Creates a user with a role: `super-admin` for the deployment, any other role in one
 * institution. An existing user (same email) gets the membership added instead. For the
 * operator (`avance user add`, first run, tests): the API adds people by invitation only
 * (invitations.ts), so that an admin never learns whether an e-mail has an account.
 */
export async function addUser(
  db: Db,
  input: {
    email: string;
    role: UserRole;
    institution?: string;
    password: string;
    name?: string;
    /** An editor's units (ids in the institution, checked by the caller). */
    unitIds?: readonly string[];
  },
  actor: { userId?: string; ip?: string } = {},
): Promise<{ id: string; email: string; created: boolean }> {
  const email = input.email.trim().toLowerCase();
  if (!EMAIL.test(email))
    throw new AppError("validation", `«${input.email}» no es un correo válido.`, "email");
  if (!userRoles.includes(input.role)) {
    throw new AppError("validation", `Rol desconocido «${input.role}»: use ${userRoles.join(", ")}.`, "role");
  }
  const superAdmin = input.role === "super-admin";
  if (!superAdmin && !input.institution) {
    throw new AppError(
      "validation",
      `El rol ${input.role} pertenece a una institución: indique --institution.`,
      "institution",
    );
  }
  const institution = superAdmin ? undefined : await requireInstitution(db, input.institution as string);
  const passwordHash = await hashPassword(input.password);

  return db.transaction(async (tx) => {
    // A request adding the same email at the same moment waits for the other one here and then
    // finds its user: the second gets the membership added, never a unique-key failure.
    const [inserted] = await tx
      .insert(users)
      .values({ email, name: input.name ?? "", passwordHash, superAdmin })
      .onConflictDoNothing({ target: users.email })
      .returning();
    const [existing] = inserted ? [] : await tx.select().from(users).where(eq(users.email, email)).limit(1);
    const user = inserted ?? existing;
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
      await tx.update(users).set({ superAdmin: true }).where(eq(users.id, user.id));
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
      await tx
        .insert(memberships)
        .values({ institutionId: institution.id, userId: user.id, role })
        .onConflictDoUpdate({ target: [memberships.institutionId, memberships.userId], set: { role } });
      if (input.unitIds?.length) {
        await tx
          .insert(membershipUnits)
          .values(input.unitIds.map((unitId) => ({ institutionId: institution.id, userId: user.id, unitId })))
          .onConflictDoNothing();
      }
      await audit(tx, {
        institutionId: institution.id,
        action: "grant",
        entity: "membership",
        entityId: user.id,
        after: { email, role, ...(input.unitIds?.length ? { unitIds: input.unitIds } : {}) },
        ...actor,
      });
    }
    return { id: user.id, email, created: inserted !== undefined };
  });
}

/** First run: an empty database gets its first administrator from the environment, if given. */
export async function ensureFirstAdmin(db: Db, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const email = env.AVANCE_ADMIN_EMAIL;
  const password = env.AVANCE_ADMIN_PASSWORD;
  if (!email || !password || (await countUsers(db)) > 0) return undefined;
  await addUser(db, { email, password, role: "super-admin" });
  return email.toLowerCase();
}
