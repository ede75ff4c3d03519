/**
 * Changes an institution's name and settings. The traffic-light thresholds must keep
 * amber ≤ green ≤ over-execution (the database checks it too; this says it in Spanish).
 */
import { audit } from "../../db/audit.js";
import type { Db } from "../../db/connection.js";
import {
  findInstitutionForUpdate,
  type Institution,
  type InstitutionSettings,
  updateInstitutionRow,
} from "../../db/institutions.js";
import type { Actor } from "../../domain/actor.js";
import { AppError, notFound } from "../../domain/errors.js";

export async function updateInstitution(
  db: Db,
  actor: Actor,
  id: string,
  patch: InstitutionSettings,
): Promise<Institution> {
  return db.transaction(async (tx) => {
    const before = await findInstitutionForUpdate(tx, id);
    if (!before) throw notFound();
    const next = { ...before, ...patch };
    const [amber, green, over] = [next.amberFrom, next.greenFrom, next.overExecutionAbove].map(Number);
    if ((amber as number) > (green as number)) {
      throw new AppError(
        "validation",
        `El umbral ámbar (${amber} %) no puede ser mayor que el verde (${green} %).`,
        "amberFrom",
        { code: "amber_above_green", params: { amber: amber as number, green: green as number } },
      );
    }
    if ((green as number) > (over as number)) {
      throw new AppError(
        "validation",
        `El umbral verde (${green} %) no puede ser mayor que el de sobreejecución (${over} %).`,
        "greenFrom",
        { code: "green_above_over_execution", params: { green: green as number, over: over as number } },
      );
    }
    const after = await updateInstitutionRow(tx, id, patch);
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
