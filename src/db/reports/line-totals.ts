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

/**
 * The unit subtotals (own activities) and the TOTAL of a scope, computed by the database. Quantity
 * and progress activities are totalled apart and never summed together: each total is its
 * quantity activities' (its progress ones' when it has no quantity activity), with `progress`
 * apart when it mixes both kinds.
 */
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
      sql`select a.unit_id, a.measure_kind, grouping(a.unit_id)::int as total, count(*)::int as n,
        sum(a.annual_target)::text as annual_target,
        ${sql.join([...programmedMonths, ...executedMonths], sql`, `)},
        coalesce(sum(${programmedExpression(query.months)}), 0)::text as programmed,
        sum(${executedExpression(query.months)})::text as executed,
        ${baseline} as baseline
      ${fromWhere(src)}
      group by grouping sets ((a.unit_id, a.measure_kind), (a.measure_kind))`,
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
  /** The totals of one group from its rows by kind (`kindTotals`: never one sum of both). */
  const compose = (group: Record<string, string | number | null>[]): LineTotals | undefined => {
    const quantity = group.find((row) => row.measure_kind === "quantity");
    const progress = group.find((row) => row.measure_kind === "progress");
    if (quantity && progress) return { ...toTotals(quantity), progress: toTotals(progress) };
    const only = quantity ?? progress;
    return only ? toTotals(only) : undefined;
  };
  const byUnit = new Map<string, Record<string, string | number | null>[]>();
  for (const row of rows) {
    if (row.total !== 0) continue;
    const list = byUnit.get(row.unit_id as string) ?? [];
    list.push(row);
    byUnit.set(row.unit_id as string, list);
  }
  const total = compose(rows.filter((row) => row.total === 1));
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
    units: [...byUnit.values()].map((group) => compose(group) as LineTotals),
    total: total ?? empty,
  };
}
