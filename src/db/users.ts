import { count, eq } from "drizzle-orm";
import { AppError } from "../domain/errors.js";
import { hashPassword } from "../server/passwords.js";
import { audit } from "./audit.js";
import type { Db } from "./connection.js";
import { requireInstitution } from "./institutions.js";
import { memberships, membershipUnits, type Role, roles, users } from "./schema.js";

export type UserRole = Role | "super-admin";
export const userRoles: readonly UserRole[] = [...roles, "super-admin"];

export async function countUsers(db: Db): Promise<number> {
  const [row] = await db.select({ n: count() }).from(users);
  return row?.n ?? 0;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Creates a user with a role: `super-admin` for the deployment, any other role in one
 * institution. An existing user (same email) gets the membership added instead.
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
    const [existing] = await tx.select().from(users).where(eq(users.email, email)).limit(1);
    const user =
      existing ??
      (await tx
        .insert(users)
        .values({ email, name: input.name ?? "", passwordHash, superAdmin })
        .returning()
        .then(([row]) => row));
    if (!user) throw new Error("insert returned nothing");
    if (!existing) {
      await audit(tx, {
        action: "create",
        entity: "user",
        entityId: user.id,
        after: { email, superAdmin },
        ...actor,
      });
    } else if (superAdmin && !existing.superAdmin) {
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
    return { id: user.id, email, created: !existing };
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
