/** The activity rows of the POI and POA reports (`../figures.ts`). */
import { type SQL, sql } from "drizzle-orm";
import { executionPct } from "../../domain/figures.js";
import { MONTHS } from "../../domain/months.js";
import type { ActivityLine } from "../../domain/report-rows.js";
import { type Db, queryRows } from "../connection.js";
import {
  checkMonths,
  executedExpression,
  type FigureQuery,
  fromWhere,
  monthJson,
  programmedExpression,
  source,
  two,
  UNIT_JOIN,
  withCtes,
} from "../figures.js";

/**
 * `json` array of the closed months of the activity's plan among `months` in which it had
 * something programmed (`p`) and has no executed value (`e`): `[2]`, `[]`.
 */
function missingClosedMonthsExpression(months: readonly number[]): SQL {
  checkMonths(months);
  if (months.length === 0) return sql`'[]'::json`;
  const ofMonth = (alias: string) =>
    sql.raw(
      `case c.month ${months.map((month) => `when ${month} then ${alias}.q${two(month)}`).join(" ")} end`,
    );
  return sql`(select coalesce(json_agg(c.month order by c.month), '[]'::json) from closed_months c
    where c.institution_id = a.institution_id and c.plan_id = a.plan_id
      and c.month in (${sql.raw(months.join(", "))}) and ${ofMonth("p")} > 0 and ${ofMonth("e")} is null)`;
}

/**
 * The active activities of a scope, in plan order, with their months, period figures and the
 * closed months of the period it has no entry for.
 *
 * Each row comes back as one JSON text: PGlite converts every value of a result in JavaScript
 * (~1.5 µs each), and a POI of 1,000 activities has 25,000 of them; one JSON text per row is
 * three times faster there, and no slower on PostgreSQL. numeric → JSON number → `JSON.parse`
 * gives the same double as `Number(text)`.
 */
export async function activityLines(
  db: Db,
  query: FigureQuery & { baseline?: boolean },
): Promise<ActivityLine[]> {
  const src = source(query.scope, query.role ?? "current", { baseline: query.baseline });
  type Row = [
    id: string,
    unitId: string,
    unitName: string,
    code: string | null,
    name: string,
    project: string | null,
    objective: string | null,
    location: string | null,
    budgetActivity: string | null,
    unitOfMeasure: string | null,
    annualTarget: number | null,
    startDate: string | null,
    endDate: string | null,
    goal: string | null,
    measureKind: "quantity" | "progress",
    cumulative: boolean,
    position: number,
    programmedMonths: (number | null)[] | null,
    executedMonths: (number | null)[] | null,
    programmed: number,
    executed: number | null,
    baseline: number | null,
    missingClosedMonths: number[],
  ];
  const baseline = query.baseline ? programmedExpression(query.months, "b") : sql`null::numeric`;
  const rows = await queryRows<{ line: string }>(
    db,
    withCtes(
      src.ctes,
      sql`select json_build_array(a.id, a.unit_id, u.name, a.code, a.name, a.project, a.objective, a.location,
          a.budget_activity, a.unit_of_measure, a.annual_target, a.start_date, a.end_date, a.goal, a.measure_kind,
          a.cumulative, a.position,
          case when p.activity_id is null then null else ${monthJson("p")} end,
          case when e.activity_id is null then null else ${monthJson("e")} end,
          ${programmedExpression(query.months)}, ${executedExpression(query.months)}, ${baseline},
          ${missingClosedMonthsExpression(query.months)})::text as line
      ${fromWhere(src, { join: UNIT_JOIN })}
      order by a.position, a.name, a.id`,
    ),
  );
  const none = () => Array<number | null>(MONTHS).fill(null);
  return rows.map(({ line }) => {
    const row = JSON.parse(line) as Row;
    const [programmed, executed] = [row[19], row[20]];
    return {
      id: row[0],
      unitId: row[1],
      unitName: row[2],
      code: row[3],
      name: row[4],
      project: row[5],
      objective: row[6],
      location: row[7],
      budgetActivity: row[8],
      unitOfMeasure: row[9],
      annualTarget: row[10],
      startDate: row[11],
      endDate: row[12],
      goal: row[13],
      measureKind: row[14],
      cumulative: row[15],
      position: row[16],
      programmedMonths: row[17] ?? none(),
      executedMonths: row[18] ?? none(),
      figures: { programmed, executed, executionPct: executionPct(programmed, executed) },
      missingClosedMonths: row[22],
      ...(query.baseline ? { baselineProgrammed: row[21] ?? 0 } : {}),
    };
  });
}
