/**
 * Copying a plan's content into another plan of the institution (the next year's draft): its
 * active activities of active units, with new ids, and optionally their current programming.
 * Execution, closed months, evidence and reprogrammings stay with the source plan.
 */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { MONTH_COLUMN_NAMES, planVersions, type Tx } from "./programming.js";

/** The columns of an activity copied as they are (everything but keys, plan, dates of the row). */
const ACTIVITY_COLUMNS = [
  "unit_id",
  "code",
  "name",
  "project",
  "objective",
  "location",
  "budget_activity",
  "unit_of_measure",
  "annual_target",
  "start_date",
  "end_date",
  "goal",
  "responsible",
  "measure_kind",
  "cumulative",
  "oei_code",
  "oei_name",
  "aei_code",
  "aei_name",
  "priority",
  "position",
  "attributes",
];

export type PlanCopyCounts = { activities: number; units: number; programmed: number };

/**
 * Copies the active activities of `fromPlanId` (of active units) into `toPlanId`, and with
 * `withProgramming` their current months into the target's current version, in a few statements.
 * Dates move by `yearShift` years (the target's year less the source's).
 */
export async function copyPlanContent(
  tx: Tx,
  input: {
    institutionId: string;
    fromPlanId: string;
    toPlanId: string;
    yearShift: number;
    withProgramming: boolean;
  },
): Promise<PlanCopyCounts> {
  const { institutionId, fromPlanId, toPlanId } = input;
  const sources = (
    (await tx.execute(sql`select a.id, a.unit_id from activities a
      join org_units u on u.institution_id = a.institution_id and u.id = a.unit_id
      where a.institution_id = ${institutionId} and a.plan_id = ${fromPlanId} and a.active and u.active
      order by a.position, a.id`)) as unknown as { rows: { id: string; unit_id: string }[] }
  ).rows;
  if (sources.length === 0) return { activities: 0, units: 0, programmed: 0 };
  const oldIds = sources.map((row) => row.id).join(",");
  const newIds = sources.map(() => randomUUID()).join(",");
  const mapping = sql`unnest(string_to_array(${oldIds}, ',')::uuid[], string_to_array(${newIds}, ',')::uuid[]) as m(old_id, new_id)`;
  const copied = sql.raw(ACTIVITY_COLUMNS.join(", "));
  const read = sql.raw(
    ACTIVITY_COLUMNS.map((column) =>
      column.endsWith("_date")
        ? `(a.${column} + make_interval(years => ${Math.trunc(input.yearShift)}))::date`
        : `a.${column}`,
    ).join(", "),
  );
  await tx.execute(sql`insert into activities (institution_id, id, plan_id, ${copied})
    select a.institution_id, m.new_id, ${toPlanId}, ${read}
    from activities a join ${mapping} on m.old_id = a.id
    where a.institution_id = ${institutionId} and a.plan_id = ${fromPlanId}`);
  let programmed = 0;
  if (input.withProgramming) {
    const from = await planVersions(tx, institutionId, fromPlanId);
    const to = await planVersions(tx, institutionId, toPlanId);
    const months = sql.raw(MONTH_COLUMN_NAMES.join(", "));
    const result =
      (await tx.execute(sql`insert into programmed_values (institution_id, version_id, activity_id, ${months})
      select v.institution_id, ${to.current}, m.new_id, ${months}
      from programmed_values v join ${mapping} on m.old_id = v.activity_id
      where v.institution_id = ${institutionId} and v.version_id = ${from.current}`)) as unknown as {
        affectedRows?: number;
        rowCount?: number;
      };
    programmed = Number(result.affectedRows ?? result.rowCount ?? 0);
  }
  return {
    activities: sources.length,
    units: new Set(sources.map((row) => row.unit_id)).size,
    programmed,
  };
}
