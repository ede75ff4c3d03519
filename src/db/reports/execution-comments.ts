/** The comments of an activity's execution, for its activity sheet. */
import { sql } from "drizzle-orm";
import type { ExecutionComment } from "../../domain/report-rows.js";
import { type Db, queryRows } from "../connection.js";
import { toQuantity } from "../figures.js";

/** The comments of an activity's execution entries, by month. */
export async function executionComments(
  db: Db,
  query: { institutionId: string; activityId: string },
): Promise<ExecutionComment[]> {
  const rows = await queryRows<{
    month: number;
    value: string | null;
    comment: string;
    author: string | null;
    entered_at: string;
  }>(
    db,
    sql`select x.month::int as month, x.value::text as value, x.comment,
        coalesce(nullif(us.name, ''), us.email) as author,
        to_char(x.entered_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as entered_at
      from execution_entries x left join users us on us.id = x.entered_by
      where x.institution_id = ${query.institutionId} and x.activity_id = ${query.activityId}
        and x.comment is not null and x.comment <> ''
      order by x.month, x.entered_at`,
  );
  return rows.map((row) => ({
    month: row.month,
    value: toQuantity(row.value),
    comment: row.comment,
    author: row.author,
    enteredAt: row.entered_at,
  }));
}
