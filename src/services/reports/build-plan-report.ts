/**
 * A plan's report as a table model: load the figures (SQL, `src/db/reports/*`), build the model
 * (`src/report/build-*.ts`). Which plan, and who may read it, the caller has settled.
 */
import { type ReportKind, reportKinds } from "../../contract/report.js";
import { activityNames } from "../../db/activities.js";
import type { Db } from "../../db/connection.js";
import type { FigureScope } from "../../db/figures.js";
import { scopeFigures } from "../../db/figures.js";
import { type OrgUnit, unitTree } from "../../db/org-units.js";
import { activityDetail } from "../../db/reports/activity-detail.js";
import { activityLines } from "../../db/reports/activity-lines.js";
import { executionComments } from "../../db/reports/execution-comments.js";
import { lineTotals } from "../../db/reports/line-totals.js";
import { monthlySeries } from "../../db/reports/monthly-series.js";
import type { PlanContext } from "../../db/reports/plan-context.js";
import { reprogrammingHistory } from "../../db/reports/reprogramming-history.js";
import { unitSummary } from "../../db/reports/unit-summary.js";
import { AppError } from "../../domain/errors.js";
import { isUuid } from "../../domain/ids.js";
import { fold } from "../../domain/normalize.js";
import { type Period, parsePeriod, periodMonths } from "../../domain/periods.js";
import type { ReportLanguage } from "../../domain/report-language.js";
import { buildActivityReport } from "../../report/build-activity.js";
import type { ReportContext } from "../../report/build-common.js";
import { buildPoaReport } from "../../report/build-poa.js";
import { buildPoiReport } from "../../report/build-poi.js";
import { buildUnitsReport } from "../../report/build-units.js";
import type { Report } from "../../report/model.js";

export type ReportOptions = {
  report: ReportKind;
  /** `M01`…`M12`, `Q1`…`Q4`, `S1`, `S2`, `YEAR`, `YTD` (through the last closed month), `YTD-M05`. */
  period: string;
  /** Restrict to a unit and its sub-units: name, code or id. */
  unit?: string;
  /** The activity of an activity sheet: name, code or id. */
  activity?: string;
  /** POI: group by unit with subtotals. */
  subtotals?: boolean;
  /** POI: the period's baseline programming beside the current one. */
  baseline?: boolean;
  /** The language of the report's texts (headers, titles, notes, charts); Spanish by default. */
  language?: ReportLanguage;
  /** Issue time (tests inject it). */
  now?: Date;
};

function resolvePeriod(code: string, plan: PlanContext): Period {
  return parsePeriod(code, { year: plan.year, lastClosedMonth: plan.lastClosedMonth });
}

/** A unit by id, code or name (accents and case ignored). */
function matchUnit(units: readonly OrgUnit[], text: string, institution: string): OrgUnit {
  const wanted = fold(text);
  const byId = units.find((unit) => unit.id === text.trim().toLowerCase());
  if (byId) return byId;
  const byCode = units.filter((unit) => unit.code !== null && fold(unit.code) === wanted);
  const matches = byCode.length > 0 ? byCode : units.filter((unit) => fold(unit.name) === wanted);
  if (matches.length === 1) return matches[0] as OrgUnit;
  if (matches.length === 0) {
    throw new AppError("not_found", `No existe la unidad orgánica «${text}» en «${institution}».`, "unit", {
      code: "unit_not_found",
      params: { unit: text, institution },
    });
  }
  throw new AppError(
    "validation",
    `Hay ${matches.length} unidades orgánicas «${text}» en «${institution}»; indique su código o identificador (${matches.map((unit) => unit.id).join(", ")}).`,
    "unit",
    {
      code: "unit_ambiguous",
      params: {
        unit: text,
        institution,
        count: matches.length,
        ids: matches.map((unit) => unit.id).join(", "),
      },
    },
  );
}

async function resolveActivity(db: Db, plan: PlanContext, text: string | undefined): Promise<string> {
  if (!text?.trim()) {
    throw new AppError(
      "validation",
      "La ficha de actividad necesita la actividad (nombre, código o identificador).",
      "activity",
      { code: "activity_required" },
    );
  }
  const activities = await activityNames(db, plan.institutionId, plan.id);
  const trimmed = text.trim();
  if (isUuid(trimmed)) {
    const found = activities.find((activity) => activity.id === trimmed.toLowerCase());
    if (found) return found.id;
  }
  const wanted = fold(trimmed);
  const byCode = activities.filter((activity) => activity.code !== null && fold(activity.code) === wanted);
  const matches =
    byCode.length > 0 ? byCode : activities.filter((activity) => fold(activity.name) === wanted);
  if (matches.length === 1) return (matches[0] as { id: string }).id;
  if (matches.length === 0) {
    throw new AppError(
      "not_found",
      `No existe la actividad «${trimmed}» en el plan «${plan.title}».`,
      "activity",
      { code: "activity_not_found", params: { activity: trimmed, plan: plan.title } },
    );
  }
  const list = matches.map((activity) => `${activity.unitName}: ${activity.id}`).join("; ");
  throw new AppError(
    "validation",
    `Hay ${matches.length} actividades «${trimmed}» en el plan; indique su código o identificador (${list}).`,
    "activity",
    { code: "activity_ambiguous", params: { activity: trimmed, count: matches.length, ids: list } },
  );
}

/** Builds a report of a plan (whose institution the caller has already checked). */
export async function buildPlanReport(db: Db, plan: PlanContext, options: ReportOptions): Promise<Report> {
  if (!(reportKinds as readonly string[]).includes(options.report)) {
    throw new AppError(
      "validation",
      `Informe desconocido «${options.report}». Use ${reportKinds.join(", ")}.`,
      "report",
      { code: "unknown_report", params: { report: options.report, reports: reportKinds.join(", ") } },
    );
  }
  const period = resolvePeriod(options.period, plan);
  const months = periodMonths(period);
  const { institutionId } = plan;
  const unit = options.unit?.trim()
    ? matchUnit(await unitTree(db, institutionId), options.unit, plan.institution.name)
    : undefined;
  const scope: FigureScope = unit
    ? { kind: "unit", institutionId, planId: plan.id, unitId: unit.id, subUnits: true }
    : { kind: "plan", institutionId, planId: plan.id };
  const context: ReportContext = {
    institution: { name: plan.institution.name, locale: plan.institution.locale },
    plan: { id: plan.id, title: plan.title, year: plan.year, kind: plan.kind },
    period,
    thresholds: plan.institution.thresholds,
    issuedAt: (options.now ?? new Date()).toISOString(),
    unitsOfMeasure: plan.unitsOfMeasure,
    withdrawnCount: plan.withdrawnCount,
    closedMonths: plan.closedMonths,
    ...(unit ? { unit: { name: unit.name } } : {}),
    ...(options.language ? { language: options.language } : {}),
  };

  switch (options.report) {
    case "poi": {
      const baseline = options.baseline === true;
      const [lines, totals] = await Promise.all([
        activityLines(db, { scope, months, baseline }),
        lineTotals(db, { scope, months, baseline }),
      ]);
      return buildPoiReport(context, { lines, totals, subtotals: options.subtotals === true, baseline });
    }
    case "poa": {
      const [lines, totals] = await Promise.all([
        activityLines(db, { scope, months }),
        lineTotals(db, { scope, months }),
      ]);
      return buildPoaReport(context, { lines, total: totals.total });
    }
    case "units": {
      const { units, total } = await unitSummary(db, {
        institutionId,
        planId: plan.id,
        months,
        ...(unit ? { unitId: unit.id } : {}),
      });
      // A scope that mixes both kinds charts its quantities (percentages are never added to them).
      const series = await monthlySeries(db, {
        scope,
        ...(total.progress ? { kind: "quantity" as const } : {}),
      });
      return buildUnitsReport(context, { units, total, series });
    }
    case "activity": {
      const activityId = await resolveActivity(db, plan, options.activity);
      const [detail, figures, comments, reprogrammings] = await Promise.all([
        activityDetail(db, { institutionId, planId: plan.id, activityId }),
        scopeFigures(db, { scope: { kind: "activity", institutionId, activityId }, months }),
        executionComments(db, { institutionId, activityId }),
        reprogrammingHistory(db, { institutionId, activityId }),
      ]);
      if (!detail)
        throw new AppError("not_found", "No se encontró la actividad.", "activity", {
          code: "activity_not_found",
        });
      const { withdrawnCount: _, unitsOfMeasure: __, ...sheet } = context;
      return buildActivityReport(sheet, { detail, figures, comments, reprogrammings });
    }
  }
}
