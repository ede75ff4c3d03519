/**
 * Reports, end to end: find the plan, load the figures (SQL, `src/db/report-queries.ts`), build
 * the table model (`src/report/build-*.ts`) and hand it to a writer. The CLI and the API call
 * this; neither knows any SQL or any layout.
 */
import type { Db } from "../db/connection.js";
import { findInstitution } from "../db/institutions.js";
import {
  activityDetail,
  activityLines,
  deploymentRollup,
  executionComments,
  type FigureScope,
  lineTotals,
  listActivities,
  listPlans,
  listUnits,
  loadPlanContext,
  monthlySeries,
  type PlanContext,
  reprogrammingHistory,
  scopeFigures,
  type UnitRef,
  unitSummary,
} from "../db/report-queries.js";
import { AppError } from "../domain/errors.js";
import { isUuid } from "../domain/ids.js";
import { fold } from "../domain/normalize.js";
import { type Period, parsePeriod, periodCode, periodLabel, periodMonths } from "../domain/periods.js";
import {
  DEFAULT_THRESHOLDS,
  isOverExecution,
  type Thresholds,
  type TrafficLight,
  trafficLight,
} from "../domain/traffic-light.js";
import { buildActivityReport } from "../report/build-activity.js";
import type { ReportContext } from "../report/build-common.js";
import { writeJson } from "../report/build-json.js";
import { buildPoaReport } from "../report/build-poa.js";
import { buildPoiReport } from "../report/build-poi.js";
import { buildUnitsReport } from "../report/build-units.js";
import type { Report, ReportKind } from "../report/model.js";
import { type ReportLanguage, reportTexts } from "../report/texts.js";

export const reportKinds = ["poi", "poa", "units", "activity"] as const satisfies readonly ReportKind[];
export const reportFormats = ["csv", "xlsx", "pdf", "json"] as const;
export type ReportFormat = (typeof reportFormats)[number];

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

// ---------------------------------------------------------------------------------------------
// Finding the plan

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
    throw new AppError("not_found", `No existe la institución «${query.institution}».`, "institution");
  }
  const plans = await listPlans(db, institution.id);
  if (plans.length === 0) {
    throw new AppError(
      "not_found",
      `La institución «${institution.name}» no tiene planes registrados.`,
      "year",
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
    );
  }
  const plan = await loadPlanContext(db, (candidates[0] as { id: string }).id, institution.id);
  if (!plan) throw new AppError("not_found", "No se encontró el plan.", "plan");
  return plan;
}

// ---------------------------------------------------------------------------------------------
// Building

function resolvePeriod(code: string, plan: PlanContext): Period {
  return parsePeriod(code, { year: plan.year, lastClosedMonth: plan.lastClosedMonth });
}

/** A unit by id, code or name (accents and case ignored). */
export function matchUnit(units: readonly UnitRef[], text: string, institution: string): UnitRef {
  const wanted = fold(text);
  const byId = units.find((unit) => unit.id === text.trim().toLowerCase());
  if (byId) return byId;
  const byCode = units.filter((unit) => unit.code !== null && fold(unit.code) === wanted);
  const matches = byCode.length > 0 ? byCode : units.filter((unit) => fold(unit.name) === wanted);
  if (matches.length === 1) return matches[0] as UnitRef;
  if (matches.length === 0) {
    throw new AppError("not_found", `No existe la unidad orgánica «${text}» en «${institution}».`, "unit");
  }
  throw new AppError(
    "validation",
    `Hay ${matches.length} unidades orgánicas «${text}» en «${institution}»; indique su código o identificador (${matches.map((unit) => unit.id).join(", ")}).`,
    "unit",
  );
}

async function resolveActivity(db: Db, plan: PlanContext, text: string | undefined): Promise<string> {
  if (!text?.trim()) {
    throw new AppError(
      "validation",
      "La ficha de actividad necesita la actividad (nombre, código o identificador).",
      "activity",
    );
  }
  const activities = await listActivities(db, plan.institutionId, plan.id);
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
    );
  }
  const list = matches.map((activity) => `${activity.unitName}: ${activity.id}`).join("; ");
  throw new AppError(
    "validation",
    `Hay ${matches.length} actividades «${trimmed}» en el plan; indique su código o identificador (${list}).`,
    "activity",
  );
}

/** Builds a report of a plan (whose institution the caller has already checked). */
export async function buildPlanReport(db: Db, plan: PlanContext, options: ReportOptions): Promise<Report> {
  if (!(reportKinds as readonly string[]).includes(options.report)) {
    throw new AppError(
      "validation",
      `Informe desconocido «${options.report}». Use ${reportKinds.join(", ")}.`,
      "report",
    );
  }
  const period = resolvePeriod(options.period, plan);
  const months = periodMonths(period);
  const { institutionId } = plan;
  const unit = options.unit?.trim()
    ? matchUnit(await listUnits(db, institutionId), options.unit, plan.institution.name)
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
      const [{ units, total }, series] = await Promise.all([
        unitSummary(db, { institutionId, planId: plan.id, months, ...(unit ? { unitId: unit.id } : {}) }),
        monthlySeries(db, { scope }),
      ]);
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
      if (!detail) throw new AppError("not_found", "No se encontró la actividad.", "activity");
      const { withdrawnCount: _, unitsOfMeasure: __, ...sheet } = context;
      return buildActivityReport(sheet, { detail, figures, comments, reprogrammings });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Writing

export type RenderedReport = { body: Buffer; contentType: string; fileName: string };

const CONTENT_TYPES: Record<ReportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  pdf: "application/pdf",
  json: "application/json; charset=utf-8",
};

type Writer = (report: Report) => Buffer | Promise<Buffer>;

/** The writers of src/report (CSV, xlsx, PDF: heavy libraries), loaded when first used. */
const WRITERS: Record<ReportFormat, () => Promise<Writer>> = {
  json: async () => writeJson,
  csv: async () => (await import("../report/write-csv.js")).writeCsv,
  xlsx: async () => (await import("../report/write-xlsx.js")).writeXlsx,
  pdf: async () => (await import("../report/write-pdf.js")).writePdf,
};

function slug(text: string): string {
  return (
    text
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 40) || "informe"
  );
}

/**
 * `sat-piura-2021-seguimiento-poi-Q1.xlsx` (in English `sat-piura-2021-poi-monitoring-Q1.xlsx`):
 * ASCII, safe in any Content-Disposition.
 */
export function reportFileName(report: Report, format: ReportFormat): string {
  const kind = reportTexts(report.language).fileKinds[report.kind];
  return `${slug(report.institution.name)}-${report.plan.year}-${kind}-${report.period.code}.${format}`;
}

export async function renderReport(report: Report, format: ReportFormat): Promise<RenderedReport> {
  const writer = WRITERS[format];
  if (!writer) {
    throw new AppError(
      "validation",
      `Formato desconocido «${format}». Use ${reportFormats.join(", ")}.`,
      "format",
    );
  }
  const body = await (await writer())(report);
  return { body, contentType: CONTENT_TYPES[format], fileName: reportFileName(report, format) };
}

// ---------------------------------------------------------------------------------------------
// Deployment

export type DeploymentLine = {
  id: string;
  name: string;
  slug: string;
  activities: number;
  programmed: number;
  executed: number | null;
  executionPct: number | null;
  light: TrafficLight | null;
  overExecution: boolean;
  red: number;
};

/**
 * Every institution of the deployment for a year's period (the national planning body's view):
 * figures by institution and their sum, computed by the database. Each institution's light uses
 * its own thresholds, the deployment's total the default ones. `YTD` means year-to-date through
 * `through` (closed months are per plan, so none spans the deployment).
 */
export async function deploymentSummary(
  db: Db,
  query: { year: number; period: string; through?: number },
): Promise<{
  period: { code: string; label: string };
  institutions: DeploymentLine[];
  total: DeploymentLine;
}> {
  const period = parsePeriod(query.period, { year: query.year, lastClosedMonth: query.through ?? null });
  const rollup = await deploymentRollup(db, {
    year: query.year,
    months: periodMonths(period),
    withRed: true,
  });
  const line = (
    row: (typeof rollup)["total"] & { id?: string; name?: string; slug?: string; thresholds?: Thresholds },
  ): DeploymentLine => ({
    id: row.id ?? "",
    name: row.name ?? "TOTAL",
    slug: row.slug ?? "",
    activities: row.activityCount,
    programmed: row.programmed,
    executed: row.executed,
    executionPct: row.executionPct,
    light: trafficLight(row.executionPct, row.thresholds ?? DEFAULT_THRESHOLDS),
    overExecution: isOverExecution(row.executionPct, row.thresholds ?? DEFAULT_THRESHOLDS),
    red: row.redCount,
  });
  return {
    period: { code: periodCode(period), label: periodLabel(period) },
    institutions: rollup.institutions.map(line),
    total: line(rollup.total),
  };
}
