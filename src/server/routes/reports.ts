/**
 * `GET /api/plans/:id/reports/:report?period=Q1&format=xlsx`: a plan's report as a file
 * (CSV, xlsx, PDF or JSON) with its file name in Content-Disposition; `lang=en` writes its texts
 * in English (Spanish by default; the figures keep the institution's locale).
 *
 * Who may read it: any member of the plan's institution (viewer and up) and super-admins. A plan
 * of another institution answers the same 404 as a plan that does not exist.
 *
 * While the institution's figures do not change, the answer comes from the report cache
 * (`services/reports/report-cache.ts`): one indexed lookup of the change marker, no report SQL,
 * no rendering.
 */
import type { FastifySchema } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { ReportJson, ReportParams, ReportQuery } from "../../contract/report.js";
import type { Database } from "../../db/connection.js";
import { readPlanReport } from "../../services/reports/read-plan-report.js";
import { createReportCache } from "../../services/reports/report-cache.js";
import { requireMember, requireUser } from "../auth/permissions.js";

export const reportRoutes: FastifyPluginAsyncZod<{ database: Database }> = async (app, { database }) => {
  const cache = createReportCache();
  app.get(
    "/api/plans/:id/reports/:report",
    {
      schema: {
        summary: "Informe de un plan como archivo (CSV, xlsx, PDF o JSON)",
        params: ReportParams,
        querystring: ReportQuery,
        // Documents the JSON; the handler sends every format, JSON included, as the file's bytes,
        // which Fastify sends unserialized. Typed as unknown, since a typed reply takes no Buffer.
        response: { 200: ReportJson } as FastifySchema["response"],
      },
    },
    async (request, reply) => {
      requireUser(request);
      const { period, format, unit, activity, subtotals, baseline, lang } = request.query;
      const file = await readPlanReport(
        database.db,
        cache,
        {
          planId: request.params.id,
          report: request.params.report,
          period,
          format,
          ...(unit ? { unit } : {}),
          ...(activity ? { activity } : {}),
          subtotals,
          baseline,
          language: lang,
        },
        (institutionId) => requireMember(request, institutionId),
      );
      const disposition = format === "json" ? "inline" : "attachment";
      return reply
        .header("content-type", file.contentType)
        .header("content-disposition", `${disposition}; filename="${file.fileName}"`)
        .header("cache-control", "private, no-store")
        .send(file.body);
    },
  );
};
