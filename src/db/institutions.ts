import { asc, count, eq, inArray, or } from "drizzle-orm";
import { AppError, notFound } from "../domain/errors.js";
import { audit } from "./audit.js";
import type { Db } from "./connection.js";
import { offsetOf, type Page, type Paging } from "./pagination.js";
import { institutions, memberships } from "./schema.js";

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

/** The institutions a user may see (all of them for a super-admin), by name. */
export async function listInstitutions(
  db: Db,
  viewer: { userId: string; superAdmin: boolean },
  paging: Paging,
): Promise<Page<Institution>> {
  const mine = db
    .select({ id: memberships.institutionId })
    .from(memberships)
    .where(eq(memberships.userId, viewer.userId));
  const where = viewer.superAdmin ? undefined : inArray(institutions.id, mine);
  const [total] = await db.select({ n: count() }).from(institutions).where(where);
  const items = await db
    .select()
    .from(institutions)
    .where(where)
    .orderBy(asc(institutions.name), asc(institutions.id))
    .limit(paging.pageSize)
    .offset(offsetOf(paging));
  return { items, total: total?.n ?? 0, ...paging };
}

export type InstitutionSettings = Partial<
  Pick<Institution, "name" | "code" | "country" | "locale" | "greenFrom" | "amberFrom" | "overExecutionAbove">
>;

/**
 * Changes an institution's name and settings. The traffic-light thresholds must keep
 * amber ≤ green ≤ over-execution (the database checks it too; this says it in Spanish).
 */
export async function updateInstitution(
  db: Db,
  id: string,
  patch: InstitutionSettings,
  actor: { userId?: string; ip?: string },
): Promise<Institution> {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(institutions).where(eq(institutions.id, id)).for("update");
    if (!before) throw notFound();
    const next = { ...before, ...patch };
    const [amber, green, over] = [next.amberFrom, next.greenFrom, next.overExecutionAbove].map(Number);
    if ((amber as number) > (green as number)) {
      throw new AppError(
        "validation",
        `El umbral ámbar (${amber} %) no puede ser mayor que el verde (${green} %).`,
        "amberFrom",
      );
    }
    if ((green as number) > (over as number)) {
      throw new AppError(
        "validation",
        `El umbral verde (${green} %) no puede ser mayor que el de sobreejecución (${over} %).`,
        "greenFrom",
      );
    }
    const [after] = await tx.update(institutions).set(patch).where(eq(institutions.id, id)).returning();
    if (!after) throw new Error("update returned nothing");
    await audit(tx, {
      institutionId: id,
      action: "update",
      entity: "institution",
      entityId: id,
      before: Object.fromEntries(Object.keys(patch).map((key) => [key, before[key as keyof Institution]])),
      after: patch,
      ...actor,
    });
    return after;
  });
}

/**
 * Serializes writes whose checks span many rows of one institution (sibling names, cycles, plan
 * titles): taken first in the transaction, released at its end.
 */
export async function lockInstitution(tx: Pick<Db, "select">, institutionId: string): Promise<void> {
  await tx
    .select({ id: institutions.id })
    .from(institutions)
    .where(eq(institutions.id, institutionId))
    .for("no key update");
}
