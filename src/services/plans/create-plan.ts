/** A new draft plan with its current programming and its (derived) baseline, both empty. */
import { randomUUID } from "node:crypto";
import { audit } from "../../db/audit.js";
import type { Db } from "../../db/connection.js";
import { insertPlan, type Plan, type PlanInput } from "../../db/plans.js";
import { planVersions } from "../../db/programming.js";
import type { Actor } from "../../domain/actor.js";
import { refuseTwinPlan } from "./plan-rules.js";

export async function createPlan(
  db: Db,
  actor: Actor,
  institutionId: string,
  input: PlanInput,
): Promise<Plan> {
  return db.transaction(async (tx) => {
    const id = randomUUID();
    await refuseTwinPlan(tx, institutionId, input, id);
    const created = await insertPlan(tx, { institutionId, id, ...input });
    await planVersions(tx, institutionId, id);
    await audit(tx, {
      institutionId,
      planId: id,
      action: "create",
      entity: "plan",
      entityId: id,
      after: created,
      ...actor,
    });
    return created;
  });
}
