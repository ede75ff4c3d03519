/** One activity with all its months, for the activity sheet and the execution API. */
import { sql } from "drizzle-orm";
import { MONTHS } from "../../domain/months.js";
import type { ActivityDetail } from "../../domain/report-rows.js";
import { activityOfRow, quantityMonths } from "../activity-row.js";
import { type Db, queryRows } from "../connection.js";
import { monthArray, two, versionJoin } from "../figures.js";

/** One activity of a plan, withdrawn or not, with all its months. */
export async function activityDetail(
  db: Db,
  query: { institutionId: string; planId: string; activityId: string },
): Promise<ActivityDetail | undefined> {
  const moneyArray = (alias: string) =>
    sql.raw(
      `array[${Array.from({ length: MONTHS }, (_, i) => `${alias}.m${two(i + 1)}`).join(", ")}]::text[]`,
    );
  const [row] = await queryRows<Record<string, unknown>>(
    db,
    sql`select a.*, a.annual_target::text as annual_target_text, u.name as unit_name,
        ${monthArray("p")} as programmed_months, ${monthArray("b")} as baseline_months,
        ${monthArray("e")} as executed_months, ${moneyArray("p")} as programmed_money,
        ${moneyArray("e")} as executed_money
      from activities a
      join org_units u on u.institution_id = a.institution_id and u.id = a.unit_id
      ${versionJoin("current", "p", "v")}
      ${versionJoin("baseline", "b", "bv")}
      left join executed_values e on e.institution_id = a.institution_id and e.activity_id = a.id
      where a.institution_id = ${query.institutionId} and a.plan_id = ${query.planId}
        and a.id = ${query.activityId}`,
  );
  if (!row) return undefined;
  return {
    ...activityOfRow(row),
    programmedMonths: quantityMonths(row.programmed_months),
    baselineMonths: quantityMonths(row.baseline_months),
    executedMonths: quantityMonths(row.executed_months),
    programmedMoney: quantityMonths(row.programmed_money),
    executedMoney: quantityMonths(row.executed_money),
  };
}
