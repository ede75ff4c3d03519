/**
 * The API's report of a plan, by the plan's id: from the report cache while the institution's
 * figures do not change (one indexed lookup of the change marker, no report SQL, no rendering),
 * else built and rendered now.
 */
import type { ReportFormat } from "../../contract/report.js";
import type { Db } from "../../db/connection.js";
import { planFigureVersion } from "../../db/figure-versions.js";
import { loadPlanContext } from "../../db/reports/plan-context.js";
import { notFound } from "../../domain/errors.js";
import { isUuid } from "../../domain/ids.js";
import { buildPlanReport, type ReportOptions } from "./build-plan-report.js";
import { type RenderedReport, renderReport } from "./render-report.js";
import type { ReportCache } from "./report-cache.js";

export type PlanReportRequest = Omit<ReportOptions, "now"> & { planId: string; format: ReportFormat };

/**
 * `authorize` gets the plan's institution before anything of the plan is read (the route's
 * tenant check); a plan that does not exist is the same 404 as one of another institution.
 */
export async function readPlanReport(
  db: Db,
  cache: ReportCache,
  request: PlanReportRequest,
  authorize: (institutionId: string) => void,
): Promise<RenderedReport> {
  const planId = request.planId.toLowerCase();
  const marker = isUuid(planId) ? await planFigureVersion(db, planId) : undefined;
  if (!marker) throw notFound();
  authorize(marker.institutionId);

  const { format, unit, activity, ...options } = request;
  const key = JSON.stringify([
    planId,
    options.report,
    options.period,
    format,
    unit,
    activity,
    options.subtotals,
    options.baseline,
    options.language,
  ]);
  return cache.get(key, marker.version, async () => {
    const plan = await loadPlanContext(db, planId, marker.institutionId);
    if (!plan) throw notFound();
    const built = await buildPlanReport(db, plan, {
      report: options.report,
      period: options.period,
      ...(unit ? { unit } : {}),
      ...(activity ? { activity } : {}),
      subtotals: options.subtotals,
      baseline: options.baseline,
      ...(options.language ? { language: options.language } : {}),
    });
    return renderReport(built, format);
  });
}
