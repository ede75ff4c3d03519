/**
 * Institutions (the tenants) and their settings. What an institution may be named and which
 * thresholds hold together are the institution use cases' (`src/services/institutions`).
 */
import { asc, count, eq, inArray, or } from "drizzle-orm";
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

export async function insertInstitution(
  tx: Pick<Db, "insert">,
  institution: Pick<Institution, "name" | "slug"> & Partial<Pick<Institution, "code" | "country" | "locale">>,
): Promise<Institution> {
  const [created] = await tx.insert(institutions).values(institution).returning();
  if (!created) throw new Error("insert returned nothing");
  return created;
}

/** The institutions a user may see (all of them for a super-admin), by name. */
export async function listInstitutionsPage(
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

/** The institution, held until the transaction ends. */
export async function findInstitutionForUpdate(tx: Db, id: string): Promise<Institution | undefined> {
  const [found] = await tx.select().from(institutions).where(eq(institutions.id, id)).for("update");
  return found;
}

/** Writes the changed settings; the institution must exist. */
export async function updateInstitutionRow(
  tx: Pick<Db, "update">,
  id: string,
  set: InstitutionSettings,
): Promise<Institution> {
  const [after] = await tx.update(institutions).set(set).where(eq(institutions.id, id)).returning();
  if (!after) throw new Error("update returned nothing");
  return after;
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
