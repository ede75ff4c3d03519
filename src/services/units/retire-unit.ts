/**
 * Retires a unit (`active = false`): it stays in history and in closed plans, takes no new
 * activities or sub-units, and leaves the choices of the web app. Refused (409) while it has
 * active sub-units or active activities in a plan that is not closed: those would be orphaned
 * in figures that are still being reported; retire or move them first.
 */
import { audit } from "../../db/audit.js";
import type { Db } from "../../db/connection.js";
import {
  countActiveChildren,
  countRunningActivities,
  type OrgUnit,
  updateUnitRow,
} from "../../db/org-units.js";
import type { Actor } from "../../domain/actor.js";
import { AppError } from "../../domain/errors.js";
import { requireUnit } from "./unit-rules.js";

export async function retireUnit(
  db: Db,
  actor: Actor,
  institutionId: string,
  unitId: string,
): Promise<OrgUnit> {
  return db.transaction(async (tx) => {
    const unit = await requireUnit(tx, institutionId, unitId);
    if (!unit.active) return unit;
    const children = await countActiveChildren(tx, institutionId, unitId);
    if (children > 0) {
      throw new AppError(
        "conflict",
        `La unidad «${unit.name}» tiene ${children} sub-unidad(es) activa(s): retírelas o muévalas primero.`,
        undefined,
        { code: "unit_has_subunits", params: { unit: unit.name, count: children } },
      );
    }
    const running = await countRunningActivities(tx, institutionId, unitId);
    if (running > 0) {
      throw new AppError(
        "conflict",
        `La unidad «${unit.name}» tiene ${running} actividad(es) activa(s) en planes no cerrados: retírelas o páselas a otra unidad primero.`,
        undefined,
        { code: "unit_has_activities", params: { unit: unit.name, count: running } },
      );
    }
    const after = await updateUnitRow(tx, institutionId, unitId, { active: false });
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
