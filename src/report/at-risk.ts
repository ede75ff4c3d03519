/**
 * Activities at risk, as the dashboard lists them: in red, or with no entry for a closed month of
 * the period in which something was programmed. Withdrawn activities are in no report's rows, so
 * they are never at risk; an open month without an entry is not late yet.
 */
import type { ReportRow } from "./model.js";

/** An activity row with its `missingClosedMonths` and `atRisk`. */
export function withRisk(row: ReportRow, missingClosedMonths: readonly number[]): ReportRow {
  return {
    ...row,
    missingClosedMonths: [...missingClosedMonths],
    atRisk: row.light === "red" || missingClosedMonths.length > 0,
  };
}
