/** The unit subtotals and TOTAL rows of the POI report (`../figures.ts`). */
import { sql } from "drizzle-orm";
import { MONTHS } from "../../domain/months.js";
import type { LineTotals } from "../../domain/report-rows.js";
import { type Db, queryRows } from "../connection.js";
import {
  column,
  executedExpression,
  type FigureQuery,
  figures,
  fromWhere,
  programmedExpression,
  source,
  toQuantity,
  two,
  withCtes,
} from "../figures.js";

/** The unit subtotals (own activities) and the TOTAL of a scope, computed by the database. */
export async function lineTotals(
  db: Db,
  query: FigureQuery & { baseline?: boolean },
): Promise<{ units: LineTotals[]; total: LineTotals }> {
  const src = source(query.scope, query.role ?? "current", { baseline: query.baseline });
  const all = Array.from({ length: MONTHS }, (_, i) => i + 1);
  const programmedMonths = all.map(
    (month) => sql`coalesce(sum(${column("p", month)}), 0)::text as ${sql.raw(`p${two(month)}`)}`,
  );
  const executedMonths = all.map(
    (month) => sql`sum(${column("e", month)})::text as ${sql.raw(`e${two(month)}`)}`,
  );
  const baseline = query.baseline
    ? sql`coalesce(sum(${programmedExpression(query.months, "b")}), 0)::text`
    : sql`null::text`;
  const rows = await queryRows<Record<string, string | number | null>>(
    db,
    withCtes(
      src.ctes,
      sql`select a.unit_id, grouping(a.unit_id)::int as total, count(*)::int as n,
        sum(a.annual_target)::text as annual_target,
        ${sql.join([...programmedMonths, ...executedMonths], sql`, `)},
        coalesce(sum(${programmedExpression(query.months)}), 0)::text as programmed,
        sum(${executedExpression(query.months)})::text as executed,
        ${baseline} as baseline
      ${fromWhere(src)}
      group by grouping sets ((a.unit_id), ())`,
    ),
  );
  const toTotals = (row: Record<string, string | number | null>): LineTotals => ({
    unitId: row.total === 1 ? null : (row.unit_id as string),
    activityCount: Number(row.n),
    annualTarget: toQuantity(row.annual_target as string | null),
    programmedMonths: all.map((month) => toQuantity(row[`p${two(month)}`] as string) ?? 0),
    executedMonths: all.map((month) => toQuantity(row[`e${two(month)}`] as string | null)),
    figures: figures(row.programmed as string, row.executed as string | null),
    ...(query.baseline ? { baselineProgrammed: toQuantity(row.baseline as string) ?? 0 } : {}),
  });
  const totalRow = rows.find((row) => row.total === 1);
  const empty: LineTotals = {
    unitId: null,
    activityCount: 0,
    annualTarget: null,
    programmedMonths: all.map(() => 0),
    executedMonths: all.map(() => null),
    figures: { programmed: 0, executed: null, executionPct: null },
    ...(query.baseline ? { baselineProgrammed: 0 } : {}),
  };
  return {
    units: rows.filter((row) => row.total === 0).map(toTotals),
    total: totalRow ? toTotals(totalRow) : empty,
  };
}
