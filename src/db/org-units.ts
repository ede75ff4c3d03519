/**
 * Org units (unidades orgánicas): a tree per institution. Shared lookups for every route that
 * takes a unit: `requireUnit` (the unit or the tenant 404), `unitTree` (tree order) and
 * `unitWithDescendants` (a unit and everything below it, for filters and editor rights).
 *
 * Rules kept here: names are unique among siblings (without regard to accents or case, as the
 * import matches them), a unit never moves below itself or below a retired unit, and a unit is
 * retired only when nothing still running depends on it (see `retireUnit`).
 */
import { randomUUID } from "node:crypto";
import { and, count, eq, inArray, ne } from "drizzle-orm";
import type { Actor } from "../domain/actor.js";
import { AppError, notFound } from "../domain/errors.js";
import { isUuid } from "../domain/ids.js";
import { fold } from "../domain/normalize.js";
import { audit } from "./audit.js";
import type { Db } from "./connection.js";
import { lockInstitution } from "./institutions.js";
import type { Tx } from "./programming.js";
import { activities, orgUnits, plans } from "./schema.js";

export type OrgUnit = typeof orgUnits.$inferSelect;
export type UnitNode = OrgUnit & { depth: number };

type Reader = Pick<Db, "select">;

/** The unit (institution, id), or the same 404 as a unit of another institution. */
export async function requireUnit(db: Reader, institutionId: string, unitId: string): Promise<OrgUnit> {
  if (!isUuid(unitId)) throw notFound();
  const [unit] = await db
    .select()
    .from(orgUnits)
    .where(and(eq(orgUnits.institutionId, institutionId), eq(orgUnits.id, unitId)))
    .limit(1);
  if (!unit) throw notFound();
  return unit;
}

/** Every unit of the institution in tree order: each parent before its children, siblings by position and name. */
export async function unitTree(db: Reader, institutionId: string): Promise<UnitNode[]> {
  const units = await db.select().from(orgUnits).where(eq(orgUnits.institutionId, institutionId));
  const children = new Map<string | null, OrgUnit[]>();
  const ids = new Set(units.map((unit) => unit.id));
  for (const unit of units) {
    const parent = unit.parentId && ids.has(unit.parentId) ? unit.parentId : null;
    const siblings = children.get(parent);
    if (siblings) siblings.push(unit);
    else children.set(parent, [unit]);
  }
  const ordered: UnitNode[] = [];
  const seen = new Set<string>();
  const visit = (parent: string | null, depth: number) => {
    const siblings = (children.get(parent) ?? []).sort(
      (a, b) => a.position - b.position || a.name.localeCompare(b.name, "es") || a.id.localeCompare(b.id),
    );
    for (const unit of siblings) {
      if (seen.has(unit.id)) continue;
      seen.add(unit.id);
      ordered.push({ ...unit, depth });
      visit(unit.id, depth + 1);
    }
  };
  visit(null, 0);
  return ordered;
}

/** The unit's id and the ids of every unit below it. */
export function unitWithDescendants(
  tree: readonly { id: string; parentId: string | null }[],
  unitId: string,
): Set<string> {
  const found = new Set([unitId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const unit of tree) {
      if (unit.parentId && found.has(unit.parentId) && !found.has(unit.id)) {
        found.add(unit.id);
        grew = true;
      }
    }
  }
  return found;
}

export type UnitInput = {
  name: string;
  parentId?: string | null;
  code?: string | null;
  responsible?: string | null;
};

async function checkPlacement(
  tx: Tx,
  institutionId: string,
  unit: { id: string; name: string; parentId: string | null },
): Promise<void> {
  // One tree change at a time per institution: two concurrent moves could close a cycle, two
  // creations could give siblings the same name.
  await lockInstitution(tx, institutionId);
  const all = await tx
    .select({ id: orgUnits.id, name: orgUnits.name, parentId: orgUnits.parentId, active: orgUnits.active })
    .from(orgUnits)
    .where(eq(orgUnits.institutionId, institutionId));
  if (unit.parentId) {
    const parent = all.find((other) => other.id === unit.parentId);
    if (!parent) {
      throw new AppError("validation", "La unidad superior no existe en esta institución.", "parentId");
    }
    if (!parent.active) {
      throw new AppError(
        "validation",
        `La unidad superior «${parent.name}» está retirada: no puede recibir unidades.`,
        "parentId",
      );
    }
    if (unitWithDescendants(all, unit.id).has(parent.id)) {
      throw new AppError(
        "validation",
        "Una unidad no puede quedar debajo de sí misma ni de una de sus sub-unidades.",
        "parentId",
      );
    }
  }
  const twin = all.find(
    (other) =>
      other.id !== unit.id && other.parentId === unit.parentId && fold(other.name) === fold(unit.name),
  );
  if (twin) {
    throw new AppError(
      "conflict",
      `Ya existe la unidad «${twin.name}» en el mismo nivel: use otro nombre.`,
      "name",
    );
  }
}

export async function createUnit(
  db: Db,
  institutionId: string,
  input: UnitInput,
  actor: Actor,
): Promise<OrgUnit> {
  return db.transaction(async (tx) => {
    const id = randomUUID();
    const parentId = input.parentId ?? null;
    await checkPlacement(tx, institutionId, { id, name: input.name, parentId });
    const [{ n } = { n: 0 }] = await tx
      .select({ n: count() })
      .from(orgUnits)
      .where(eq(orgUnits.institutionId, institutionId));
    const [created] = await tx
      .insert(orgUnits)
      .values({
        institutionId,
        id,
        parentId,
        name: input.name,
        code: input.code ?? null,
        responsible: input.responsible ?? null,
        position: n,
      })
      .returning();
    if (!created) throw new Error("insert returned nothing");
    await audit(tx, {
      institutionId,
      unitId: id,
      action: "create",
      entity: "org_unit",
      entityId: id,
      after: created,
      ...actor,
    });
    return created;
  });
}

/** Rename, recode, change the responsible or move (a new `parentId`; null = to the top). */
export async function updateUnit(
  db: Db,
  institutionId: string,
  unitId: string,
  patch: Partial<UnitInput>,
  actor: Actor,
): Promise<OrgUnit> {
  return db.transaction(async (tx) => {
    const before = await requireUnit(tx, institutionId, unitId);
    const next = { ...before, ...patch };
    if (patch.name !== undefined || patch.parentId !== undefined) {
      await checkPlacement(tx, institutionId, {
        id: unitId,
        name: next.name,
        parentId: next.parentId ?? null,
      });
    }
    const [after] = await tx
      .update(orgUnits)
      .set(patch)
      .where(and(eq(orgUnits.institutionId, institutionId), eq(orgUnits.id, unitId)))
      .returning();
    if (!after) throw new Error("update returned nothing");
    await audit(tx, {
      institutionId,
      unitId,
      action: patch.parentId !== undefined && patch.parentId !== before.parentId ? "move" : "update",
      entity: "org_unit",
      entityId: unitId,
      before: Object.fromEntries(Object.keys(patch).map((key) => [key, before[key as keyof OrgUnit]])),
      after: patch,
      ...actor,
    });
    return after;
  });
}

/**
 * Retires a unit (`active = false`): it stays in history and in closed plans, takes no new
 * activities or sub-units, and leaves the choices of the web app. Refused (409) while it has
 * active sub-units or active activities in a plan that is not closed: those would be orphaned
 * in figures that are still being reported; retire or move them first.
 */
export async function retireUnit(
  db: Db,
  institutionId: string,
  unitId: string,
  actor: Actor,
): Promise<OrgUnit> {
  return db.transaction(async (tx) => {
    const unit = await requireUnit(tx, institutionId, unitId);
    if (!unit.active) return unit;
    const [children] = await tx
      .select({ n: count() })
      .from(orgUnits)
      .where(
        and(
          eq(orgUnits.institutionId, institutionId),
          eq(orgUnits.parentId, unitId),
          eq(orgUnits.active, true),
        ),
      );
    if (children && children.n > 0) {
      throw new AppError(
        "conflict",
        `La unidad «${unit.name}» tiene ${children.n} sub-unidad(es) activa(s): retírelas o muévalas primero.`,
      );
    }
    const openPlans = tx
      .select({ id: plans.id })
      .from(plans)
      .where(and(eq(plans.institutionId, institutionId), ne(plans.status, "closed")));
    const [running] = await tx
      .select({ n: count() })
      .from(activities)
      .where(
        and(
          eq(activities.institutionId, institutionId),
          eq(activities.unitId, unitId),
          eq(activities.active, true),
          inArray(activities.planId, openPlans),
        ),
      );
    if (running && running.n > 0) {
      throw new AppError(
        "conflict",
        `La unidad «${unit.name}» tiene ${running.n} actividad(es) activa(s) en planes no cerrados: retírelas o páselas a otra unidad primero.`,
      );
    }
    const [after] = await tx
      .update(orgUnits)
      .set({ active: false })
      .where(and(eq(orgUnits.institutionId, institutionId), eq(orgUnits.id, unitId)))
      .returning();
    if (!after) throw new Error("update returned nothing");
    await audit(tx, {
      institutionId,
      unitId,
      action: "retire",
      entity: "org_unit",
      entityId: unitId,
      before: { active: true },
      after: { active: false },
      ...actor,
    });
    return after;
  });
}
