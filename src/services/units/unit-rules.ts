/**
 * The rules the unit use cases share: the unit or the tenant 404, and where a unit may sit in
 * the tree (names unique among siblings without regard to accents or case, as the import matches
 * them; never below itself or below a retired unit).
 */
import type { Db } from "../../db/connection.js";
import { lockInstitution } from "../../db/institutions.js";
import { findUnit, type OrgUnit, unitPlacements } from "../../db/org-units.js";
import { AppError, notFound } from "../../domain/errors.js";
import { isUuid } from "../../domain/ids.js";
import { fold } from "../../domain/normalize.js";
import { unitWithDescendants } from "../../domain/unit-tree.js";

/** The unit (institution, id), or undefined for an id that is no unit of the institution. */
export async function findUnitOf(
  db: Pick<Db, "select">,
  institutionId: string,
  unitId: string,
): Promise<OrgUnit | undefined> {
  return isUuid(unitId) ? findUnit(db, institutionId, unitId) : undefined;
}

/** The unit (institution, id), or the same 404 as a unit of another institution. */
export async function requireUnit(
  db: Pick<Db, "select">,
  institutionId: string,
  unitId: string,
): Promise<OrgUnit> {
  const unit = await findUnitOf(db, institutionId, unitId);
  if (!unit) throw notFound();
  return unit;
}

export async function checkPlacement(
  tx: Pick<Db, "select">,
  institutionId: string,
  unit: { id: string; name: string; parentId: string | null },
): Promise<void> {
  // One tree change at a time per institution: two concurrent moves could close a cycle, two
  // creations could give siblings the same name.
  await lockInstitution(tx, institutionId);
  const all = await unitPlacements(tx, institutionId);
  if (unit.parentId) {
    const parent = all.find((other) => other.id === unit.parentId);
    if (!parent) {
      throw new AppError("validation", "La unidad superior no existe en esta institución.", "parentId", {
        code: "parent_unit_not_found",
      });
    }
    if (!parent.active) {
      throw new AppError(
        "validation",
        `La unidad superior «${parent.name}» está retirada: no puede recibir unidades.`,
        "parentId",
        { code: "parent_unit_retired", params: { unit: parent.name } },
      );
    }
    if (unitWithDescendants(all, unit.id).has(parent.id)) {
      throw new AppError(
        "validation",
        "Una unidad no puede quedar debajo de sí misma ni de una de sus sub-unidades.",
        "parentId",
        { code: "unit_below_itself" },
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
      { code: "unit_name_taken", params: { unit: twin.name } },
    );
  }
}
