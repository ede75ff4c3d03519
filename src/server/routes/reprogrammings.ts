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
import { activityParams, institutionParam, Problem } from "../../contract/common.js";
import {
  Reprogramming,
  ReprogrammingListQuery,
  ReprogrammingPage,
  ReprogrammingRequestBody,
  ReviewBody,
  reprogrammingParams,
} from "../../contract/reprogramming.js";
import type { Database } from "../../db/connection.js";
import { listReprogrammings } from "../../services/reprogramming/list-reprogrammings.js";
import { requestReprogramming } from "../../services/reprogramming/request-reprogramming.js";
import { reviewReprogramming } from "../../services/reprogramming/review-reprogramming.js";
import { requireMember, requireRole } from "../auth/permissions.js";
import { requireInstitutionAccess } from "../tenant.js";
import { actorOf, callerOf } from "./caller.js";

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
        body: ReprogrammingRequestBody,
        response: { 201: Reprogramming, 409: Problem },
      },
    },
    async (request, reply) => {
      const { institutionId, activityId } = request.params;
      const auth = requireMember(request, institutionId);
      const created = await requestReprogramming(db, callerOf(auth, request, institutionId), {
        institutionId,
        activityId,
        quantities: request.body.quantities,
        justification: request.body.justification.trim(),
      });
      return reply.status(201).send(created);
    },
  );

  app.get(
    `${base}/reprogrammings`,
    {
      schema: {
        summary: "Solicitudes de reprogramación",
        params: z.object(institutionParam),
        querystring: ReprogrammingListQuery,
        response: { 200: ReprogrammingPage },
      },
    },
    async (request) => {
      const { institutionId } = request.params;
      await requireInstitutionAccess(request, db, institutionId);
      const { status, planId, page, pageSize } = request.query;
      return listReprogrammings(db, {
        institutionId,
        ...(status ? { status } : {}),
        ...(planId ? { planId } : {}),
        page,
        pageSize,
      });
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
          params: reprogrammingParams,
          body: ReviewBody,
          response: { 200: Reprogramming, 409: Problem },
        },
      },
      async (request) => {
        const { institutionId, id } = request.params;
        const auth = requireRole(request, institutionId, ["planner"]);
        const comment = request.body?.comment?.trim();
        return reviewReprogramming(db, actorOf(auth, request), {
          institutionId,
          id,
          decision,
          ...(comment ? { comment } : {}),
        });
      },
    );
  }
};
