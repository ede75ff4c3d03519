/** A new org unit at the end of the institution's units (`parentId` null: at the top). */
import { randomUUID } from "node:crypto";
import { audit } from "../../db/audit.js";
import type { Db } from "../../db/connection.js";
import { countUnits, insertUnit, type OrgUnit, type UnitInput } from "../../db/org-units.js";
import type { Actor } from "../../domain/actor.js";
import { checkPlacement } from "./unit-rules.js";

export async function createUnit(
  db: Db,
  actor: Actor,
  institutionId: string,
  input: UnitInput,
): Promise<OrgUnit> {
  return db.transaction(async (tx) => {
    const id = randomUUID();
    const parentId = input.parentId ?? null;
    await checkPlacement(tx, institutionId, { id, name: input.name, parentId });
    const created = await insertUnit(tx, {
      institutionId,
      id,
      parentId,
      name: input.name,
      code: input.code ?? null,
      responsible: input.responsible ?? null,
      position: await countUnits(tx, institutionId),
    });
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
