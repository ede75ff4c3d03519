/** Deployment: every institution of a year, figured by the database (`../figures.ts`). */
import { sql } from "drizzle-orm";
import type { ScopeFigures } from "../../domain/report-rows.js";
import { type Db, queryRows } from "../connection.js";
import {
  type FigureRow,
  fromWhere,
  type GroupFigures,
  groupRow,
  type ProgrammingRole,
  source,
  withFig,
} from "../figures.js";

export type InstitutionLine = GroupFigures & {
  name: string;
  slug: string;
  thresholds: { greenFrom: number; amberFrom: number; overExecutionAbove: number };
};

/**
 * Every institution's figures for a year's plans, and their sum, computed by the database. The
 * count of red activities (by each institution's thresholds) costs a third more on a large
 * deployment: only with `withRed`.
 */
export async function deploymentRollup(
  db: Db,
  query: { year: number; months: readonly number[]; role?: ProgrammingRole; withRed?: boolean },
): Promise<{ institutions: InstitutionLine[]; total: ScopeFigures & { redCount: number } }> {
  const withRed = query.withRed === true;
  const src = source({ kind: "deployment", year: query.year }, query.role ?? "current", {
    thresholds: withRed,
  });
  // The total from the institutions' sums (exact numerics), not GROUPING SETS: those cannot be
  // aggregated in parallel workers, which doubles the time on a million activities.
  const rows = await queryRows<FigureRow & { id: string | null; total: number }>(
    db,
    withFig(
      src.ctes,
      query.months,
      sql`a.institution_id`,
      fromWhere(src),
      sql`, per as (
          select key, coalesce(sum(programmed) filter (where not progress), 0) as qp,
            sum(executed) filter (where not progress) as qe, (count(*) filter (where not progress))::int as qn,
            coalesce(sum(programmed) filter (where progress), 0) as gp,
            sum(executed) filter (where progress) as ge, (count(*) filter (where progress))::int as gn,
            count(*)::int as n, (count(*) filter (where red))::int as red
          from fig group by key
        ), sums as (
          select key as id, 0 as total, qp, qe, qn, gp, ge, gn, n, red from per
          union all
          select null, 1, coalesce(sum(qp), 0), sum(qe), coalesce(sum(qn), 0)::int, coalesce(sum(gp), 0), sum(ge),
            coalesce(sum(gn), 0)::int, coalesce(sum(n), 0)::int, coalesce(sum(red), 0)::int from per
        )
        -- Quantity and progress activities are never summed together (see ../figures.ts).
        select id, total, (case when qn > 0 then qp else gp end)::text as programmed,
          (case when qn > 0 then qe else ge end)::text as executed, n, red,
          gp::text as gp, ge::text as ge, gn from sums`,
      withRed,
    ),
  );
  const names = await queryRows<{
    id: string;
    name: string;
    slug: string;
    green_from: string;
    amber_from: string;
    over_execution_above: string;
  }>(
    db,
    sql`select id, name, slug, green_from::text as green_from, amber_from::text as amber_from,
      over_execution_above::text as over_execution_above from institutions`,
  );
  const byId = new Map(names.map((row) => [row.id, row]));
  const totalRow = rows.find((row) => row.total === 1);
  const institutions = rows
    .filter((row) => row.total === 0)
    .map((row) => {
      const found = byId.get(row.id as string);
      return {
        id: row.id as string,
        name: found?.name ?? "",
        slug: found?.slug ?? "",
        thresholds: {
          greenFrom: Number(found?.green_from ?? 90),
          amberFrom: Number(found?.amber_from ?? 75),
          overExecutionAbove: Number(found?.over_execution_above ?? 110),
        },
        ...groupRow(row),
      };
    })
    .sort((x, y) => x.name.localeCompare(y.name, "es") || x.id.localeCompare(y.id));
  const total = totalRow
    ? groupRow(totalRow)
    : { programmed: 0, executed: null, executionPct: null, activityCount: 0, redCount: 0 };
  return { institutions, total };
}
