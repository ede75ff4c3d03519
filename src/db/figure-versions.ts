/**
 * The report cache's change marker (table `figure_versions`, bumped by the triggers of migration
 * 0004 in every transaction that changes a report's figures or labels).
 */
import { sql } from "drizzle-orm";
import { type Db, queryRows } from "./connection.js";

/** The row bumped by changes that belong to no institution (users' names). */
export const DEPLOYMENT_VERSION_ROW = "00000000-0000-0000-0000-000000000000";

/**
 * A plan's institution and the figure version of that institution (its counter plus the
 * deployment's: both only grow, so their sum changes whenever either does), in one indexed
 * lookup; undefined when there is no such plan.
 */
export async function planFigureVersion(
  db: Db,
  planId: string,
): Promise<{ institutionId: string; version: number } | undefined> {
  const [row] = await queryRows<{ institution_id: string; version: string }>(
    db,
    sql`select pl.institution_id, coalesce((select sum(f.version) from figure_versions f
          where f.institution_id in (pl.institution_id, ${DEPLOYMENT_VERSION_ROW})), 0)::text as version
      from plans pl where pl.id = ${planId}`,
  );
  return row ? { institutionId: row.institution_id, version: Number(row.version) } : undefined;
}
