/**
 * Monthly execution of an activity: the queries that read the twelve months and write one.
 *
 * Optimistic concurrency: every write names the version it read. Version 0 is "no entry yet"
 * (nothing recorded, or a value that came in through an import, which has no entry row); the
 * first write creates the entry with version 1 (INSERT … ON CONFLICT DO NOTHING: of two first
 * writers one wins, the other gets nothing back and reads the winner's entry). Later writes lock
 * the entry row (`monthForWrite`), and the use case (services/execution/record-execution.ts)
 * compares versions before `writeEntry` runs UPDATE … WHERE version = expected. The wide
 * `executed_values` row is written by the same statement as the entry.
 */
import { sql } from "drizzle-orm";
import { type ActivityScope, isoTime, type Person, personOf } from "./activity-scope.js";
import { planMonths } from "./closed-months.js";
import { type Db, queryRows } from "./connection.js";
import { toQuantity } from "./figures.js";
import { activityDetail } from "./reports/activity-detail.js";

export type EntryState = {
  value: number | null;
  money: number | null;
  comment: string | null;
  version: number;
  enteredBy: Person | null;
  enteredAt: string | null;
};

export type EvidenceRef = { id: string; fileName: string; size: number; contentType: string };

export type ExecutionMonth = EntryState & {
  month: number;
  programmed: number | null;
  closed: boolean;
  evidence: EvidenceRef[];
};

function two(month: number): string {
  if (!Number.isInteger(month) || month < 1 || month > 12) throw new RangeError(`not a month: ${month}`);
  return String(month).padStart(2, "0");
}

type EntryRow = {
  month: number;
  value: string | null;
  money: string | null;
  comment: string | null;
  version: number;
  name: string | null;
  email: string | null;
  entered_at: string;
};

/** An entry `x` joined with its author `us`, as an EntryRow. */
const ENTRY_COLUMNS = sql`x.month::int as month, x.value::text as value, x.money::text as money, x.comment,
  x.version, us.name, us.email, ${isoTime("x.entered_at")} as entered_at`;

async function entryRows(db: Db, scope: ActivityScope, month?: number): Promise<EntryRow[]> {
  const oneMonth = month === undefined ? sql`` : sql`and x.month = ${month}`;
  return queryRows<EntryRow>(
    db,
    sql`select ${ENTRY_COLUMNS}
      from execution_entries x left join users us on us.id = x.entered_by
      where x.institution_id = ${scope.institutionId} and x.activity_id = ${scope.id} ${oneMonth}`,
  );
}

function entryState(row: EntryRow): EntryState {
  return {
    value: toQuantity(row.value),
    money: toQuantity(row.money),
    comment: row.comment,
    version: row.version,
    enteredBy: personOf(row.name, row.email),
    enteredAt: row.entered_at,
  };
}

/**
 * What a write of a month needs, in one statement run after the plan lock (so its snapshot
 * includes any month close it waited for, and no close can commit before the write does):
 * whether the month is closed, its entry locked, and, when it has no entry yet, the month as the
 * figures see it (the imported value, version 0).
 */
export async function monthForWrite(
  tx: Db,
  scope: ActivityScope,
  month: number,
): Promise<{ closed: boolean; locked: boolean; before: EntryState }> {
  const { institutionId, id: activityId } = scope;
  const [row] = await queryRows<
    Omit<EntryRow, "version"> & {
      version: number | null;
      closed: boolean;
      mirrored_value: string | null;
      mirrored_money: string | null;
    }
  >(
    tx,
    sql`select exists (select 1 from closed_months c where c.institution_id = ${institutionId}
          and c.plan_id = ${scope.planId} and c.month = ${month}) as closed,
        ${ENTRY_COLUMNS},
        ev.${sql.raw(`q${two(month)}`)}::text as mirrored_value, ev.${sql.raw(`m${two(month)}`)}::text as mirrored_money
      from (select 1) one
      left join lateral (select * from execution_entries e where e.institution_id = ${institutionId}
          and e.activity_id = ${activityId} and e.month = ${month} for update) x on true
      left join users us on us.id = x.entered_by
      left join executed_values ev on ev.institution_id = ${institutionId} and ev.activity_id = ${activityId}`,
  );
  if (!row) throw new Error("a one-row select returned no row");
  const { closed, mirrored_value, mirrored_money, version } = row;
  if (version !== null) return { closed, locked: true, before: entryState({ ...row, version }) };
  const before = {
    value: toQuantity(mirrored_value),
    money: toQuantity(mirrored_money),
    comment: null,
    version: 0,
    enteredBy: null,
    enteredAt: null,
  };
  return { closed, locked: false, before };
}

/**
 * The twelve months of an activity: programmed (current version), executed, entry, closed,
 * evidence. Run it in one repeatable-read snapshot (the use case opens it): the value comes from
 * the wide row and the version from the entry.
 */
export async function executionMonths(db: Db, scope: ActivityScope): Promise<ExecutionMonth[]> {
  const detail = await activityDetail(db, {
    institutionId: scope.institutionId,
    planId: scope.planId,
    activityId: scope.id,
  });
  if (!detail) return [];
  const entries = new Map((await entryRows(db, scope)).map((row) => [row.month, entryState(row)]));
  const months = await planMonths(db, scope.institutionId, scope.planId);
  const evidence = await queryRows<EvidenceRef & { month: number }>(
    db,
    sql`select id, month::int as month, file_name as "fileName", size, content_type as "contentType"
      from evidence_files where institution_id = ${scope.institutionId} and activity_id = ${scope.id}
      order by uploaded_at, id`,
  );
  return Array.from({ length: 12 }, (_, i) => {
    const month = i + 1;
    const entry = entries.get(month);
    return {
      month,
      programmed: detail.programmedMonths[i] ?? null,
      value: detail.executedMonths[i] ?? null,
      money: detail.executedMoney[i] ?? null,
      comment: entry?.comment ?? null,
      version: entry?.version ?? 0,
      enteredBy: entry?.enteredBy ?? null,
      enteredAt: entry?.enteredAt ?? null,
      closed: months[i]?.closed ?? false,
      evidence: evidence
        .filter((file) => file.month === month)
        .map(({ id, fileName, size, contentType }) => ({ id, fileName, size, contentType })),
    };
  });
}

const quantity = (value: number | null) => (value === null ? null : String(value));

/** The month's entry as it is now, or undefined when it has none. */
export async function findEntry(
  db: Db,
  scope: ActivityScope,
  month: number,
): Promise<EntryState | undefined> {
  const [row] = await entryRows(db, scope, month);
  return row ? entryState(row) : undefined;
}

export type EntryWrite = {
  month: number;
  value: number | null;
  money: number | null;
  comment: string | null;
  /** The version read: the UPDATE only applies on it. */
  version: number;
  /** true: the entry exists and `monthForWrite` locked it (UPDATE); false: the first write (INSERT). */
  locked: boolean;
  userId: string | undefined;
};

/**
 * Writes the month's entry and mirrors it into the wide row; undefined when nothing was written
 * (another first writer's entry landed between the read and the insert).
 */
export async function writeEntry(
  tx: Db,
  scope: ActivityScope,
  input: EntryWrite,
): Promise<EntryState | undefined> {
  const { institutionId, id: activityId } = scope;
  const { month, value, money, comment } = input;
  // No user (the CLI) is a null author: an undefined parameter would vanish from the statement.
  const userId = input.userId ?? null;
  const write = input.locked
    ? sql`update execution_entries set value = ${quantity(value)}, money = ${quantity(money)},
          comment = ${comment}, entered_by = ${userId}, entered_at = now(), version = version + 1
        where institution_id = ${institutionId} and activity_id = ${activityId} and month = ${month}
          and version = ${input.version}
        returning *`
    : sql`insert into execution_entries
          (institution_id, activity_id, month, value, money, comment, entered_by, version)
        values (${institutionId}, ${activityId}, ${month}, ${quantity(value)}, ${quantity(money)},
          ${comment}, ${userId}, 1)
        on conflict do nothing returning *`;
  // One statement writes the entry, mirrors it into the wide row (only if the entry was
  // written) and reads it back with its author: fewer round trips inside the transaction,
  // which holds the institution's figure-version row (bumped by both writes) until commit.
  const q = sql.raw(`q${two(month)}`);
  const m = sql.raw(`m${two(month)}`);
  const [after] = await queryRows<EntryRow>(
    tx,
    sql`with x as (${write}), mirrored as (
        insert into executed_values (institution_id, activity_id, ${q}, ${m})
          select institution_id, activity_id, value, money from x
        on conflict (institution_id, activity_id) do update set ${q} = excluded.${q}, ${m} = excluded.${m})
      select ${ENTRY_COLUMNS} from x left join users us on us.id = x.entered_by`,
  );
  return after ? entryState(after) : undefined;
}
