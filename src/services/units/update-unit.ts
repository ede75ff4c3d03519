/**
 * Rename, recode, change the responsible, move (a new `parentId`; null = to the top) or reorder
 * (`position`: its place among its siblings, 0 = first; the siblings are renumbered after it).
 */
import { audit } from "../../db/audit.js";
import type { Db } from "../../db/connection.js";
import {
  type OrgUnit,
  setUnitPositions,
  siblingUnits,
  type UnitInput,
  updateUnitRow,
} from "../../db/org-units.js";
import type { Actor } from "../../domain/actor.js";
import { checkPlacement, requireUnit } from "./unit-rules.js";

export async function updateUnit(
  db: Db,
  actor: Actor,
  institutionId: string,
  unitId: string,
  changes: Partial<UnitInput> & { position?: number },
): Promise<OrgUnit> {
  const { position, ...patch } = changes;
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
    let after =
      Object.keys(patch).length > 0 ? await updateUnitRow(tx, institutionId, unitId, patch) : before;
    if (position !== undefined) {
      const others = (await siblingUnits(tx, institutionId, after.parentId)).filter(
        (unit) => unit.id !== unitId,
      );
      const ordered = [...others.slice(0, position), after, ...others.slice(position)];
      await setUnitPositions(
        tx,
        institutionId,
        ordered.flatMap((unit, index) => (unit.position === index ? [] : [{ id: unit.id, position: index }])),
      );
      after = { ...after, position: ordered.indexOf(after) };
    }
    await audit(tx, {
      institutionId,
      unitId,
      action: patch.parentId !== undefined && patch.parentId !== before.parentId ? "move" : "update",
      entity: "org_unit",
      entityId: unitId,
      before: Object.fromEntries(Object.keys(changes).map((key) => [key, before[key as keyof OrgUnit]])),
      after: changes,
      ...actor,
    });
    return after;
  });
}
