import { eq, or } from "drizzle-orm";
import { AppError } from "../domain/errors.js";
import { audit } from "./audit.js";
import type { Db } from "./connection.js";
import { institutions } from "./schema.js";

export type Institution = typeof institutions.$inferSelect;

/** `Municipalidad de San Juan` → `municipalidad-de-san-juan`. */
export function slugify(name: string): string {
  return name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 60);
}

export async function findInstitution(db: Db, nameOrSlug: string): Promise<Institution | undefined> {
  const [found] = await db
    .select()
    .from(institutions)
    .where(or(eq(institutions.slug, slugify(nameOrSlug)), eq(institutions.name, nameOrSlug)))
    .limit(1);
  return found;
}

export async function findInstitutionById(db: Db, id: string): Promise<Institution | undefined> {
  const [found] = await db.select().from(institutions).where(eq(institutions.id, id)).limit(1);
  return found;
}

export async function requireInstitution(db: Db, nameOrSlug: string): Promise<Institution> {
  const found = await findInstitution(db, nameOrSlug);
  if (!found) {
    throw new AppError(
      "not_found",
      `No existe la institución «${nameOrSlug}». Créela con: npx avance institution add "${nameOrSlug}"`,
      "institution",
    );
  }
  return found;
}

export async function addInstitution(
  db: Db,
  input: { name: string; slug?: string; code?: string; country?: string; locale?: string },
  actor: { userId?: string; ip?: string } = {},
): Promise<Institution> {
  const slug = input.slug ?? slugify(input.name);
  if (!slug) throw new AppError("validation", "El nombre de la institución no puede estar vacío.", "name");
  if (await findInstitution(db, slug)) {
    throw new AppError("conflict", `Ya existe una institución con el identificador «${slug}».`, "slug");
  }
  return db.transaction(async (tx) => {
    const [created] = await tx
      .insert(institutions)
      .values({ ...input, slug })
      .returning();
    if (!created) throw new Error("insert returned nothing");
    await audit(tx, {
      institutionId: created.id,
      action: "create",
      entity: "institution",
      entityId: created.id,
      after: created,
      ...actor,
    });
    return created;
  });
}
