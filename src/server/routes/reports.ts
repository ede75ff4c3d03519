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
import { z } from "zod";
import type { Database } from "../../db/connection.js";
import { reportLanguages } from "../../domain/report-language.js";
import { reportKinds } from "../../services/reports/build-plan-report.js";
import { readPlanReport } from "../../services/reports/read-plan-report.js";
import { reportFormats } from "../../services/reports/render-report.js";
import { createReportCache } from "../../services/reports/report-cache.js";
import { requireMember, requireUser } from "../auth/permissions.js";
import { ReportJson } from "./report-schemas.js";

const flag = z
  .enum(["true", "false", "1", "0"])
  .optional()
  .transform((value) => value === "true" || value === "1");

const Params = z.object({
  id: z.string().max(100).describe("Plan id"),
  report: z
    .enum(reportKinds)
    .describe(
      "poi: seguimiento POI; poa: POA con indicador; units: resumen por unidad; activity: ficha de actividad",
    ),
});

const Query = z.object({
  period: z
    .string()
    .min(1)
    .max(20)
    .describe("M01…M12, Q1…Q4, S1, S2, YEAR, YTD (through the last closed month) or YTD-M05"),
  format: z.enum(reportFormats).default("json"),
  unit: z.string().max(300).optional().describe("Only this unit and its sub-units: name, code or id"),
  activity: z.string().max(500).optional().describe("The activity of an activity sheet: name, code or id"),
  subtotals: flag.describe("POI: group by unit with subtotals"),
  baseline: flag.describe("POI: the baseline programming beside the current one"),
  lang: z
    .enum(reportLanguages)
    .default("es")
    .describe(
      "Language of the report's texts (headers, titles, notes, charts): es (default) or en. Figures keep the institution's locale",
    ),
});

export const reportRoutes: FastifyPluginAsyncZod<{ database: Database }> = async (app, { database }) => {
  const cache = createReportCache();
  app.get(
    "/api/plans/:id/reports/:report",
    {
      schema: {
        summary: "Informe de un plan como archivo (CSV, xlsx, PDF o JSON)",
        params: Params,
        querystring: Query,
        // Typed as unknown: documents the JSON, while the handler sends every format as a file.
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
