/** Parameters and lookups shared by the execution, reprogramming and evidence routes. */
import type { FastifyRequest } from "fastify";
import { z } from "zod";
import { type ActivityScope, findActivityScope } from "../../db/activity-scope.js";
import type { Db } from "../../db/connection.js";
import type { Actor } from "../../db/execution.js";
import { type Auth, notFound, requireMember, requireUnitEditor } from "../auth/permissions.js";

/** An id from the URL, lower-cased (uuids are compared as stored). */
export const idParam = (description: string) =>
  z
    .string()
    .max(100)
    .transform((id) => id.toLowerCase())
    .describe(description);

export const institutionParam = { institutionId: idParam("Institution id") };

export const activityParams = z.object({ ...institutionParam, activityId: idParam("Activity id") });

export const month = z.coerce
  .number({ error: "Debe ser un número de mes, de 1 a 12." })
  .int("Debe ser un número de mes, de 1 a 12.")
  .min(1, "Debe ser un número de mes, de 1 a 12.")
  .max(12, "Debe ser un número de mes, de 1 a 12.")
  .describe("1 = enero … 12 = diciembre");

export const activityMonthParams = activityParams.extend({ month });

/** 401 / 404 first (the institution from the URL), then the activity by (institution, id). */
export async function memberActivity(
  db: Db,
  request: FastifyRequest,
  institutionId: string,
  activityId: string,
): Promise<ActivityScope> {
  requireMember(request, institutionId);
  const scope = await findActivityScope(db, institutionId, activityId);
  if (!scope) throw notFound();
  return scope;
}

/** An editor of the activity's unit (or of a unit above it), or 403. */
export function requireActivityEditor(request: FastifyRequest, scope: ActivityScope) {
  return requireUnitEditor(request, scope.institutionId, scope.unitId, scope.unitChain);
}

export function actorOf(auth: Auth, request: FastifyRequest): Actor {
  return { userId: auth.user.id, ip: request.ip };
}
