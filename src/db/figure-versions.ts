/**
 * The report cache's change marker (table `figure_versions`, bumped by the triggers of migration
 * 0004 in every transaction that changes a report's figures or labels).
 */
import { eq, sql } from "drizzle-orm";
import type { Db } from "./connection.js";
import { perDatabase } from "./prepared.js";
import { plans } from "./schema.js";

/** The row bumped by changes that belong to no institution (users' names). */
export const DEPLOYMENT_VERSION_ROW = "00000000-0000-0000-0000-000000000000";

const lookup = perDatabase((db) =>
  db
    .select({
      institutionId: plans.institutionId,
      version: sql<string>`coalesce((select sum(f.version) from figure_versions f
        where f.institution_id in (${plans.institutionId}, ${DEPLOYMENT_VERSION_ROW})), 0)::text`,
    })
    .from(plans)
    .where(eq(plans.id, sql.placeholder("planId")))
    .prepare("plan_figure_version"),
);

/**
 * A plan's institution and the figure version of that institution (its counter plus the
 * deployment's: both only grow, so their sum changes whenever either does), in one indexed
 * lookup; undefined when there is no such plan.
 */
export async function planFigureVersion(
  db: Db,
  planId: string,
): Promise<{ institutionId: string; version: number } | undefined> {
  const [row] = await lookup(db).execute({ planId });
  return row ? { institutionId: row.institutionId, version: Number(row.version) } : undefined;
}
