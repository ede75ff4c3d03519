/**
 * Org units (unidades orgánicas): a tree per institution. `unitTree` reads it in tree order.
 * The rules of the tree (sibling names, no cycles, when a unit may retire) are the unit use
 * cases' (`src/services/units`).
 */
import { and, count, eq, inArray, isNull, ne } from "drizzle-orm";
import type { Db } from "./connection.js";
import { activities, orgUnits, plans } from "./schema.js";

export type OrgUnit = typeof orgUnits.$inferSelect;
export type UnitNode = OrgUnit & { depth: number };

type Reader = Pick<Db, "select">;

/** The unit (institution, id). `unitId` must be a UUID. */
export async function findUnit(
  db: Reader,
  institutionId: string,
  unitId: string,
): Promise<OrgUnit | undefined> {
  const [unit] = await db
    .select()
    .from(orgUnits)
    .where(and(eq(orgUnits.institutionId, institutionId), eq(orgUnits.id, unitId)))
    .limit(1);
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

/** Every unit of the institution, unordered: enough to check a placement in the tree. */
export async function unitPlacements(
  tx: Reader,
  institutionId: string,
): Promise<Pick<OrgUnit, "id" | "name" | "parentId" | "active">[]> {
  return tx
    .select({ id: orgUnits.id, name: orgUnits.name, parentId: orgUnits.parentId, active: orgUnits.active })
    .from(orgUnits)
    .where(eq(orgUnits.institutionId, institutionId));
}

export async function countUnits(tx: Reader, institutionId: string): Promise<number> {
  const [{ n } = { n: 0 }] = await tx
    .select({ n: count() })
    .from(orgUnits)
    .where(eq(orgUnits.institutionId, institutionId));
  return n;
}

export type UnitInput = {
  name: string;
  parentId?: string | null;
  code?: string | null;
  responsible?: string | null;
};

export async function insertUnit(
  tx: Pick<Db, "insert">,
  unit: Pick<OrgUnit, "institutionId" | "id" | "parentId" | "name" | "code" | "responsible" | "position">,
): Promise<OrgUnit> {
  const [created] = await tx.insert(orgUnits).values(unit).returning();
  if (!created) throw new Error("insert returned nothing");
  return created;
}

/** The units directly below `parentId` (null: at the top), in the tree's order of siblings. */
export async function siblingUnits(
  tx: Reader,
  institutionId: string,
  parentId: string | null,
): Promise<OrgUnit[]> {
  const rows = await tx
    .select()
    .from(orgUnits)
    .where(
      and(
        eq(orgUnits.institutionId, institutionId),
        parentId === null ? isNull(orgUnits.parentId) : eq(orgUnits.parentId, parentId),
      ),
    );
  return rows.sort(
    (a, b) => a.position - b.position || a.name.localeCompare(b.name, "es") || a.id.localeCompare(b.id),
  );
}

/** Writes each unit's position (only those given). */
export async function setUnitPositions(
  tx: Pick<Db, "update">,
  institutionId: string,
  positions: { id: string; position: number }[],
): Promise<void> {
  for (const { id, position } of positions) {
    await tx
      .update(orgUnits)
      .set({ position })
      .where(and(eq(orgUnits.institutionId, institutionId), eq(orgUnits.id, id)));
  }
}

/** Writes the changed columns; the unit must exist. */
export async function updateUnitRow(
  tx: Pick<Db, "update">,
  institutionId: string,
  unitId: string,
  set: Partial<UnitInput> | Pick<OrgUnit, "active">,
): Promise<OrgUnit> {
  const [after] = await tx
    .update(orgUnits)
    .set(set)
    .where(and(eq(orgUnits.institutionId, institutionId), eq(orgUnits.id, unitId)))
    .returning();
  if (!after) throw new Error("update returned nothing");
  return after;
}

/** How many active units sit directly below the unit. */
export async function countActiveChildren(
  tx: Reader,
  institutionId: string,
  unitId: string,
): Promise<number> {
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
  return children?.n ?? 0;
}

/** How many active activities the unit has in plans that are not closed. */
export async function countRunningActivities(
  tx: Reader,
  institutionId: string,
  unitId: string,
): Promise<number> {
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
  return running?.n ?? 0;
}
