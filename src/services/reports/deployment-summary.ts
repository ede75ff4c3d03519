/** The national planning body's view: every institution of the deployment for a period. */
import type { Db } from "../../db/connection.js";
import { deploymentRollup } from "../../db/reports/deployment-rollup.js";
import { parsePeriod, periodCode, periodLabel, periodMonths } from "../../domain/periods.js";
import {
  DEFAULT_THRESHOLDS,
  isOverExecution,
  type Thresholds,
  type TrafficLight,
  trafficLight,
} from "../../domain/traffic-light.js";

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
  /**
   * When the institution (or the deployment) mixes quantity and progress activities: the
   * progress activities' figures apart; the fields above are then the quantities' only.
   */
  progress?: { activities: number; programmed: number; executed: number | null; executionPct: number | null };
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
    ...(row.progress
      ? {
          progress: {
            activities: row.progress.activityCount,
            programmed: row.progress.programmed,
            executed: row.progress.executed,
            executionPct: row.progress.executionPct,
          },
        }
      : {}),
  });
  return {
    period: { code: periodCode(period), label: periodLabel(period) },
    institutions: rollup.institutions.map(line),
    total: line(rollup.total),
  };
}
