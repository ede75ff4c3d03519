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
import { activityParams, idParam, institutionParam, pageQuery } from "../../contract/common.js";
import {
  dateField,
  integerField,
  monthlyField,
  optionalText,
  quantityField,
  strictBody,
  text,
} from "../../contract/fields.js";
import type { Database } from "../../db/connection.js";
import { measureKinds } from "../../domain/figures.js";
import { createActivity } from "../../services/activities/create-activity.js";
import { deleteActivity } from "../../services/activities/delete-activity.js";
import { getActivity } from "../../services/activities/get-activity.js";
import { listActivities } from "../../services/activities/list-activities.js";
import { programActivity } from "../../services/activities/program-activity.js";
import { updateActivity } from "../../services/activities/update-activity.js";
import { changesOf, FORM_BODY_LIMIT } from "../fields.js";
import { callerFirst, requireInstitutionAccess } from "../tenant.js";
import { actorOf } from "./execution-common.js";

const PLANNERS = ["planner"] as const;

const PlanParams = z.object({ ...institutionParam, planId: idParam("Plan id") });

const unitId = z
  .string({ error: "Indique la unidad orgánica (unitId)." })
  .max(100)
  .transform((id) => id.toLowerCase());

const fields = {
  code: optionalText(100),
  project: optionalText(1000),
  objective: optionalText(4000),
  location: optionalText(500),
  budgetActivity: optionalText(1000),
  unitOfMeasure: optionalText(200),
  annualTarget: quantityField,
  startDate: dateField,
  endDate: dateField,
  goal: optionalText(4000),
  responsible: optionalText(200),
  measureKind: z.enum(measureKinds, { error: "Use quantity o progress." }).optional(),
  cumulative: z.boolean({ error: "Debe ser true o false." }).optional(),
  oeiCode: optionalText(50),
  oeiName: optionalText(1000),
  aeiCode: optionalText(50),
  aeiName: optionalText(1000),
  priority: integerField().nullable().optional(),
  active: z.boolean({ error: "Debe ser true o false." }).optional(),
};

const CreateBody = strictBody({ unitId, name: text(1000), ...fields });
const PatchBody = strictBody({ unitId: unitId.optional(), name: text(1000).optional(), ...fields });
const ProgrammedBody = strictBody({
  quantities: monthlyField("cantidades"),
  money: monthlyField("montos").optional(),
});

export const activityRoutes: FastifyPluginAsyncZod<{ database: Database }> = async (app, { database }) => {
  const { db } = database;
  app.addHook("preValidation", callerFirst);

  app.get(
    "/api/institutions/:institutionId/plans/:planId/activities",
    {
      schema: {
        summary: "Actividades de un plan, con sus 12 meses programados y ejecutados",
        params: PlanParams,
        querystring: z.object({
          ...pageQuery,
          unitId: z.string().max(100).optional().describe("Solo esta unidad y sus sub-unidades"),
          q: z
            .string()
            .max(200, "Admite como máximo 200 caracteres.")
            .optional()
            .describe("Busca en nombre y código, sin importar tildes"),
          withdrawn: z
            .enum(["true", "false"], { error: "Use true o false." })
            .optional()
            .describe("true: incluye las actividades retiradas"),
        }),
      },
    },
    async (request) => {
      const { institutionId, planId } = request.params;
      await requireInstitutionAccess(request, db, institutionId);
      const { page, pageSize, unitId: unit, q, withdrawn } = request.query;
      return listActivities(
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
    },
  );

  app.post(
    "/api/institutions/:institutionId/plans/:planId/activities",
    {
      bodyLimit: FORM_BODY_LIMIT,
      schema: { summary: "Agrega una actividad a un plan en borrador", params: PlanParams, body: CreateBody },
    },
    async (request, reply) => {
      const { institutionId, planId } = request.params;
      const auth = await requireInstitutionAccess(request, db, institutionId, PLANNERS);
      const created = await createActivity(db, actorOf(auth, request), institutionId, planId, request.body);
      return reply.status(201).send(created);
    },
  );

  app.get(
    "/api/institutions/:institutionId/activities/:activityId",
    { schema: { summary: "Una actividad con sus meses", params: activityParams } },
    async (request) => {
      const { institutionId, activityId } = request.params;
      await requireInstitutionAccess(request, db, institutionId);
      return getActivity(db, institutionId, activityId);
    },
  );

  app.patch(
    "/api/institutions/:institutionId/activities/:activityId",
    {
      bodyLimit: FORM_BODY_LIMIT,
      schema: {
        summary: "Cambia una actividad de un plan en borrador",
        params: activityParams,
        body: PatchBody,
      },
    },
    async (request) => {
      const { institutionId, activityId } = request.params;
      const auth = await requireInstitutionAccess(request, db, institutionId, PLANNERS);
      return updateActivity(db, actorOf(auth, request), institutionId, activityId, changesOf(request.body));
    },
  );

  app.delete(
    "/api/institutions/:institutionId/activities/:activityId",
    { schema: { summary: "Borra una actividad de un plan en borrador", params: activityParams } },
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
      },
    },
    async (request) => {
      const { institutionId, activityId } = request.params;
      const auth = await requireInstitutionAccess(request, db, institutionId, PLANNERS);
      const { quantities, money } = request.body;
      return programActivity(db, actorOf(auth, request), institutionId, activityId, {
        quantities,
        ...(money ? { money } : {}),
      });
    },
  );
};
