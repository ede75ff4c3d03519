/**
 * A plan found by its id alone, whatever its institution (a link to `/plans/:id` opened from
 * another institution's page, a bookmark): `authorize` gets the plan's institution before the
 * plan is read, so a plan of an institution the caller is not a member of is the same 404 as one
 * that does not exist.
 */
import type { Db } from "../../db/connection.js";
import { planFigureVersion } from "../../db/figure-versions.js";
import type { Plan } from "../../db/plans.js";
import { notFound } from "../../domain/errors.js";
import { isUuid } from "../../domain/ids.js";
import { requirePlan } from "./plan-rules.js";

export async function locatePlan(
  db: Db,
  planId: string,
  authorize: (institutionId: string) => void,
): Promise<Plan> {
  const id = planId.toLowerCase();
  const marker = isUuid(id) ? await planFigureVersion(db, id) : undefined;
  if (!marker) throw notFound();
  authorize(marker.institutionId);
  return requirePlan(db, marker.institutionId, id);
}
