/** An activity's reprogrammings, for its activity sheet. */
import { sql } from "drizzle-orm";
import type { ReprogrammingRecord } from "../../domain/report-rows.js";
import { type Db, queryRows } from "../connection.js";
import { toQuantity } from "../figures.js";

/** An activity's reprogramming requests and their review, oldest first. */
export async function reprogrammingHistory(
  db: Db,
  query: { institutionId: string; activityId: string },
): Promise<ReprogrammingRecord[]> {
  const rows = await queryRows<{
    id: string;
    status: "pending" | "approved" | "rejected";
    justification: string;
    old_values: (string | null)[];
    new_values: (string | null)[];
    requested_by: string | null;
    requested_at: string;
    reviewed_by: string | null;
    reviewed_at: string | null;
    review_comment: string | null;
  }>(
    db,
    sql`select r.id, r.status, r.justification, r.old_values::text[] as old_values,
        r.new_values::text[] as new_values,
        coalesce(nullif(rq.name, ''), rq.email) as requested_by,
        to_char(r.requested_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as requested_at,
        coalesce(nullif(rv.name, ''), rv.email) as reviewed_by,
        to_char(r.reviewed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as reviewed_at,
        r.review_comment
      from reprogrammings r
      left join users rq on rq.id = r.requested_by
      left join users rv on rv.id = r.reviewed_by
      where r.institution_id = ${query.institutionId} and r.activity_id = ${query.activityId}
      order by r.requested_at, r.id`,
  );
  return rows.map((row) => ({
    id: row.id,
    status: row.status,
    justification: row.justification,
    oldValues: row.old_values.map(toQuantity),
    newValues: row.new_values.map(toQuantity),
    requestedBy: row.requested_by,
    requestedAt: row.requested_at,
    reviewedBy: row.reviewed_by,
    reviewedAt: row.reviewed_at,
    reviewComment: row.review_comment,
  }));
}
