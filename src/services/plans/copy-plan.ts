/**
 * «Nuevo plan a partir de…»: a new draft (same kind, another year) holding the source plan's
 * activities, and with `withProgramming` their current monthly programming; the units are the
 * institution's, shared by both plans. One transaction and one audit entry: all or nothing.
 */
import { randomUUID } from "node:crypto";
import { audit } from "../../db/audit.js";
import type { Db } from "../../db/connection.js";
import { copyPlanContent, type PlanCopyCounts } from "../../db/plan-copy.js";
import { insertPlan, type Plan } from "../../db/plans.js";
import { planVersions } from "../../db/programming.js";
import type { Actor } from "../../domain/actor.js";
import { refuseTwinPlan, requirePlan } from "./plan-rules.js";

export type CopyPlanInput = { year: number; title?: string | undefined; withProgramming: boolean };

export async function copyPlan(
  db: Db,
  actor: Actor,
  institutionId: string,
  sourcePlanId: string,
  input: CopyPlanInput,
): Promise<{ plan: Plan } & PlanCopyCounts> {
  return db.transaction(async (tx) => {
    const source = await requirePlan(tx, institutionId, sourcePlanId);
    const id = randomUUID();
    const fields = {
      year: input.year,
      kind: source.kind,
      title: input.title ?? source.title,
      generalObjective: source.generalObjective,
      department: source.department,
      responsible: source.responsible,
    };
    await refuseTwinPlan(tx, institutionId, fields, id);
    const created = await insertPlan(tx, { institutionId, id, ...fields });
    await planVersions(tx, institutionId, id);
    const counts = await copyPlanContent(tx, {
      institutionId,
      fromPlanId: source.id,
      toPlanId: id,
      yearShift: input.year - source.year,
      withProgramming: input.withProgramming,
    });
    await audit(tx, {
      institutionId,
      planId: id,
      action: "create",
      entity: "plan",
      entityId: id,
      after: { ...created, copiedFrom: source.id, withProgramming: input.withProgramming, ...counts },
      ...actor,
    });
    return { plan: created, ...counts };
  });
}
