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
 *   be reopened, with the reason kept in the audit log. `GET plans/:planId/months/:month/missing`
 *   (any member): the activities programmed that month with nothing recorded, by unit, which the
 *   closing confirmation lists.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { activityMonthParams, activityParams, Problem } from "../../contract/common.js";
import {
  Conflict,
  Execution,
  ExecutionBody,
  MissingExecution,
  PlanMonth,
  PlanMonths,
  planMonthParams,
  RecordedEntry,
  ReopenBody,
} from "../../contract/execution.js";
import { planParams } from "../../contract/plans.js";
import type { Database } from "../../db/connection.js";
import { getActivityExecution } from "../../services/execution/get-activity-execution.js";
import { recordExecution } from "../../services/execution/record-execution.js";
import { closeMonth } from "../../services/months/close-month.js";
import { listMissingExecution } from "../../services/months/list-missing-execution.js";
import { listPlanMonths } from "../../services/months/list-plan-months.js";
import { reopenMonth } from "../../services/months/reopen-month.js";
import { requireMember, requireRole } from "../auth/permissions.js";
import { actorOf, callerOf } from "./caller.js";

export const executionRoutes: FastifyPluginAsyncZod<{ database: Database }> = async (app, { database }) => {
  const db = database.db;
  const base = "/api/institutions/:institutionId";

  app.get(
    `${base}/activities/:activityId/execution`,
    {
      schema: {
        summary: "Ejecución de una actividad: los doce meses",
        params: activityParams,
        response: { 200: Execution },
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
        response: { 200: RecordedEntry, 409: Conflict },
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
        response: { 200: PlanMonths },
      },
    },
    async (request) => {
      const { institutionId, planId } = request.params;
      requireMember(request, institutionId);
      return { months: await listPlanMonths(db, { institutionId, planId }) };
    },
  );

  app.get(
    `${base}/plans/:planId/months/:month/missing`,
    {
      schema: {
        summary:
          "Lo que le falta a un mes antes de cerrarlo: actividades programadas sin ejecución registrada",
        params: planMonthParams,
        response: { 200: MissingExecution },
      },
    },
    async (request) => {
      const { institutionId, planId, month } = request.params;
      requireMember(request, institutionId);
      return listMissingExecution(db, { institutionId, planId, month });
    },
  );

  app.post(
    `${base}/plans/:planId/months/:month/close`,
    {
      schema: {
        summary: "Cierra un mes del plan (planificador)",
        params: planMonthParams,
        response: { 200: PlanMonth, 409: Problem },
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
        body: ReopenBody,
        response: { 200: PlanMonth, 409: Problem },
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
