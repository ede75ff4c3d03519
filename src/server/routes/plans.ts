/**
 * Plans of an institution and their life, draft → approved → in_execution → closed.
 * Any member reads; a planner or an admin creates and edits (only while draft); a planner (or a
 * super-admin) moves a plan one step: `POST …/approve` (freezes the baseline), `…/start`, `…/close`. A step from the
 * wrong status is a 409 naming the current status.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { idParam, institutionParam, pageQuery } from "../../contract/common.js";
import { dateField, optionalText, strictBody, text } from "../../contract/fields.js";
import type { Database } from "../../db/connection.js";
import { type PlanTransition, planKinds, planStatuses } from "../../domain/plan-status.js";
import { createPlan } from "../../services/plans/create-plan.js";
import { getPlan } from "../../services/plans/get-plan.js";
import { listPlans } from "../../services/plans/list-plans.js";
import { transitionPlan } from "../../services/plans/transition-plan.js";
import { updatePlan } from "../../services/plans/update-plan.js";
import { changesOf, FORM_BODY_LIMIT } from "../fields.js";
import { callerFirst, requireInstitutionAccess } from "../tenant.js";
import { actorOf } from "./execution-common.js";

/** Who writes a plan's data; only planners (and super-admins) move it between statuses. */
const WRITERS = ["admin", "planner"] as const;
const PLANNERS = ["planner"] as const;

const PlanParams = z.object({ ...institutionParam, planId: idParam("Plan id") });

const year = z
  .number({ error: "Debe ser un año, p. ej. 2025." })
  .int("Debe ser un año, p. ej. 2025.")
  .min(2000, "Debe estar entre 2000 y 2100.")
  .max(2100, "Debe estar entre 2000 y 2100.");
const kind = z.enum(planKinds, { error: "Use POI o POA." });

const fields = {
  generalObjective: optionalText(4000),
  department: optionalText(300),
  responsible: optionalText(200),
  documentDate: dateField,
};

const CreateBody = strictBody({ year, kind, title: text(500), ...fields });
const PatchBody = strictBody({
  year: year.optional(),
  kind: kind.optional(),
  title: text(500).optional(),
  ...fields,
});

type Plan = Awaited<ReturnType<typeof getPlan>>;

function view(plan: Plan) {
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
    createdAt: plan.createdAt,
    updatedAt: plan.updatedAt,
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
        querystring: z.object({
          ...pageQuery,
          year: z.coerce
            .number({ error: "Debe ser un año, p. ej. 2025." })
            .int("Debe ser un año, p. ej. 2025.")
            .min(2000, "Debe estar entre 2000 y 2100.")
            .max(2100, "Debe estar entre 2000 y 2100.")
            .optional(),
          status: z.enum(planStatuses, { error: `Use ${planStatuses.join(", ")}.` }).optional(),
        }),
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
      schema: { summary: "Crea un plan en borrador", params: z.object(institutionParam), body: CreateBody },
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
    { schema: { summary: "Un plan", params: PlanParams } },
    async (request) => {
      const { institutionId, planId } = request.params;
      await requireInstitutionAccess(request, db, institutionId);
      return view(await getPlan(db, institutionId, planId));
    },
  );

  app.patch(
    "/api/institutions/:institutionId/plans/:planId",
    {
      bodyLimit: FORM_BODY_LIMIT,
      schema: { summary: "Cambia los datos de un plan en borrador", params: PlanParams, body: PatchBody },
    },
    async (request) => {
      const { institutionId, planId } = request.params;
      const auth = await requireInstitutionAccess(request, db, institutionId, WRITERS);
      return view(
        await updatePlan(db, actorOf(auth, request), institutionId, planId, changesOf(request.body)),
      );
    },
  );

  for (const transition of Object.keys(steps) as PlanTransition[]) {
    app.post(
      `/api/institutions/:institutionId/plans/:planId/${transition}`,
      { schema: { summary: steps[transition], params: PlanParams } },
      async (request) => {
        const { institutionId, planId } = request.params;
        const auth = await requireInstitutionAccess(request, db, institutionId, PLANNERS);
        return view(await transitionPlan(db, actorOf(auth, request), institutionId, planId, transition));
      },
    );
  }
};
