/**
 * The bulk writer of an import: writes exactly what the reconcile decided
 * (`src/import/reconcile.ts` → `ImportWrites`), in the caller's transaction. Rows are written in
 * bulk (COPY, `./copy.ts`) so 100,000 activities import in seconds.
 *
 * Execution: every imported value lives in `executed_values`; a month gets an
 * `execution_entries` row only when it carries more than its value (a comment). Contract with
 * the execution API (src/db/execution.ts): a month with a value in `executed_values` but no
 * `execution_entries` row has version 0; the first write creates the entry with version 1. A
 * re-import that changes a month's execution raises that month's version like any other write
 * (so an editor's stale write is a 409).
 *
 * A document with one programming gets the derived baseline, which mirrors the current version
 * until approval (src/db/programming.ts): its months are written once.
 */
import { and, eq, getTableColumns, getTableName, inArray, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { activityFields, type ExecutionEntryWrite } from "../domain/activity-fields.js";
import type { ActivityWrite, ImportWrites, MonthsWrite } from "../domain/import-writes.js";
import { MONTHS } from "../domain/months.js";
import { analyzeTables, type Db } from "./connection.js";
import { COPY_NULL, type Copy, copyFields, copyLine, startCopy } from "./copy.js";
import { MONTH_COLUMN_NAMES, planVersions, type Tx } from "./programming.js";
import {
  activities,
  auditLog,
  executedValues,
  executionEntries,
  orgUnits,
  plans,
  programmedValues,
  programmingVersions,
} from "./schema.js";

type ActivityRow = typeof activities.$inferInsert;

export async function writeImport(tx: Tx, institutionId: string, writes: ImportWrites): Promise<void> {
  const { planId } = writes;
  if (writes.plan.kind === "create") {
    await tx.insert(plans).values({ institutionId, ...writes.plan.row });
  } else if (writes.plan.kind === "update") {
    await tx
      .update(plans)
      .set({ ...writes.plan.values, updatedAt: new Date() })
      .where(and(eq(plans.institutionId, institutionId), eq(plans.id, planId)));
  }
  await insertChunked(
    tx,
    orgUnits,
    writes.units.map((unit) => ({ institutionId, ...unit })),
  );
  for (const id of writes.versions.clearRole) {
    await tx
      .update(programmingVersions)
      .set({ role: null })
      .where(and(eq(programmingVersions.institutionId, institutionId), eq(programmingVersions.id, id)));
  }
  await insertChunked(
    tx,
    programmingVersions,
    writes.versions.create.map((version) => ({ institutionId, planId, ...version })),
  );
  if (writes.deriveBaseline) await planVersions(tx, institutionId, planId);
  for (const change of writes.changes) {
    if (change.fields) {
      await tx
        .update(activities)
        .set({ ...change.fields, updatedAt: new Date() })
        .where(and(eq(activities.institutionId, institutionId), eq(activities.id, change.id)));
    }
    if (change.programmedVersionIds) {
      await tx
        .delete(programmedValues)
        .where(
          and(
            eq(programmedValues.institutionId, institutionId),
            eq(programmedValues.activityId, change.id),
            inArray(programmedValues.versionId, change.programmedVersionIds),
          ),
        );
    }
    if (change.executed) {
      await tx
        .delete(executedValues)
        .where(
          and(eq(executedValues.institutionId, institutionId), eq(executedValues.activityId, change.id)),
        );
    }
  }
  await writeActivities(tx, { institutionId, planId, versions: writes.versionIds }, writes.activities);
  await insertChunked(tx, executionEntries, writes.newEntries);
  await upsertEntries(tx, writes.changedEntries);
  await insertChunked(tx, auditLog, writes.audit);
}

/**
 * The written tables, with the columns reports join and filter on: the planner's mistakes came
 * from row counts and join keys, and sampling only those costs a fifth (100,000 activities on
 * PostgreSQL: 345 → 65 ms, measured). No report filters on a month column.
 */
const IMPORTED_TABLES = [
  "org_units (institution_id, id, parent_id)",
  "activities (institution_id, id, plan_id, unit_id, active)",
  "programmed_values (institution_id, version_id, activity_id)",
  "executed_values (institution_id, activity_id)",
  "execution_entries (institution_id, activity_id, month)",
];

/**
 * Activities written from which an import refreshes the planner's statistics: report joins
 * mis-planned on stale ones grow with the square of a plan's size (0.5 s at 1,000 activities),
 * while a small document's import would spend a third of its time on ANALYZE (seed 004: 80 →
 * 115 ms, measured).
 */
const ANALYZE_FROM = 200;

/** Refreshes the planner's statistics after an import of `written` activities, when it pays. */
export async function analyzeImport(db: Db, written: number): Promise<void> {
  if (written >= ANALYZE_FROM) await analyzeTables(db, IMPORTED_TABLES);
}

/**
 * The month fields of a COPY row, for the columns of `monthColumnNames(withMoney)`. Built as
 * text directly: 100,000 rows of numbers are most of the client's work in an import.
 */
function monthFields({ quantity, money }: MonthsWrite, withMoney: boolean): string {
  let fields = "";
  for (let index = 0; index < MONTHS; index++) {
    fields += `\t${quantity?.[index] ?? COPY_NULL}`;
    if (withMoney) fields += `\t${money?.[index] ?? COPY_NULL}`;
  }
  return fields;
}

/** q01…q12, with m01…m12 beside them when some row of the chunk has money (else they stay null). */
function monthColumnNames(withMoney: boolean): string[] {
  return withMoney ? MONTH_COLUMN_NAMES : quantityColumns;
}

const quantityColumns = MONTH_COLUMN_NAMES.filter((name) => name.startsWith("q"));

const hasMoney = (months: MonthsWrite) => months.money?.some((value) => value !== null) === true;

const ACTIVITY_KEYS = Object.keys(getTableColumns(activities)).filter(
  (key) => key !== "createdAt" && key !== "updatedAt",
) as (keyof ActivityRow)[];
const ACTIVITY_COLUMN_NAMES = columnNames(activities, ACTIVITY_KEYS);

/**
 * Writes the rows of new and changed activities, a chunk at a time: each chunk's rows are built
 * while the server still writes the previous chunk's (a connection runs them in order, so an
 * activity always lands before its months).
 */
async function writeActivities(
  tx: Tx,
  context: {
    institutionId: string;
    planId: string;
    versions: { versionId: string }[];
  },
  writes: ActivityWrite[],
) {
  const { institutionId, planId, versions } = context;
  const copies = new Pipeline();
  for (const chunk of chunks(writes, CHUNK)) {
    const created = chunk.filter((write) => write.isNew);
    const activityLines = created.map(({ activity, id, unitId, position }) => {
      const row: ActivityRow = { institutionId, planId, id, ...activityFields(activity), unitId, position };
      return copyLine(ACTIVITY_KEYS.map((key) => row[key]));
    });
    await copies.send(() => startCopy(tx, "activities", ACTIVITY_COLUMN_NAMES, activityLines));
    for (const { versionId } of versions) {
      const rows = chunk.flatMap(({ id, programmed }) => {
        const write = programmed.find((one) => one.versionId === versionId);
        return write ? [{ id, write }] : [];
      });
      const money = rows.some(({ write }) => hasMoney(write));
      const lines = rows.map(
        ({ id, write }) => `${copyFields([institutionId, versionId, id])}${monthFields(write, money)}\n`,
      );
      const columns = ["institution_id", "version_id", "activity_id", ...monthColumnNames(money)];
      await copies.send(() => startCopy(tx, "programmed_values", columns, lines));
    }
    const executed = chunk.filter((write) => write.executed);
    const money = executed.some(({ activity }) => hasMoney(activity.executed));
    const executedLines = executed.map(
      ({ id, activity }) => `${copyFields([institutionId, id])}${monthFields(activity.executed, money)}\n`,
    );
    const columns = ["institution_id", "activity_id", ...monthColumnNames(money)];
    await copies.send(() => startCopy(tx, "executed_values", columns, executedLines));
  }
  await copies.drain();
}

/**
 * The changed months of re-imported activities: each entry's version goes up by one, so an
 * editor who read the month before the import gets a 409, never a silent overwrite.
 */
async function upsertEntries(tx: Tx, rows: ExecutionEntryWrite[]) {
  for (const chunk of chunks(rows, CHUNK)) {
    const json = JSON.stringify(
      chunk.map((row) => ({
        institution_id: row.institutionId,
        activity_id: row.activityId,
        month: row.month,
        value: row.value,
        money: row.money,
        comment: row.comment,
        entered_by: row.enteredBy,
      })),
    );
    await tx.execute(sql`insert into execution_entries (institution_id, activity_id, month, value, money, comment, entered_by)
      select institution_id, activity_id, month, value, money, comment, entered_by
      from json_populate_recordset(null::execution_entries, ${json}::json)
      on conflict (institution_id, activity_id, month) do update set value = excluded.value,
        money = excluded.money, comment = excluded.comment, entered_by = excluded.entered_by,
        entered_at = now(), version = execution_entries.version + 1`);
  }
}

function* chunks<T>(items: T[], size: number): Generator<T[]> {
  for (let start = 0; start < items.length; start += size) yield items.slice(start, start + size);
}

/** The SQL names of a table's columns, by their drizzle keys. */
function columnNames<T extends PgTable>(table: T, keys: readonly (keyof T["$inferInsert"])[]): string[] {
  const columns = getTableColumns(table) as Record<string, { name: string }>;
  return keys.map((key) => {
    const name = columns[key as string]?.name;
    if (!name) throw new Error(`${String(key)}: no such column`);
    return name;
  });
}

/**
 * Rows per COPY (and per upsert statement), about half a megabyte: 100,000 activities import as
 * fast as with 5,000 and peak at 170 MB less memory (measured).
 */
const CHUNK = 2000;

/**
 * COPYs one after another without blocking the caller: once a COPY's rows have left, the client
 * builds the next chunk while the server writes them (a connection runs one statement at a time).
 */
class Pipeline {
  private pending: Promise<unknown> = Promise.resolve();

  async send(start: () => Copy) {
    await this.pending;
    const copy = start();
    this.pending = copy.done;
    // Awaited by the next send or by drain(); until then a failure is not unhandled.
    copy.done.catch(() => undefined);
    await copy.sent;
  }

  drain() {
    return this.pending;
  }
}

/** Bulk insert of drizzle rows; only the columns the rows carry are listed, so the others take their defaults. */
async function insertChunked<T extends PgTable>(tx: Tx, table: T, rows: T["$inferInsert"][]) {
  if (rows.length === 0) return;
  const keys = Object.keys(getTableColumns(table)).filter((key) =>
    rows.some((row) => (row as Record<string, unknown>)[key] !== undefined),
  );
  const names = columnNames(table, keys as (keyof T["$inferInsert"])[]);
  const copies = new Pipeline();
  for (const chunk of chunks(rows, CHUNK)) {
    const lines = chunk.map((row) => copyLine(keys.map((key) => (row as Record<string, unknown>)[key])));
    await copies.send(() => startCopy(tx, getTableName(table), names, lines));
  }
  await copies.drain();
}
