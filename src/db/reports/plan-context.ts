/** A plan with what every report needs of it and of its institution. */
import { sql } from "drizzle-orm";
import { type Db, queryRows } from "../connection.js";

export type PlanContext = {
  id: string;
  institutionId: string;
  year: number;
  kind: "POI" | "POA";
  title: string;
  department: string | null;
  responsible: string | null;
  institution: {
    id: string;
    name: string;
    slug: string;
    locale: string;
    thresholds: { greenFrom: number; amberFrom: number; overExecutionAbove: number };
  };
  /** Last month closed with every month before it closed too (null: none). */
  lastClosedMonth: number | null;
  /** Every closed month, ascending (a reopened month leaves a gap). */
  closedMonths: number[];
  withdrawnCount: number;
  /** Distinct units of measure of the active activities. */
  unitsOfMeasure: string[];
};

/**
 * A plan with what every report needs: its institution, thresholds, last closed month and a
 * few counts. `institutionId` absent = look the plan up by id alone (the API checks membership
 * afterwards, and answers the same 404 either way).
 */
export async function loadPlanContext(
  db: Db,
  planId: string,
  institutionId?: string,
): Promise<PlanContext | undefined> {
  const institution = institutionId ? sql`and pl.institution_id = ${institutionId}` : sql``;
  const [row] = await queryRows<{
    id: string;
    institution_id: string;
    year: number;
    kind: "POI" | "POA";
    title: string;
    department: string | null;
    responsible: string | null;
    name: string;
    slug: string;
    locale: string;
    green_from: string;
    amber_from: string;
    over_execution_above: string;
    last_closed: number;
    closed: number[] | null;
    withdrawn: number;
    units_of_measure: string[] | null;
  }>(
    db,
    sql`select pl.id, pl.institution_id, pl.year, pl.kind, pl.title, pl.department, pl.responsible,
        i.name, i.slug, i.locale, i.green_from::text as green_from, i.amber_from::text as amber_from,
        i.over_execution_above::text as over_execution_above,
        (select coalesce(min(m) - 1, 12) from generate_series(1, 12) m
          where not exists (select 1 from closed_months c
            where c.institution_id = pl.institution_id and c.plan_id = pl.id and c.month = m))::int as last_closed,
        (select array_agg(c.month order by c.month) from closed_months c
          where c.institution_id = pl.institution_id and c.plan_id = pl.id) as closed,
        (select count(*) from activities a
          where a.institution_id = pl.institution_id and a.plan_id = pl.id and not a.active)::int as withdrawn,
        (select array_agg(distinct a.unit_of_measure order by a.unit_of_measure) from activities a
          where a.institution_id = pl.institution_id and a.plan_id = pl.id and a.active
            and a.unit_of_measure is not null) as units_of_measure
      from plans pl join institutions i on i.id = pl.institution_id
      where pl.id = ${planId} ${institution}`,
  );
  if (!row) return undefined;
  return {
    id: row.id,
    institutionId: row.institution_id,
    year: row.year,
    kind: row.kind,
    title: row.title,
    department: row.department,
    responsible: row.responsible,
    institution: {
      id: row.institution_id,
      name: row.name,
      slug: row.slug,
      locale: row.locale,
      thresholds: {
        greenFrom: Number(row.green_from),
        amberFrom: Number(row.amber_from),
        overExecutionAbove: Number(row.over_execution_above),
      },
    },
    lastClosedMonth: row.last_closed === 0 ? null : row.last_closed,
    closedMonths: (row.closed ?? []).map(Number),
    withdrawnCount: row.withdrawn,
    unitsOfMeasure: row.units_of_measure ?? [],
  };
}
