/**
 * What an import's reconcile compares the draft with (`StoredImport`), read in the import's
 * transaction, and the turn imports of one institution take.
 */
import { and, eq, sql } from "drizzle-orm";
import type { StoredImport } from "../domain/import-writes.js";
import type { PlanDraft } from "../domain/plan-draft.js";
import { queryRows } from "./connection.js";
import { findPlanByTitle } from "./plans.js";
import { MONTH_COLUMN_NAMES, type Tx } from "./programming.js";
import { activities, closedMonths, orgUnits, programmingVersions } from "./schema.js";

/**
 * One import at a time per institution, until the transaction ends: the lookups below find no
 * row to lock when the plan or its units do not exist yet, so two simultaneous imports of one
 * document each created a plan «POI 2021» and its units. Per institution, not per plan: the
 * units are the institution's, shared by its POI and POA. The second import waits, then finds
 * what the first wrote and is a re-import.
 */
export async function takeImportTurn(tx: Tx, institutionId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${IMPORT_LOCK}, hashtext(${institutionId}))`);
}

/** The class of the imports' advisory locks (the two-key form: apart from the migration's). */
const IMPORT_LOCK = 4_207_310;

/** The stored rows the draft is matched with: its plan (locked for update) and everything under it. */
export async function loadStoredImport(
  tx: Tx,
  institutionId: string,
  draft: Pick<PlanDraft, "year" | "kind" | "title">,
): Promise<StoredImport> {
  // Month closing and execution writes lock the plan row too: a re-import takes its turn.
  const plan = await findPlanByTitle(tx, institutionId, draft, { lock: true });
  const units = await tx.select().from(orgUnits).where(eq(orgUnits.institutionId, institutionId));
  if (!plan) {
    return {
      plan: undefined,
      units,
      versions: [],
      activities: [],
      programmed: new Map(),
      executed: new Map(),
      comments: new Map(),
      closedMonths: new Set(),
    };
  }
  const planId = plan.id;
  const versions = await tx
    .select()
    .from(programmingVersions)
    .where(and(eq(programmingVersions.institutionId, institutionId), eq(programmingVersions.planId, planId)));
  const stored = await tx
    .select()
    .from(activities)
    .where(and(eq(activities.institutionId, institutionId), eq(activities.planId, planId)));
  return {
    plan,
    units,
    versions,
    activities: stored,
    programmed: await loadMonths(tx, "programmed_values", institutionId, planId),
    executed: await loadMonths(tx, "executed_values", institutionId, planId),
    comments: await loadComments(tx, institutionId, planId),
    closedMonths: await loadClosedMonths(tx, institutionId, planId),
  };
}

const MONTH_COLUMNS = sql.raw(MONTH_COLUMN_NAMES.join(", "));

type Valued = Record<string, unknown>;

/**
 * The stored month rows of a plan's activities, by `versionId|activityId` (`|activityId` for
 * executed values). Raw rows in one query: a re-import compares 100,000 of them.
 */
async function loadMonths(
  tx: Tx,
  table: "programmed_values" | "executed_values",
  institutionId: string,
  planId: string,
) {
  const version = sql.raw(table === "programmed_values" ? `v.version_id as "versionId",` : "");
  const found = await queryRows<Valued & { versionId?: string; activityId: string }>(
    tx,
    sql`select ${version} v.activity_id as "activityId", ${MONTH_COLUMNS}
      from ${sql.raw(table)} v join activities a on a.institution_id = v.institution_id and a.id = v.activity_id
      where a.institution_id = ${institutionId} and a.plan_id = ${planId}`,
  );
  return new Map(found.map((row) => [`${row.versionId ?? ""}|${row.activityId}`, row]));
}

/** The comments recorded per activity: month → comment. */
async function loadComments(tx: Tx, institutionId: string, planId: string) {
  const found = await queryRows<{ activityId: string; month: number; comment: string }>(
    tx,
    sql`select x.activity_id as "activityId", x.month::int as month, x.comment
      from execution_entries x join activities a on a.institution_id = x.institution_id and a.id = x.activity_id
      where a.institution_id = ${institutionId} and a.plan_id = ${planId} and x.comment is not null`,
  );
  const byActivity = new Map<string, Map<number, string>>();
  for (const { activityId, month, comment } of found) {
    const months = byActivity.get(activityId) ?? new Map<number, string>();
    byActivity.set(activityId, months.set(month, comment));
  }
  return byActivity;
}

async function loadClosedMonths(tx: Tx, institutionId: string, planId: string): Promise<Set<number>> {
  const rows = await tx
    .select({ month: closedMonths.month })
    .from(closedMonths)
    .where(and(eq(closedMonths.institutionId, institutionId), eq(closedMonths.planId, planId)));
  return new Set(rows.map((row) => row.month));
}
