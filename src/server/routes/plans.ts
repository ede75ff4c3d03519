/**
 * Plans of an institution and their life, draft → approved → in_execution → closed.
 * Any member reads; a planner or an admin creates and edits (only while draft); a planner (or a
 * super-admin) moves a plan one step: `POST …/approve` (freezes the baseline), `…/start`, `…/close`. A step from the
 * wrong status is a 409 naming the current status.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { institutionParam, Problem } from "../../contract/common.js";
import {
  CopyPlanBody,
  CreatePlanBody,
  PatchPlanBody,
  Plan,
  PlanCopy,
  PlanListQuery,
  PlanPage,
  planIdParams,
  planParams,
} from "../../contract/plans.js";
import type { Database } from "../../db/connection.js";
import type { PlanTransition } from "../../domain/plan-status.js";
import { copyPlan } from "../../services/plans/copy-plan.js";
import { createPlan } from "../../services/plans/create-plan.js";
import { getPlan } from "../../services/plans/get-plan.js";
import { listPlans } from "../../services/plans/list-plans.js";
import { locatePlan } from "../../services/plans/locate-plan.js";
import { transitionPlan } from "../../services/plans/transition-plan.js";
import { updatePlan } from "../../services/plans/update-plan.js";
import { requireMember, requireUser } from "../auth/permissions.js";
import { changesOf, FORM_BODY_LIMIT } from "../fields.js";
import { callerFirst, requireInstitutionAccess } from "../tenant.js";
import { actorOf } from "./caller.js";

/** Who writes a plan's data; only planners (and super-admins) move it between statuses. */
const WRITERS = ["admin", "planner"] as const;
const PLANNERS = ["planner"] as const;

function view(plan: Awaited<ReturnType<typeof getPlan>>): Plan {
  return {
    id: plan.id,
    institutionId: plan.institutionId,
    year: plan.year,
    kind: plan.kind,
    title: plan.title,
    status: plan.status,
    generalObjective: plan.generalObjective,
    department: plan.department,
    responsible: plan.responsible,
    documentDate: plan.documentDate,
    sourceFile: plan.sourceFile,
    createdAt: plan.createdAt.toISOString(),
    updatedAt: plan.updatedAt.toISOString(),
  };
}

const steps: Record<PlanTransition, string> = {
  approve: "Aprueba el plan (borrador → aprobado): la programación vigente pasa a ser la línea de base",
  start: "Inicia la ejecución (aprobado → en ejecución)",
  close: "Cierra el plan (en ejecución → cerrado)",
};

export const planRoutes: FastifyPluginAsyncZod<{ database: Database }> = async (app, { database }) => {
  const { db } = database;
  app.addHook("preValidation", callerFirst);

  app.get(
    "/api/institutions/:institutionId/plans",
    {
      schema: {
        summary: "Planes de la institución, del año más reciente al más antiguo",
        params: z.object(institutionParam),
        querystring: PlanListQuery,
        response: { 200: PlanPage },
      },
    },
    async (request) => {
      const { institutionId } = request.params;
      await requireInstitutionAccess(request, db, institutionId);
      const { page, pageSize, year: onlyYear, status } = request.query;
      const result = await listPlans(
        db,
        institutionId,
        { ...(onlyYear ? { year: onlyYear } : {}), ...(status ? { status } : {}) },
        { page, pageSize },
      );
      return { ...result, items: result.items.map(view) };
    },
  );

  app.post(
    "/api/institutions/:institutionId/plans",
    {
      bodyLimit: FORM_BODY_LIMIT,
      schema: {
        summary: "Crea un plan en borrador",
        params: z.object(institutionParam),
        body: CreatePlanBody,
        response: { 201: Plan, 409: Problem },
      },
    },
    async (request, reply) => {
      const { institutionId } = request.params;
      const auth = await requireInstitutionAccess(request, db, institutionId, WRITERS);
      const created = await createPlan(db, actorOf(auth, request), institutionId, request.body);
      return reply.status(201).send(view(created));
    },
  );

  app.get(
    "/api/institutions/:institutionId/plans/:planId",
    { schema: { summary: "Un plan", params: planParams, response: { 200: Plan } } },
    async (request) => {
      const { institutionId, planId } = request.params;
      await requireInstitutionAccess(request, db, institutionId);
      return view(await getPlan(db, institutionId, planId));
    },
  );

  // A link to a plan carries no institution: the web asks this to open the plan's institution.
  app.get(
    "/api/plans/:planId",
    {
      schema: {
        summary: "Un plan por su identificador, con su institución (cualquier miembro de ella)",
        params: planIdParams,
        response: { 200: Plan },
      },
    },
    async (request) => {
      requireUser(request);
      return view(
        await locatePlan(db, request.params.planId, (institutionId) => requireMember(request, institutionId)),
      );
    },
  );

  app.patch(
    "/api/institutions/:institutionId/plans/:planId",
    {
      bodyLimit: FORM_BODY_LIMIT,
      schema: {
        summary: "Cambia los datos de un plan en borrador",
        params: planParams,
        body: PatchPlanBody,
        response: { 200: Plan, 409: Problem },
      },
    },
    async (request) => {
      const { institutionId, planId } = request.params;
      const auth = await requireInstitutionAccess(request, db, institutionId, WRITERS);
      return view(
        await updatePlan(db, actorOf(auth, request), institutionId, planId, changesOf(request.body)),
      );
    },
  );

  app.post(
    "/api/institutions/:institutionId/plans/:planId/copy",
    {
      bodyLimit: FORM_BODY_LIMIT,
      schema: {
        summary:
          "Nuevo plan en borrador a partir de este: otro año, sus actividades y, si se pide, su programación vigente",
        params: planParams,
        body: CopyPlanBody,
        response: { 201: PlanCopy, 409: Problem },
      },
    },
    async (request, reply) => {
      const { institutionId, planId } = request.params;
      // It writes activities and programming: a planner's work, as the activity routes say.
      const auth = await requireInstitutionAccess(request, db, institutionId, PLANNERS);
      const { plan, ...counts } = await copyPlan(
        db,
        actorOf(auth, request),
        institutionId,
        planId,
        request.body,
      );
      return reply.status(201).send({ plan: view(plan), ...counts });
    },
  );

  for (const transition of Object.keys(steps) as PlanTransition[]) {
    app.post(
      `/api/institutions/:institutionId/plans/:planId/${transition}`,
      {
        schema: {
          summary: steps[transition],
          params: planParams,
          response: { 200: Plan, 409: Problem },
        },
      },
      async (request) => {
        const { institutionId, planId } = request.params;
        const auth = await requireInstitutionAccess(request, db, institutionId, PLANNERS);
        return view(await transitionPlan(db, actorOf(auth, request), institutionId, planId, transition));
      },
    );
  }
};
