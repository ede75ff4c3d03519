/**
 * The plan a report is about, found the way the CLI names it: the institution's name (or slug),
 * a year, and the plan's title or id when the year has several.
 */
import type { ReportKind } from "../../contract/report.js";
import type { Db } from "../../db/connection.js";
import { findInstitution } from "../../db/institutions.js";
import { plansOfInstitution } from "../../db/plans.js";
import { loadPlanContext, type PlanContext } from "../../db/reports/plan-context.js";
import { AppError } from "../../domain/errors.js";
import { fold } from "../../domain/normalize.js";

/**
 * The plan a report is about, from the institution's name (or slug) and a year. With several
 * plans that year, the one of the report's kind (POI for `poi`, POA for `poa`); `plan` (title or
 * id) decides when that is not enough. Without a year: the newest year with a plan.
 */
export async function findReportPlan(
  db: Db,
  query: { institution: string; year?: number; plan?: string; report?: ReportKind },
): Promise<PlanContext> {
  const institution = await findInstitution(db, query.institution);
  if (!institution) {
    throw new AppError("not_found", `No existe la institución «${query.institution}».`, "institution", {
      code: "institution_not_found",
      params: { institution: query.institution },
    });
  }
  const plans = await plansOfInstitution(db, institution.id);
  if (plans.length === 0) {
    throw new AppError(
      "not_found",
      `La institución «${institution.name}» no tiene planes registrados.`,
      "year",
      { code: "institution_without_plans", params: { institution: institution.name } },
    );
  }
  const year = query.year ?? (plans[0]?.year as number);
  let candidates = plans.filter((plan) => plan.year === year);
  if (candidates.length === 0) {
    const years = [...new Set(plans.map((plan) => plan.year))].sort().join(", ");
    throw new AppError(
      "not_found",
      `La institución «${institution.name}» no tiene un plan del año ${year}. Años con plan: ${years}.`,
      "year",
      { code: "no_plan_for_year", params: { institution: institution.name, year, years } },
    );
  }
  if (query.plan) {
    const wanted = fold(query.plan);
    candidates = candidates.filter((plan) => plan.id === query.plan || fold(plan.title) === wanted);
    if (candidates.length === 0) {
      throw new AppError(
        "not_found",
        `La institución «${institution.name}» no tiene un plan «${query.plan}» en ${year}.`,
        "plan",
        { code: "plan_not_found", params: { institution: institution.name, plan: query.plan, year } },
      );
    }
  }
  if (candidates.length > 1 && (query.report === "poi" || query.report === "poa")) {
    const kind = query.report.toUpperCase();
    const ofKind = candidates.filter((plan) => plan.kind === kind);
    if (ofKind.length > 0) candidates = ofKind;
  }
  if (candidates.length > 1) {
    const names = candidates.map((plan) => `«${plan.title}» (${plan.kind})`).join(", ");
    throw new AppError(
      "validation",
      `La institución «${institution.name}» tiene varios planes en ${year}: ${names}. Indique cuál (título o identificador).`,
      "plan",
      { code: "plan_ambiguous", params: { institution: institution.name, year, plans: names } },
    );
  }
  const plan = await loadPlanContext(db, (candidates[0] as { id: string }).id, institution.id);
  if (!plan) throw new AppError("not_found", "No se encontró el plan.", "plan", { code: "plan_not_found" });
  return plan;
}
