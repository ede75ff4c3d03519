/**
 * Monthly execution and month closing, under `/api/institutions/:institutionId/`:
 *
 * - `GET activities/:activityId/execution`: the twelve months (any member).
 * - `PUT activities/:activityId/execution/:month`: records a month. Who: the editors of the
 *   activity's unit or of a unit above it (and super-admins). Planners and admins do not record
 *   execution through the API: the domain gives that to the unit's responsible, and the
 *   planning office, which closes the months and reviews the figures, stays a reviewer (a
 *   planner who must load execution in bulk imports it). The plan must be in execution and the
 *   month open (409 otherwise); a stale `version` answers 409 with the current entry.
 * - `GET plans/:planId/months`, `POST plans/:planId/months/:month/close` and
 *   `POST …/reopen` `{ reason }`: planners only. Months close in order; any closed month may
 *   be reopened, with the reason kept in the audit log.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { monthName } from "../../db/activity-scope.js";
import { closeMonth, planMonths, reopenMonth } from "../../db/closed-months.js";
import type { Database } from "../../db/connection.js";
import { activityExecution, recordExecution } from "../../db/execution.js";
import { requirePlan } from "../../services/plans/plan-rules.js";
import { requireMember, requireRole } from "../auth/permissions.js";
import { strictBody, text } from "../validation.js";
import {
  activityMonthParams,
  activityParams,
  actorOf,
  ConflictSchema,
  EntrySchema,
  ExecutionSchema,
  exactAmount,
  idParam,
  institutionParam,
  MonthSchema,
  memberActivity,
  month,
  requireActivityEditor,
} from "./execution-common.js";

const amount = (what: string) => exactAmount(`Debe ser un número (o null para ${what}).`);

const ExecutionBody = strictBody({
  value: amount("dejar el mes sin ejecución").nullable(),
  money: amount("dejar el mes sin monto").nullable().optional(),
  comment: z
    .string({ error: "Debe ser un texto." })
    .max(4000, "Admite como máximo 4000 caracteres.")
    .optional(),
  version: z
    .number({ error: "Es obligatorio: la versión que leyó (0 si el mes no tiene registro)." })
    .int("Debe ser un número entero.")
    .nonnegative("No puede ser negativo."),
});

const planParams = z.object({ ...institutionParam, planId: idParam("Plan id") });
const planMonthParams = planParams.extend({ month });

export const executionRoutes: FastifyPluginAsyncZod<{ database: Database }> = async (app, { database }) => {
  const db = database.db;
  const base = "/api/institutions/:institutionId";

  app.get(
    `${base}/activities/:activityId/execution`,
    {
      schema: {
        summary: "Ejecución de una actividad: los doce meses",
        params: activityParams,
        response: { 200: ExecutionSchema },
      },
    },
    async (request) => {
      const { institutionId, activityId } = request.params;
      const scope = await memberActivity(db, request, institutionId, activityId);
      return {
        activityId: scope.id,
        measureKind: scope.measureKind,
        months: await activityExecution(db, scope),
      };
    },
  );

  app.put(
    `${base}/activities/:activityId/execution/:month`,
    {
      schema: {
        summary: "Registra la ejecución de un mes (editor de la unidad)",
        params: activityMonthParams,
        body: ExecutionBody,
        response: { 200: EntrySchema.extend({ month: z.number().int() }), 409: ConflictSchema },
      },
    },
    async (request, reply) => {
      const { institutionId, activityId, month } = request.params;
      const scope = await memberActivity(db, request, institutionId, activityId);
      const auth = requireActivityEditor(request, scope);
      const result = await recordExecution(db, scope, { month, ...request.body }, actorOf(auth, request));
      if ("entry" in result) return result.entry;
      return reply
        .status(409)
        .type("application/problem+json")
        .send({
          type: "conflict" as const,
          title: "Conflicto",
          status: 409 as const,
          detail:
            `El registro de ${monthName(month)} cambió mientras lo editaba (versión actual ${result.stale.version}, ` +
            `usted leyó la ${request.body.version}): revise el valor actual y vuelva a guardar.`,
          field: "version" as const,
          current: result.stale,
        });
    },
  );

  app.get(
    `${base}/plans/:planId/months`,
    {
      schema: {
        summary: "Meses de un plan: cerrados o abiertos",
        params: planParams,
        response: { 200: z.object({ months: z.array(MonthSchema) }) },
      },
    },
    async (request) => {
      const { institutionId, planId } = request.params;
      requireMember(request, institutionId);
      await requirePlan(db, institutionId, planId);
      return { months: await planMonths(db, institutionId, planId) };
    },
  );

  app.post(
    `${base}/plans/:planId/months/:month/close`,
    {
      schema: {
        summary: "Cierra un mes del plan (planificador)",
        params: planMonthParams,
        response: { 200: MonthSchema },
      },
    },
    async (request) => {
      const { institutionId, planId, month } = request.params;
      const auth = requireRole(request, institutionId, ["planner"]);
      await requirePlan(db, institutionId, planId);
      return closeMonth(db, { institutionId, planId: planId, month }, actorOf(auth, request));
    },
  );

  app.post(
    `${base}/plans/:planId/months/:month/reopen`,
    {
      schema: {
        summary: "Reabre un mes cerrado, con el motivo (planificador)",
        params: planMonthParams,
        response: { 200: MonthSchema },
        body: strictBody({
          reason: text(1000).refine((reason) => reason.trim() !== "", "No puede estar vacío."),
        }),
      },
    },
    async (request) => {
      const { institutionId, planId, month } = request.params;
      const auth = requireRole(request, institutionId, ["planner"]);
      await requirePlan(db, institutionId, planId);
      return reopenMonth(
        db,
        { institutionId, planId: planId, month, reason: request.body.reason.trim() },
        actorOf(auth, request),
      );
    },
  );
};
