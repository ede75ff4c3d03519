/**
 * Reprogramming requests, under `/api/institutions/:institutionId/`:
 *
 * - `POST activities/:activityId/reprogrammings` `{ quantities: [12], justification }`: the
 *   editors of the activity's unit (or a unit above it) and planners may ask; the plan must be
 *   in execution and closed months keep their values.
 * - `GET reprogrammings?status=pending&planId=…`: any member, paginated, old beside new values.
 * - `POST reprogrammings/:id/approve` and `…/reject` `{ comment? }`: planners, pending only.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { findActivityScope } from "../../db/activity-scope.js";
import type { Database } from "../../db/connection.js";
import {
  findReprogramming,
  listReprogrammings,
  requestReprogramming,
  reviewReprogramming,
} from "../../db/reprogrammings.js";
import { reprogrammingStatuses } from "../../db/schema.js";
import { AppError, messages, notFound } from "../../domain/errors.js";
import { canEditUnit, hasRole, requireMember, requireRole } from "../auth/permissions.js";
import { pageOf, pageQuery } from "../pagination.js";
import { requireInstitutionAccess } from "../tenant.js";
import { strictBody, text } from "../validation.js";
import {
  activityParams,
  actorOf,
  exactAmount,
  idParam,
  institutionParam,
  memberActivity,
  ReprogrammingSchema,
} from "./execution-common.js";

const RequestBody = strictBody({
  quantities: z
    .array(exactAmount("Cada mes debe ser un número o null.").nullable(), {
      error: "Envíe los doce meses, de enero a diciembre.",
    })
    .length(12, "Envíe los doce meses, de enero a diciembre."),
  justification: text(4000).refine((value) => value.trim() !== "", "No puede estar vacío."),
});

const ListQuery = z.object({
  status: z.enum(reprogrammingStatuses, { error: "Use pending, approved o rejected." }).optional(),
  planId: idParam("Only this plan's requests").optional(),
  ...pageQuery,
});

const reviewParams = z.object({ ...institutionParam, id: idParam("Reprogramming id") });
const ReviewBody = strictBody({
  comment: z.string({ error: "Debe ser un texto." }).max(4000).optional(),
}).optional();

export const reprogrammingRoutes: FastifyPluginAsyncZod<{ database: Database }> = async (
  app,
  { database },
) => {
  const db = database.db;
  const base = "/api/institutions/:institutionId";

  app.post(
    `${base}/activities/:activityId/reprogrammings`,
    {
      schema: {
        summary: "Pide reprogramar una actividad (editor de la unidad o planificador)",
        params: activityParams,
        body: RequestBody,
        response: { 201: ReprogrammingSchema },
      },
    },
    async (request, reply) => {
      const { institutionId, activityId } = request.params;
      const scope = await memberActivity(db, request, institutionId, activityId);
      const auth = requireMember(request, institutionId);
      const mayAsk =
        hasRole(auth, institutionId, ["planner"]) ||
        canEditUnit(auth, institutionId, scope.unitId, scope.unitChain);
      if (!mayAsk) throw new AppError("forbidden", messages.forbidden);
      const created = await requestReprogramming(
        db,
        scope,
        { quantities: request.body.quantities, justification: request.body.justification.trim() },
        actorOf(auth, request),
      );
      return reply.status(201).send(created);
    },
  );

  app.get(
    `${base}/reprogrammings`,
    {
      schema: {
        summary: "Solicitudes de reprogramación",
        params: z.object(institutionParam),
        querystring: ListQuery,
        response: { 200: pageOf(ReprogrammingSchema) },
      },
    },
    async (request) => {
      const { institutionId } = request.params;
      await requireInstitutionAccess(request, db, institutionId);
      const { status, planId, page, pageSize } = request.query;
      const { items, total } = await listReprogrammings(
        db,
        institutionId,
        { ...(status ? { status } : {}), ...(planId ? { planId } : {}) },
        { page, pageSize },
      );
      return { items, total, page, pageSize };
    },
  );

  for (const [action, decision] of [
    ["approve", "approved"],
    ["reject", "rejected"],
  ] as const) {
    app.post(
      `${base}/reprogrammings/:id/${action}`,
      {
        schema: {
          summary: decision === "approved" ? "Aprueba una reprogramación" : "Rechaza una reprogramación",
          params: reviewParams,
          body: ReviewBody,
          response: { 200: ReprogrammingSchema },
        },
      },
      async (request) => {
        const { institutionId, id } = request.params;
        const auth = requireRole(request, institutionId, ["planner"]);
        const found = await findReprogramming(db, institutionId, id);
        const scope = found && (await findActivityScope(db, institutionId, found.activity.id));
        if (!scope) throw notFound();
        const comment = request.body?.comment?.trim();
        return reviewReprogramming(
          db,
          scope,
          { id, decision, ...(comment ? { comment } : {}) },
          actorOf(auth, request),
        );
      },
    );
  }
};
