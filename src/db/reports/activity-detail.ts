/** One activity with all its months, for the activity sheet and the execution API. */
import { sql } from "drizzle-orm";
import { MONTHS } from "../../domain/months.js";
import type { ActivityDetail } from "../../domain/report-rows.js";
import { type Db, queryRows } from "../connection.js";
import { monthArray, toQuantity, two, versionJoin } from "../figures.js";

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
    sql`select a.id, a.unit_id, u.name as unit_name, a.code, a.name, a.project, a.objective, a.location,
        a.budget_activity, a.unit_of_measure, a.annual_target::text as annual_target,
        a.start_date::text as start_date, a.end_date::text as end_date, a.goal, a.measure_kind, a.cumulative,
        a.position, a.active, a.responsible, a.oei_code, a.oei_name, a.aei_code, a.aei_name,
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
  const months = (value: unknown) =>
    ((value as (string | null)[] | null) ?? Array(MONTHS).fill(null)).map(toQuantity);
  const text = (value: unknown) => (value as string | null) ?? null;
  return {
    id: row.id as string,
    unitId: row.unit_id as string,
    unitName: row.unit_name as string,
    code: text(row.code),
    name: row.name as string,
    project: text(row.project),
    objective: text(row.objective),
    location: text(row.location),
    budgetActivity: text(row.budget_activity),
    unitOfMeasure: text(row.unit_of_measure),
    annualTarget: toQuantity(row.annual_target as string | null),
    startDate: text(row.start_date),
    endDate: text(row.end_date),
    goal: text(row.goal),
    measureKind: row.measure_kind as "quantity" | "progress",
    cumulative: row.cumulative as boolean,
    position: row.position as number,
    active: row.active as boolean,
    responsible: text(row.responsible),
    oeiCode: text(row.oei_code),
    oeiName: text(row.oei_name),
    aeiCode: text(row.aei_code),
    aeiName: text(row.aei_name),
    programmedMonths: months(row.programmed_months),
    baselineMonths: months(row.baseline_months),
    executedMonths: months(row.executed_months),
    programmedMoney: months(row.programmed_money),
    executedMoney: months(row.executed_money),
  };
}
