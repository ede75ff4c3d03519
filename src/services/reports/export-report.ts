/**
 * The CLI's report: the plan found by institution and year (`find-report-plan.ts`), built and
 * written as a file.
 */
import type { ReportFormat } from "../../contract/report.js";
import type { Db } from "../../db/connection.js";
import { buildPlanReport, type ReportOptions } from "./build-plan-report.js";
import { findReportPlan } from "./find-report-plan.js";
import { type RenderedReport, renderReport } from "./render-report.js";

export async function exportReport(
  db: Db,
  request: ReportOptions & { institution: string; year?: number; plan?: string; format: ReportFormat },
): Promise<RenderedReport> {
  const { institution, year, plan: planName, format, ...options } = request;
  const plan = await findReportPlan(db, {
    institution,
    ...(year === undefined ? {} : { year }),
    ...(planName ? { plan: planName } : {}),
    report: options.report,
  });
  return renderReport(await buildPlanReport(db, plan, options), format);
}
