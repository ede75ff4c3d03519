/**
 * Activities of a plan. Any member reads (each activity with its twelve current programmed and
 * executed months); a planner (or a super-admin) creates, edits, deletes and programs them, only
 * while the plan is a draft: afterwards programmed values change through a reprogramming (409).
 * - `GET /api/institutions/:institutionId/plans/:planId/activities?unitId=&q=`: paginated;
 *   `unitId` includes its sub-units, `q` searches name and code without regard to accents.
 * - `POST …/plans/:planId/activities`, `GET/PATCH/DELETE …/activities/:activityId`.
 * - `PUT …/activities/:activityId/programmed` `{ quantities: [12], money?: [12] }`.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  Activity,
  ActivityListQuery,
  ActivityPage,
  CreateActivityBody,
  PatchActivityBody,
  ProgrammedBody,
} from "../../contract/activities.js";
import { activityParams, Problem } from "../../contract/common.js";
import { planParams } from "../../contract/plans.js";
import type { Database } from "../../db/connection.js";
import { createActivity } from "../../services/activities/create-activity.js";
import { deleteActivity } from "../../services/activities/delete-activity.js";
import { getActivity } from "../../services/activities/get-activity.js";
import { listActivities } from "../../services/activities/list-activities.js";
import { programActivity } from "../../services/activities/program-activity.js";
import { updateActivity } from "../../services/activities/update-activity.js";
import { changesOf, FORM_BODY_LIMIT } from "../fields.js";
import { callerFirst, requireInstitutionAccess } from "../tenant.js";
import { actorOf } from "./caller.js";

const PLANNERS = ["planner"] as const;

function view(activity: Awaited<ReturnType<typeof getActivity>>): Activity {
  return {
    ...activity,
    createdAt: activity.createdAt.toISOString(),
    updatedAt: activity.updatedAt.toISOString(),
  };
}

export const activityRoutes: FastifyPluginAsyncZod<{ database: Database }> = async (app, { database }) => {
  const { db } = database;
  app.addHook("preValidation", callerFirst);

  app.get(
    "/api/institutions/:institutionId/plans/:planId/activities",
    {
      schema: {
        summary: "Actividades de un plan, con sus 12 meses programados y ejecutados",
        params: planParams,
        querystring: ActivityListQuery,
        response: { 200: ActivityPage },
      },
    },
    async (request) => {
      const { institutionId, planId } = request.params;
      await requireInstitutionAccess(request, db, institutionId);
      const { page, pageSize, unitId: unit, q, withdrawn } = request.query;
      const result = await listActivities(
        db,
        institutionId,
        planId,
        {
          ...(unit ? { unitId: unit.toLowerCase() } : {}),
          ...(q?.trim() ? { q } : {}),
          includeWithdrawn: withdrawn === "true",
        },
        { page, pageSize },
      );
      return { ...result, items: result.items.map(view) };
    },
  );

  app.post(
    "/api/institutions/:institutionId/plans/:planId/activities",
    {
      bodyLimit: FORM_BODY_LIMIT,
      schema: {
        summary: "Agrega una actividad a un plan en borrador",
        params: planParams,
        body: CreateActivityBody,
        response: { 201: Activity, 409: Problem },
      },
    },
    async (request, reply) => {
      const { institutionId, planId } = request.params;
      const auth = await requireInstitutionAccess(request, db, institutionId, PLANNERS);
      const created = await createActivity(db, actorOf(auth, request), institutionId, planId, request.body);
      return reply.status(201).send(view(created));
    },
  );

  app.get(
    "/api/institutions/:institutionId/activities/:activityId",
    {
      schema: { summary: "Una actividad con sus meses", params: activityParams, response: { 200: Activity } },
    },
    async (request) => {
      const { institutionId, activityId } = request.params;
      await requireInstitutionAccess(request, db, institutionId);
      return view(await getActivity(db, institutionId, activityId));
    },
  );

  app.patch(
    "/api/institutions/:institutionId/activities/:activityId",
    {
      bodyLimit: FORM_BODY_LIMIT,
      schema: {
        summary: "Cambia una actividad de un plan en borrador",
        params: activityParams,
        body: PatchActivityBody,
        response: { 200: Activity, 409: Problem },
      },
    },
    async (request) => {
      const { institutionId, activityId } = request.params;
      const auth = await requireInstitutionAccess(request, db, institutionId, PLANNERS);
      return view(
        await updateActivity(db, actorOf(auth, request), institutionId, activityId, changesOf(request.body)),
      );
    },
  );

  app.delete(
    "/api/institutions/:institutionId/activities/:activityId",
    {
      schema: {
        summary: "Borra una actividad de un plan en borrador",
        params: activityParams,
        response: { 204: z.undefined().describe("Borrada con sus meses"), 409: Problem },
      },
    },
    async (request, reply) => {
      const { institutionId, activityId } = request.params;
      const auth = await requireInstitutionAccess(request, db, institutionId, PLANNERS);
      await deleteActivity(db, actorOf(auth, request), institutionId, activityId);
      return reply.status(204).send();
    },
  );

  app.put(
    "/api/institutions/:institutionId/activities/:activityId/programmed",
    {
      bodyLimit: FORM_BODY_LIMIT,
      schema: {
        summary: "Reemplaza la programación mensual de una actividad de un plan en borrador",
        params: activityParams,
        body: ProgrammedBody,
        response: { 200: Activity, 409: Problem },
      },
    },
    async (request) => {
      const { institutionId, activityId } = request.params;
      const auth = await requireInstitutionAccess(request, db, institutionId, PLANNERS);
      const { quantities, money } = request.body;
      return view(
        await programActivity(db, actorOf(auth, request), institutionId, activityId, {
          quantities,
          ...(money ? { money } : {}),
        }),
      );
    },
  );
};
