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
import {
  activityMonthParams,
  activityParams,
  exactAmount,
  idParam,
  institutionParam,
  month,
} from "../../contract/common.js";
import { strictBody, text } from "../../contract/fields.js";
import type { Database } from "../../db/connection.js";
import { getActivityExecution } from "../../services/execution/get-activity-execution.js";
import { recordExecution } from "../../services/execution/record-execution.js";
import { closeMonth } from "../../services/months/close-month.js";
import { listPlanMonths } from "../../services/months/list-plan-months.js";
import { reopenMonth } from "../../services/months/reopen-month.js";
import { requireMember, requireRole } from "../auth/permissions.js";
import {
  actorOf,
  ConflictSchema,
  callerOf,
  EntrySchema,
  ExecutionSchema,
  MonthSchema,
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
      requireMember(request, institutionId);
      return getActivityExecution(db, { institutionId, activityId });
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
      const auth = requireMember(request, institutionId);
      const result = await recordExecution(db, callerOf(auth, request, institutionId), {
        institutionId,
        activityId,
        month,
        ...request.body,
      });
      if ("entry" in result) return result.entry;
      return reply
        .status(409)
        .type("application/problem+json")
        .send({
          type: "conflict" as const,
          title: "Conflicto",
          status: 409 as const,
          detail: result.detail,
          field: "version" as const,
          code: result.reason.code,
          params: result.reason.params,
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
      return { months: await listPlanMonths(db, { institutionId, planId }) };
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
      return closeMonth(db, actorOf(auth, request), { institutionId, planId, month });
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
      return reopenMonth(db, actorOf(auth, request), {
        institutionId,
        planId,
        month,
        reason: request.body.reason.trim(),
      });
    },
  );
};
