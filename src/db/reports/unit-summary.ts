/** The org-unit tree of a plan with own and subtree figures (`../figures.ts`). */
import { sql } from "drizzle-orm";
import type { ScopeFigures, UnitSummaryLine } from "../../domain/report-rows.js";
import { type Db, queryRows } from "../connection.js";
import { aggregateColumns, fromWhere, groupRow, type ProgrammingRole, source, withFig } from "../figures.js";

/**
 * The units of a plan in tree order (parents before children, siblings by position then name)
 * with their own figures and those of their whole subtree (recursive CTE), each with its count
 * of activities in red, and the TOTAL of the scope (the whole plan, or the unit's subtree), all in
 * one query. Units with no active activity in their subtree are left out. With `unitId`, the
 * tree starts at that unit.
 */
export async function unitSummary(
  db: Db,
  query: {
    institutionId: string;
    planId: string;
    unitId?: string;
    months: readonly number[];
    role?: ProgrammingRole;
  },
): Promise<{ units: UnitSummaryLine[]; total: ScopeFigures & { redCount: number } }> {
  const { institutionId, planId } = query;
  const root = query.unitId ? sql`id = ${query.unitId}` : sql`parent_id is null`;
  const src = source({ kind: "plan", institutionId, planId }, query.role ?? "current", { thresholds: true });
  const tree = [
    sql`ranked as (
      select id, parent_id, name, code,
        row_number() over (partition by parent_id order by position, name, id) as rn
      from org_units where institution_id = ${institutionId})`,
    sql`tree as (
      select id, parent_id, name, code, 0 as depth, array[rn] as path, array[id] as ancestors
      from ranked where ${root}
      union all
      select r.id, r.parent_id, r.name, r.code, t.depth + 1, t.path || r.rn, t.ancestors || r.id
      from ranked r join tree t on r.parent_id = t.id
      where t.depth < 100)`,
  ];
  type Row = {
    id: string;
    parent_id: string | null;
    name: string;
    code: string | null;
    depth: number;
    own_programmed: string | null;
    own_executed: string | null;
    own_n: number | null;
    own_red: number | null;
    own_gp: string | null;
    own_ge: string | null;
    own_gn: number | null;
    programmed: string;
    executed: string | null;
    n: number;
    red: number;
    gp: string | null;
    ge: string | null;
    gn: number | null;
  };
  const rows = await queryRows<Row>(
    db,
    withFig(
      tree,
      query.months,
      sql`a.unit_id`,
      // The whole plan, or the activities of the unit's subtree.
      query.unitId ? fromWhere(src, { where: sql`a.unit_id in (select id from tree)` }) : fromWhere(src),
      sql`, own as (
          select key as unit_id, ${aggregateColumns} from fig group by key
        ), subtree as (
          select x.ancestor as unit_id, ${aggregateColumns}
          from fig join tree t on t.id = fig.key cross join lateral unnest(t.ancestors) as x(ancestor)
          group by x.ancestor
        )
        select t.id, t.parent_id, t.name, t.code, t.depth,
          own.programmed as own_programmed, own.executed as own_executed, own.n as own_n, own.red as own_red,
          own.gp as own_gp, own.ge as own_ge, own.gn as own_gn,
          s.programmed, s.executed, s.n, s.red, s.gp, s.ge, s.gn, t.path
        from tree t join subtree s on s.unit_id = t.id left join own on own.unit_id = t.id
        union all
        select null, null, null, null, -1, null, null, null, null, null, null, null, ${aggregateColumns}, null from fig
        order by path`,
    ),
  );
  const totalRow = rows.find((row) => row.depth === -1);
  const units = rows.filter((row) => row.depth !== -1);
  return {
    total: totalRow ? groupRow(totalRow) : groupRow({ programmed: "0", executed: null, n: 0, red: 0 }),
    units: units.map((row) => ({
      id: row.id,
      parentId: row.parent_id,
      name: row.name,
      code: row.code,
      depth: row.depth,
      own: groupRow({
        programmed: row.own_programmed ?? "0",
        executed: row.own_executed,
        n: row.own_n ?? 0,
        red: row.own_red ?? 0,
        gp: row.own_gp,
        ge: row.own_ge,
        gn: row.own_gn,
      }),
      subtree: groupRow(row),
    })),
  };
}
