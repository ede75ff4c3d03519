/** Rename, recode, change the responsible or move (a new `parentId`; null = to the top). */
import { audit } from "../../db/audit.js";
import type { Db } from "../../db/connection.js";
import { type OrgUnit, type UnitInput, updateUnitRow } from "../../db/org-units.js";
import type { Actor } from "../../domain/actor.js";
import { checkPlacement, requireUnit } from "./unit-rules.js";

export async function updateUnit(
  db: Db,
  actor: Actor,
  institutionId: string,
  unitId: string,
  patch: Partial<UnitInput>,
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
    const after = await updateUnitRow(tx, institutionId, unitId, patch);
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
