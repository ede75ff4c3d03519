/**
 * Writes a plan draft into an institution, all-or-nothing, in one transaction.
 *
 * Matching makes re-imports safe: the plan by (year, kind, title), units by code or by name
 * under the same parent, activities by code or by (unit, name). Re-importing the same document
 * changes nothing; a corrected version updates values in place and each changed activity gets
 * an audit entry with before and after. Rows are written in bulk so 100,000 activities import
 * in seconds.
 *
 * Execution: every imported value lives in `executed_values`; a month gets an
 * `execution_entries` row only when it carries more than its value (a comment). Contract with
 * the execution API (src/db/execution.ts): a month with a value in `executed_values` but no
 * `execution_entries` row has version 0; the first write creates the entry with version 1.
 * A re-import that changes a month's execution raises that month's version like any other write
 * (so an editor's stale write is a 409), keeps recorded comments when the document has none, and
 * refuses the whole document when the month is closed.
 *
 * A document with one programming gets the derived baseline, which mirrors the current version
 * until approval (src/db/programming.ts): its months are written once.
 */
import { randomUUID } from "node:crypto";
import { and, eq, getTableColumns, getTableName, inArray, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { Actor } from "../domain/actor.js";
import { AppError } from "../domain/errors.js";
import { MONTHS, type Monthly } from "../domain/months.js";
import { fold } from "../domain/normalize.js";
import { MONTH_NAMES } from "../domain/periods.js";
import { type ActivityDraft, type PlanDraft, type VersionDraft, where } from "../domain/plan-draft.js";
import { type PlanStatus, planStatusLabels } from "../domain/plan-status.js";
import { type AuditEntry, audit } from "./audit.js";
import { analyzeTables, type Db, queryRows } from "./connection.js";
import { COPY_NULL, type Copy, copyFields, copyLine, startCopy } from "./copy.js";
import { orderedIds } from "./ordered-ids.js";
import { decimalText, MONTH_COLUMN_NAMES, monthKeys, planVersions, type Tx } from "./programming.js";
import {
  activities,
  auditLog,
  closedMonths,
  executedValues,
  executionEntries,
  orgUnits,
  plans,
  programmedValues,
  programmingVersions,
} from "./schema.js";

export type CommitSummary = {
  planId: string;
  created: boolean;
  units: { created: number };
  activities: { created: number; updated: number; unchanged: number };
};

export async function commitPlan(
  db: Db,
  input: { institutionId: string; draft: PlanDraft; sourceFile: string; actor?: Actor },
): Promise<CommitSummary> {
  const { institutionId, draft, sourceFile, actor = {} } = input;
  if (draft.activities.length === 0) {
    throw new AppError("validation", `${sourceFile}: el documento no tiene actividades que importar.`);
  }
  const summary = await db.transaction(async (tx) => {
    await takeImportTurn(tx, institutionId);
    const { planId, created, status } = await upsertPlan(tx, institutionId, draft, sourceFile, actor);
    const unitIds = await upsertUnits(tx, institutionId, draft, actor);
    const versionIds = await upsertVersions(tx, institutionId, planId, draft.versions);
    if (!draft.versions.some((version) => version.role === "baseline"))
      await planVersions(tx, institutionId, planId);
    const counts = await upsertActivities(tx, {
      institutionId,
      planId,
      draft,
      sourceFile,
      unitIds,
      versionIds,
      status,
      actor,
    });
    await audit(tx, {
      institutionId,
      planId,
      action: "import",
      entity: "plan",
      entityId: planId,
      after: { file: sourceFile, ...counts },
      ...actor,
    });
    return { planId, created, units: { created: unitIds.created }, activities: counts };
  });
  if (summary.activities.created + summary.activities.updated >= ANALYZE_FROM)
    await analyzeTables(db, IMPORTED_TABLES);
  return summary;
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

/**
 * One import at a time per institution, until the transaction ends: the lookups below find no
 * row to lock when the plan or its units do not exist yet, so two simultaneous imports of one
 * document each created a plan «POI 2021» and its units. Per institution, not per plan: the
 * units are the institution's, shared by its POI and POA. The second import waits, then finds
 * what the first wrote and is a re-import.
 */
async function takeImportTurn(tx: Tx, institutionId: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(${IMPORT_LOCK}, hashtext(${institutionId}))`);
}

/** The class of the imports' advisory locks (the two-key form: apart from the migration's). */
const IMPORT_LOCK = 4_207_310;

async function upsertPlan(tx: Tx, institutionId: string, draft: PlanDraft, sourceFile: string, actor: Actor) {
  const values = {
    generalObjective: draft.generalObjective ?? null,
    department: draft.department ?? null,
    responsible: draft.responsible ?? null,
    documentDate: draft.documentDate ?? null,
    sourceStage: draft.stage ?? null,
    sourceFile,
  };
  const [existing] = await tx
    .select()
    .from(plans)
    .where(
      and(
        eq(plans.institutionId, institutionId),
        eq(plans.year, draft.year),
        eq(plans.kind, draft.kind),
        eq(plans.title, draft.title),
      ),
    )
    .limit(1)
    // Month closing and execution writes lock the plan row too: a re-import takes its turn.
    .for("update");
  if (existing) {
    const before = pick(existing, Object.keys(values) as (keyof typeof values)[]);
    if (!sameRecord(before, values)) {
      await tx
        .update(plans)
        .set({ ...values, updatedAt: new Date() })
        .where(and(eq(plans.institutionId, institutionId), eq(plans.id, existing.id)));
      await audit(tx, {
        institutionId,
        planId: existing.id,
        action: "update",
        entity: "plan",
        entityId: existing.id,
        before,
        after: values,
        ...actor,
      });
    }
    return { planId: existing.id, created: false, status: existing.status };
  }
  const id = randomUUID();
  await tx
    .insert(plans)
    .values({ institutionId, id, year: draft.year, kind: draft.kind, title: draft.title, ...values });
  await audit(tx, {
    institutionId,
    planId: id,
    action: "create",
    entity: "plan",
    entityId: id,
    after: { year: draft.year, kind: draft.kind, title: draft.title, ...values },
    ...actor,
  });
  return { planId: id, created: true, status: "draft" as const };
}

/** Unit ids by draft key, creating the missing ones (parents before children). */
async function upsertUnits(tx: Tx, institutionId: string, draft: PlanDraft, actor: Actor) {
  const existing = await tx.select().from(orgUnits).where(eq(orgUnits.institutionId, institutionId));
  const byCode = new Map(existing.filter((unit) => unit.code).map((unit) => [unit.code as string, unit.id]));
  const byName = new Map(existing.map((unit) => [`${unit.parentId ?? ""}|${fold(unit.name)}`, unit.id]));
  const ids = new Map<string, string>();
  const draftByKey = new Map(draft.units.map((unit) => [unit.key, unit]));
  const toInsert: (typeof orgUnits.$inferInsert)[] = [];
  const resolve = (key: string, depth = 0): string => {
    const known = ids.get(key);
    if (known) return known;
    const unit = draftByKey.get(key);
    if (!unit || depth > 50)
      throw new AppError("validation", `Unidad orgánica «${key}» sin definir o en un ciclo.`);
    const parentId = unit.parentKey ? resolve(unit.parentKey, depth + 1) : null;
    // A coded unit is matched by its code only: two units may share a name (CEPLAN does).
    const found = unit.code ? byCode.get(unit.code) : byName.get(`${parentId ?? ""}|${fold(unit.name)}`);
    const id = found ?? randomUUID();
    if (!found) {
      toInsert.push({
        institutionId,
        id,
        parentId,
        name: unit.name,
        code: unit.code ?? null,
        responsible: unit.responsible ?? null,
        position: existing.length + toInsert.length,
      });
      if (unit.code) byCode.set(unit.code, id);
      else byName.set(`${parentId ?? ""}|${fold(unit.name)}`, id);
    }
    ids.set(key, id);
    return id;
  };
  for (const unit of draft.units) resolve(unit.key);
  await insertChunked(tx, orgUnits, toInsert);
  if (toInsert.length) {
    await audit(tx, {
      institutionId,
      action: "create",
      entity: "org_units",
      after: toInsert.map(({ id, name, parentId }) => ({ id, name, parentId })),
      ...actor,
    });
  }
  return Object.assign(ids, { created: toInsert.length });
}

async function upsertVersions(tx: Tx, institutionId: string, planId: string, versions: VersionDraft[]) {
  const existing = await tx
    .select()
    .from(programmingVersions)
    .where(and(eq(programmingVersions.institutionId, institutionId), eq(programmingVersions.planId, planId)));
  const ids = new Map(existing.map((version) => [version.code, version.id]));
  const missing = versions.filter((version) => !ids.has(version.code));
  // A role moves to the newest document's version: clear it on the old one first (unique per plan).
  for (const version of versions) {
    const holder = existing.find((row) => row.role === version.role && row.code !== version.code);
    if (version.role && holder) {
      await tx
        .update(programmingVersions)
        .set({ role: null })
        .where(
          and(eq(programmingVersions.institutionId, institutionId), eq(programmingVersions.id, holder.id)),
        );
    }
  }
  const rows = missing.map((version, index) => ({
    institutionId,
    id: randomUUID(),
    planId,
    code: version.code,
    name: version.name,
    role: version.role ?? null,
    position: existing.length + index,
  }));
  await insertChunked(tx, programmingVersions, rows);
  for (const row of rows) ids.set(row.code, row.id);
  return ids;
}

type ActivityRow = typeof activities.$inferInsert;

function activityRow(
  activity: ActivityDraft,
): Omit<ActivityRow, "institutionId" | "planId" | "unitId" | "position"> {
  return {
    code: activity.code ?? null,
    name: activity.name,
    project: activity.project ?? null,
    objective: activity.objective ?? null,
    location: activity.location ?? null,
    budgetActivity: activity.budgetActivity ?? null,
    unitOfMeasure: activity.unitOfMeasure ?? null,
    annualTarget: decimalText(activity.annualTarget),
    startDate: activity.startDate ?? null,
    endDate: activity.endDate ?? null,
    goal: activity.goal ?? null,
    responsible: activity.responsible ?? null,
    measureKind: activity.measureKind,
    cumulative: activity.cumulative,
    oeiCode: activity.oeiCode ?? null,
    oeiName: activity.oeiName ?? null,
    aeiCode: activity.aeiCode ?? null,
    aeiName: activity.aeiName ?? null,
    priority: activity.priority ?? null,
    active: activity.active,
    attributes: activity.attributes,
  };
}

/** Quantity and money by month, as the draft carries them (programmed or executed). */
type Months = { quantity: Monthly | undefined; money?: Monthly | undefined };

/** The month columns as the audit log records them: `{ q01: "2", …, m12: null }`. */
function monthColumns({ quantity, money }: Months): Record<string, string | null> {
  const row: Record<string, string | null> = {};
  monthKeys.forEach((key, index) => {
    row[`q${key}`] = decimalText(quantity?.[index] ?? null);
    row[`m${key}`] = decimalText(money?.[index] ?? null);
  });
  return row;
}

/**
 * The month fields of a COPY row, for the columns of `monthColumnNames(withMoney)`. Built as
 * text directly: 100,000 rows of numbers are most of the client's work in an import.
 */
function monthFields({ quantity, money }: Months, withMoney: boolean): string {
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

const hasMoney = (months: Months) => months.money?.some((value) => value !== null) === true;

/** One version's programmed months of one activity. */
type ProgrammedWrite = Months & { versionId: string };

/** What an activity of the draft writes: its row when new, its months when new or changed. */
type ActivityWrite = {
  activity: ActivityDraft;
  id: string;
  unitId: string;
  position: number;
  isNew: boolean;
  programmed: ProgrammedWrite[];
  executed: boolean;
};

async function upsertActivities(
  tx: Tx,
  context: {
    institutionId: string;
    planId: string;
    draft: PlanDraft;
    sourceFile: string;
    unitIds: Map<string, string>;
    versionIds: Map<string, string>;
    status: PlanStatus;
    actor: Actor;
  },
) {
  const { institutionId, planId, draft, sourceFile, unitIds, versionIds, status, actor } = context;
  const existing = await tx
    .select()
    .from(activities)
    .where(and(eq(activities.institutionId, institutionId), eq(activities.planId, planId)));
  const byCode = new Map(existing.filter((row) => row.code).map((row) => [row.code as string, row]));
  const byName = new Map(existing.map((row) => [`${row.unitId}|${fold(row.name)}`, row]));
  const programmedNow = await loadMonths(tx, "programmed_values", institutionId, planId);
  const executedNow = await loadMonths(tx, "executed_values", institutionId, planId);
  const commentsNow = await loadComments(tx, institutionId, planId);
  const closed = await loadClosedMonths(tx, institutionId, planId);
  const entryChanges: (typeof executionEntries.$inferInsert)[] = [];
  const versions = draft.versions.flatMap((version) => {
    const versionId = versionIds.get(version.code);
    return versionId ? [{ code: version.code, versionId }] : [];
  });

  const newId = orderedIds();
  const writes: ActivityWrite[] = [];
  const auditRows: AuditEntry[] = [];
  let updated = 0;
  let unchanged = 0;

  for (const [position, activity] of draft.activities.entries()) {
    const unitId = unitIds.get(activity.unitKey);
    if (!unitId) throw new AppError("validation", `Unidad orgánica «${activity.unitKey}» sin definir.`);
    // A new plan has nothing to match: skip folding 100,000 names.
    const match =
      existing.length === 0
        ? undefined
        : (activity.code && byCode.get(activity.code)) || byName.get(`${unitId}|${fold(activity.name)}`);
    const id = match?.id ?? newId();
    const programmed: ProgrammedWrite[] = versions.flatMap(({ code, versionId }) => {
      const programming = activity.programmed[code];
      return programming ? [{ versionId, ...programming }] : [];
    });
    if (!match) {
      if (status !== "draft")
        throw frozenPlanChanged(sourceFile, activity, status, "es nueva en el documento");
      writes.push({ activity, id, unitId, position, isNew: true, programmed, executed: true });
      continue;
    }
    const fields = { ...activityRow(activity), unitId, position };
    const before = { ...pick(match, Object.keys(fields) as (keyof typeof fields)[]) };
    const fieldsChanged = !sameRecord(before, fields);
    const programmedChanged = programmed.some((write) => {
      const now = programmedNow.get(`${write.versionId}|${id}`);
      return !now || !sameMonths(now, write);
    });
    const executedNowRow = executedNow.get(`|${id}`);
    const executedChanged =
      !sameMonths(executedNowRow, activity.executed) ||
      (activity.executed.comments !== undefined && !sameComments(commentsNow.get(id), commentsOf(activity)));
    if (!fieldsChanged && !programmedChanged && !executedChanged) {
      unchanged++;
      continue;
    }
    updated++;
    if (status !== "draft" && (fieldsChanged || programmedChanged)) {
      const what = programmedChanged ? "tiene otra programación" : "tiene otros datos";
      throw frozenPlanChanged(sourceFile, activity, status, what);
    }
    if (executedChanged && status !== "draft" && status !== "in_execution")
      throw frozenPlanChanged(sourceFile, activity, status, "tiene otra ejecución");
    if (fieldsChanged) {
      await tx
        .update(activities)
        .set({ ...fields, updatedAt: new Date() })
        .where(and(eq(activities.institutionId, institutionId), eq(activities.id, id)));
    }
    if (programmedChanged) {
      await tx.delete(programmedValues).where(
        and(
          eq(programmedValues.institutionId, institutionId),
          eq(programmedValues.activityId, id),
          inArray(
            programmedValues.versionId,
            programmed.map((write) => write.versionId),
          ),
        ),
      );
    }
    if (executedChanged) {
      // A document without comments says nothing about them: the recorded ones stay.
      const comments = activity.executed.comments
        ? new Map(commentsOf(activity))
        : (commentsNow.get(id) ?? new Map<number, string>());
      for (const month of changedMonths(executedNowRow, commentsNow.get(id), activity.executed, comments)) {
        if (closed.has(month)) throw closedMonthChanged(sourceFile, activity, month, executedNowRow);
        entryChanges.push({
          institutionId,
          activityId: id,
          month,
          value: decimalText(activity.executed.quantity[month - 1]),
          money: decimalText(activity.executed.money?.[month - 1]),
          comment: comments.get(month) ?? null,
          enteredBy: actor.userId ?? null,
        });
      }
      await tx
        .delete(executedValues)
        .where(and(eq(executedValues.institutionId, institutionId), eq(executedValues.activityId, id)));
    }
    writes.push({
      activity,
      id,
      unitId,
      position,
      isNew: false,
      programmed: programmedChanged ? programmed : [],
      executed: executedChanged,
    });
    auditRows.push({
      institutionId,
      planId,
      unitId,
      action: "update",
      entity: "activity",
      entityId: id,
      before: {
        ...(fieldsChanged ? before : {}),
        ...(programmedChanged
          ? { programmed: programmed.map((write) => programmedNow.get(`${write.versionId}|${id}`) ?? null) }
          : {}),
        ...(executedChanged ? { executed: executedNowRow ?? null } : {}),
      },
      after: {
        ...(fieldsChanged ? fields : {}),
        ...(programmedChanged
          ? {
              programmed: programmed.map(({ versionId, ...months }) => ({
                versionId,
                ...monthColumns(months),
              })),
            }
          : {}),
        ...(executedChanged ? { executed: monthColumns(activity.executed) } : {}),
      },
      ...actor,
    });
  }

  const entryRows = await writeActivities(tx, { institutionId, planId, versions, actor }, writes);
  await insertChunked(tx, executionEntries, entryRows);
  await upsertEntries(tx, entryChanges);
  await insertChunked(tx, auditLog, auditRows);
  return { created: writes.filter((write) => write.isNew).length, updated, unchanged };
}

const ACTIVITY_KEYS = Object.keys(getTableColumns(activities)).filter(
  (key) => key !== "createdAt" && key !== "updatedAt",
) as (keyof ActivityRow)[];
const ACTIVITY_COLUMN_NAMES = columnNames(activities, ACTIVITY_KEYS);
const MONTH_COLUMNS = sql.raw(MONTH_COLUMN_NAMES.join(", "));

/**
 * Writes the rows of new and changed activities, a chunk at a time: each chunk's rows are built
 * while the server still writes the previous chunk's (a connection runs them in order, so an
 * activity always lands before its months). Returns the execution entries to write.
 */
async function writeActivities(
  tx: Tx,
  context: {
    institutionId: string;
    planId: string;
    versions: { versionId: string }[];
    actor: Actor;
  },
  writes: ActivityWrite[],
) {
  const { institutionId, planId, versions, actor } = context;
  const entryRows: (typeof executionEntries.$inferInsert)[] = [];
  const copies = new Pipeline();
  for (const chunk of chunks(writes, CHUNK)) {
    const created = chunk.filter((write) => write.isNew);
    const activityLines = created.map(({ activity, id, unitId, position }) => {
      const row: ActivityRow = { institutionId, planId, id, ...activityRow(activity), unitId, position };
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
    // A changed activity's months were compared one by one (upsertEntries): only new ones here.
    for (const { id, activity } of created)
      for (const [month, comment] of commentsOf(activity))
        entryRows.push({
          institutionId,
          activityId: id,
          month,
          value: decimalText(activity.executed.quantity[month - 1]),
          money: decimalText(activity.executed.money?.[month - 1]),
          comment,
          enteredBy: actor.userId ?? null,
        });
  }
  await copies.drain();
  return entryRows;
}

/**
 * The months whose execution carries more than its value (a comment): only those get an
 * `execution_entries` row, since `executed_values` already holds every value.
 */
function commentsOf(activity: ActivityDraft): [month: number, comment: string][] {
  const comments = activity.executed.comments;
  if (!comments) return [];
  return comments.flatMap((comment, index) => (comment ? [[index + 1, comment] as [number, string]] : []));
}

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

/** The months whose executed quantity, money or comment the document changes. */
function changedMonths(
  now: Valued | undefined,
  commentsNow: Map<number, string> | undefined,
  { quantity, money }: Months,
  comments: Map<number, string>,
): number[] {
  const changed: number[] = [];
  for (let index = 0; index < MONTHS; index++) {
    const month = index + 1;
    if (
      num(now?.[quantityColumns[index] as string]) !== (quantity?.[index] ?? null) ||
      num(now?.[moneyColumns[index] as string]) !== (money?.[index] ?? null) ||
      (commentsNow?.get(month) ?? null) !== (comments.get(month) ?? null)
    )
      changed.push(month);
  }
  return changed;
}

/**
 * Once approved, a plan's activities and programming change only through the API's rules
 * (reprogramming requests), and its execution only while it is in execution: a re-import too.
 */
function frozenPlanChanged(sourceFile: string, activity: ActivityDraft, status: PlanStatus, what: string) {
  const remedy =
    status === "closed"
      ? "Un plan cerrado no cambia"
      : "Lo programado de un plan aprobado cambia solo con una reprogramación, y sus actividades no cambian";
  return new AppError(
    "conflict",
    `${sourceFile}, ${where(activity.source)}: el plan está ${planStatusLabels[status]} y la actividad «${activity.name}» ${what}. ${remedy}; no se importó nada.`,
  );
}

/** A closed month takes no more execution without reopening, not even from a re-import. */
function closedMonthChanged(
  sourceFile: string,
  activity: ActivityDraft,
  month: number,
  now: Valued | undefined,
) {
  const stored = num(now?.[quantityColumns[month - 1] as string]);
  const next = activity.executed.quantity?.[month - 1] ?? null;
  return new AppError(
    "conflict",
    `${sourceFile}, ${where(activity.source)}: el mes de ${MONTH_NAMES[month - 1]} está cerrado y el documento cambia la ejecución de «${activity.name}» (${stored ?? "vacío"} → ${next ?? "vacío"}). Reabra el mes o corrija el documento; no se importó nada.`,
  );
}

/**
 * The changed months of re-imported activities: each entry's version goes up by one, so an
 * editor who read the month before the import gets a 409, never a silent overwrite.
 */
async function upsertEntries(tx: Tx, rows: (typeof executionEntries.$inferInsert)[]) {
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

/** Numeric columns come back as `12.5000`: compare by value. */
function num(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

/** A stored month row against the draft's months; no row at all is twelve empty months. */
const quantityColumns = monthKeys.map((key) => `q${key}`);
const moneyColumns = monthKeys.map((key) => `m${key}`);

function sameMonths(now: Valued | undefined, { quantity, money }: Months): boolean {
  for (let index = 0; index < MONTHS; index++) {
    if (num(now?.[quantityColumns[index] as string]) !== (quantity?.[index] ?? null)) return false;
    if (num(now?.[moneyColumns[index] as string]) !== (money?.[index] ?? null)) return false;
  }
  return true;
}

function sameComments(now: Map<number, string> | undefined, next: [number, string][]): boolean {
  return (now?.size ?? 0) === next.length && next.every(([month, comment]) => now?.get(month) === comment);
}

function sameRecord(now: Record<string, unknown>, next: Record<string, unknown>): boolean {
  return Object.keys(next).every((key) => {
    const a = now[key];
    const b = next[key];
    if (key === "annualTarget") return num(a) === num(b);
    if (typeof b === "object" && b !== null) return stableJson(a) === stableJson(b);
    return (a ?? null) === (b ?? null);
  });
}

/** jsonb returns keys in its own order: compare sorted. */
function stableJson(value: unknown): string {
  return JSON.stringify(
    Object.entries((value ?? {}) as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
  );
}

function pick<T extends Record<string, unknown>, K extends keyof T>(row: T, keys: K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((key) => [key, row[key]])) as Pick<T, K>;
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
