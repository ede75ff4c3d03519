/**
 * What committing a plan draft changes, decided from the stored rows alone (no database here):
 * the writes, the audit entries and the problems that refuse the whole document.
 *
 * Matching makes re-imports safe: the plan by (year, kind, title), units by code or by name
 * under the same parent, activities by code or by (unit, name). Re-importing the same document
 * changes nothing; a corrected version updates values in place and each changed activity gets
 * an audit entry with before and after.
 *
 * Once approved, a plan's activities and programming change only through the API's rules
 * (reprogramming requests), and its execution only while it is in execution: a re-import too.
 * A closed month takes no more execution without reopening, not even from a re-import. A
 * re-import keeps recorded comments when the document has none.
 */
import { type ActivityFields, activityFields, type ExecutionEntryWrite } from "../domain/activity-fields.js";
import type { Actor } from "../domain/actor.js";
import type { ReasonOf } from "../domain/errors.js";
import type {
  ActivityChange,
  ActivityWrite,
  AuditWrite,
  ImportWrites,
  MonthsWrite,
  ProgrammedWrite,
  StoredImport,
  StoredMonths,
} from "../domain/import-writes.js";
import { decimalText, MONTHS, monthKeys } from "../domain/months.js";
import { fold } from "../domain/normalize.js";
import { MONTH_NAMES } from "../domain/periods.js";
import { type ActivityDraft, type PlanDraft, where } from "../domain/plan-draft.js";
import { type PlanStatus, planStatusLabels } from "../domain/plan-status.js";

/** A reason the whole document is refused: nothing is imported. */
export type ReconcileProblem = { message: string; reason: ReasonOf<"validation" | "conflict"> };

export type ReconcileInput = {
  institutionId: string;
  draft: PlanDraft;
  sourceFile: string;
  actor: Actor;
  stored: StoredImport;
  /** Ids of the plan, units and versions. */
  newId: () => string;
  /** Ids of activities, written in bulk (time-ordered: `src/db/ordered-ids.ts`). */
  newActivityId: () => string;
};

/** The first problem refuses the document, as the commit reports it. */
export type Reconciled =
  | { writes: ImportWrites; problem?: undefined }
  | { writes?: undefined; problem: ReconcileProblem };

class Refusal extends Error {
  constructor(readonly problem: ReconcileProblem) {
    super(problem.message);
  }
}

export function reconcileImport(input: ReconcileInput): Reconciled {
  try {
    return { writes: reconcile(input) };
  } catch (error) {
    if (error instanceof Refusal) return { problem: error.problem };
    throw error;
  }
}

function reconcile(input: ReconcileInput): ImportWrites {
  const { institutionId, draft, sourceFile, actor, stored, newId } = input;
  const audit: AuditWrite[] = [];
  const plan = reconcilePlan(input, audit);
  const planId = plan.planId;
  const units = reconcileUnits(input, audit);

  const versionIds = new Map(stored.versions.map((version) => [version.code, version.id]));
  const clearRole: string[] = [];
  for (const version of draft.versions) {
    const holder = stored.versions.find((row) => row.role === version.role && row.code !== version.code);
    if (version.role && holder) clearRole.push(holder.id);
  }
  const createVersions = draft.versions
    .filter((version) => !versionIds.has(version.code))
    .map((version, index) => ({
      id: newId(),
      code: version.code,
      name: version.name,
      role: version.role ?? null,
      position: stored.versions.length + index,
    }));
  for (const row of createVersions) versionIds.set(row.code, row.id);
  const versions = draft.versions.flatMap((version) => {
    const versionId = versionIds.get(version.code);
    return versionId ? [{ code: version.code, versionId }] : [];
  });

  const activities = reconcileActivities(input, {
    planId,
    status: plan.status,
    unitIds: units.ids,
    versions,
  });
  audit.push(...activities.audit, {
    institutionId,
    planId,
    action: "import",
    entity: "plan",
    entityId: planId,
    after: { file: sourceFile, ...activities.counts },
    ...actor,
  });
  return {
    planId,
    created: plan.created,
    plan: plan.write,
    units: units.create,
    versions: { clearRole, create: createVersions },
    deriveBaseline: !draft.versions.some((version) => version.role === "baseline"),
    versionIds: versions.map(({ versionId }) => ({ versionId })),
    changes: activities.changes,
    activities: activities.writes,
    newEntries: activities.newEntries,
    changedEntries: activities.changedEntries,
    audit,
    counts: { units: { created: units.create.length }, activities: activities.counts },
  };
}

function reconcilePlan(
  { institutionId, draft, sourceFile, actor, stored, newId }: ReconcileInput,
  audit: AuditWrite[],
) {
  const values = {
    generalObjective: draft.generalObjective ?? null,
    department: draft.department ?? null,
    responsible: draft.responsible ?? null,
    documentDate: draft.documentDate ?? null,
    sourceStage: draft.stage ?? null,
    sourceFile,
  };
  const existing = stored.plan;
  if (existing) {
    const before = pick(existing, Object.keys(values) as (keyof typeof values)[]);
    const changed = !sameRecord(before, values);
    if (changed) {
      audit.push({
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
    return {
      planId: existing.id,
      created: false,
      status: existing.status,
      write: changed ? { kind: "update" as const, values } : { kind: "unchanged" as const },
    };
  }
  const id = newId();
  const identity = { year: draft.year, kind: draft.kind, title: draft.title };
  audit.push({
    institutionId,
    planId: id,
    action: "create",
    entity: "plan",
    entityId: id,
    after: { ...identity, ...values },
    ...actor,
  });
  return {
    planId: id,
    created: true,
    status: "draft" as PlanStatus,
    write: { kind: "create" as const, row: { id, ...identity, ...values } },
  };
}

/** Unit ids by draft key, creating the missing ones (parents before children). */
function reconcileUnits({ institutionId, draft, actor, stored, newId }: ReconcileInput, audit: AuditWrite[]) {
  const existing = stored.units;
  const byCode = new Map(existing.filter((unit) => unit.code).map((unit) => [unit.code as string, unit.id]));
  const byName = new Map(existing.map((unit) => [`${unit.parentId ?? ""}|${fold(unit.name)}`, unit.id]));
  const ids = new Map<string, string>();
  const draftByKey = new Map(draft.units.map((unit) => [unit.key, unit]));
  const create: ImportWrites["units"] = [];
  const resolve = (key: string, depth = 0): string => {
    const known = ids.get(key);
    if (known) return known;
    const unit = draftByKey.get(key);
    if (!unit || depth > 50)
      throw new Refusal({
        message: `Unidad orgánica «${key}» sin definir o en un ciclo.`,
        reason: { code: "import_unit_undefined", params: { unit: key } },
      });
    const parentId = unit.parentKey ? resolve(unit.parentKey, depth + 1) : null;
    // A coded unit is matched by its code only: two units may share a name (CEPLAN does).
    const found = unit.code ? byCode.get(unit.code) : byName.get(`${parentId ?? ""}|${fold(unit.name)}`);
    const id = found ?? newId();
    if (!found) {
      create.push({
        id,
        parentId,
        name: unit.name,
        code: unit.code ?? null,
        responsible: unit.responsible ?? null,
        position: existing.length + create.length,
      });
      if (unit.code) byCode.set(unit.code, id);
      else byName.set(`${parentId ?? ""}|${fold(unit.name)}`, id);
    }
    ids.set(key, id);
    return id;
  };
  for (const unit of draft.units) resolve(unit.key);
  if (create.length) {
    audit.push({
      institutionId,
      action: "create",
      entity: "org_units",
      after: create.map(({ id, name, parentId }) => ({ id, name, parentId })),
      ...actor,
    });
  }
  return { ids, create };
}

function reconcileActivities(
  { institutionId, draft, sourceFile, actor, stored, newActivityId }: ReconcileInput,
  context: {
    planId: string;
    status: PlanStatus;
    unitIds: Map<string, string>;
    versions: { code: string; versionId: string }[];
  },
) {
  const { planId, status, unitIds, versions } = context;
  const existing = stored.activities;
  const byCode = new Map(existing.filter((row) => row.code).map((row) => [row.code as string, row]));
  const byName = new Map(existing.map((row) => [`${row.unitId}|${fold(row.name)}`, row]));
  const writes: ActivityWrite[] = [];
  const changes: ActivityChange[] = [];
  const audit: AuditWrite[] = [];
  const newEntries: ExecutionEntryWrite[] = [];
  const changedEntries: ExecutionEntryWrite[] = [];
  const entry = (activityId: string, activity: ActivityDraft, month: number, comment: string | null) => ({
    institutionId,
    activityId,
    month,
    value: decimalText(activity.executed.quantity[month - 1]),
    money: decimalText(activity.executed.money?.[month - 1]),
    comment,
    enteredBy: actor.userId ?? null,
  });
  let created = 0;
  let updated = 0;
  let unchanged = 0;

  for (const [position, activity] of draft.activities.entries()) {
    const unitId = unitIds.get(activity.unitKey);
    if (!unitId)
      throw new Refusal({
        message: `Unidad orgánica «${activity.unitKey}» sin definir.`,
        reason: { code: "import_unit_undefined", params: { unit: activity.unitKey } },
      });
    // A new plan has nothing to match: skip folding 100,000 names.
    const match =
      existing.length === 0
        ? undefined
        : (activity.code && byCode.get(activity.code)) || byName.get(`${unitId}|${fold(activity.name)}`);
    const id = match?.id ?? newActivityId();
    const programmed: ProgrammedWrite[] = versions.flatMap(({ code, versionId }) => {
      const programming = activity.programmed[code];
      return programming ? [{ versionId, ...programming }] : [];
    });
    if (!match) {
      if (status !== "draft")
        throw frozenPlanChanged(sourceFile, activity, status, "es nueva en el documento");
      writes.push({ activity, id, unitId, position, isNew: true, programmed, executed: true });
      for (const [month, comment] of commentsOf(activity))
        newEntries.push(entry(id, activity, month, comment));
      created++;
      continue;
    }
    const fields: ActivityFields & { unitId: string; position: number } = {
      ...activityFields(activity),
      unitId,
      position,
    };
    const before = { ...pick(match, Object.keys(fields) as (keyof typeof fields)[]) };
    const fieldsChanged = !sameRecord(before, fields);
    const programmedChanged = programmed.some((write) => {
      const now = stored.programmed.get(`${write.versionId}|${id}`);
      return !now || !sameMonths(now, write);
    });
    const executedNow = stored.executed.get(`|${id}`);
    const commentsNow = stored.comments.get(id);
    const executedChanged =
      !sameMonths(executedNow, activity.executed) ||
      (activity.executed.comments !== undefined && !sameComments(commentsNow, commentsOf(activity)));
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
    if (executedChanged) {
      // A document without comments says nothing about them: the recorded ones stay.
      const comments = activity.executed.comments
        ? new Map(commentsOf(activity))
        : (commentsNow ?? new Map<number, string>());
      for (const month of changedMonths(executedNow, commentsNow, activity.executed, comments)) {
        if (stored.closedMonths.has(month))
          throw closedMonthChanged(sourceFile, activity, month, executedNow);
        changedEntries.push(entry(id, activity, month, comments.get(month) ?? null));
      }
    }
    changes.push({
      id,
      ...(fieldsChanged ? { fields } : {}),
      ...(programmedChanged ? { programmedVersionIds: programmed.map((write) => write.versionId) } : {}),
      executed: executedChanged,
    });
    writes.push({
      activity,
      id,
      unitId,
      position,
      isNew: false,
      programmed: programmedChanged ? programmed : [],
      executed: executedChanged,
    });
    audit.push({
      institutionId,
      planId,
      unitId,
      action: "update",
      entity: "activity",
      entityId: id,
      before: {
        ...(fieldsChanged ? before : {}),
        ...(programmedChanged
          ? {
              programmed: programmed.map(
                (write) => stored.programmed.get(`${write.versionId}|${id}`) ?? null,
              ),
            }
          : {}),
        ...(executedChanged ? { executed: executedNow ?? null } : {}),
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
  return {
    writes,
    changes,
    audit,
    newEntries,
    changedEntries,
    counts: { created, updated, unchanged },
  };
}

/** The month columns as the audit log records them: `{ q01: "2", …, m12: null }`. */
function monthColumns({ quantity, money }: MonthsWrite): Record<string, string | null> {
  const row: Record<string, string | null> = {};
  monthKeys.forEach((key, index) => {
    row[`q${key}`] = decimalText(quantity?.[index] ?? null);
    row[`m${key}`] = decimalText(money?.[index] ?? null);
  });
  return row;
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

/** The months whose executed quantity, money or comment the document changes. */
function changedMonths(
  now: StoredMonths | undefined,
  commentsNow: Map<number, string> | undefined,
  { quantity, money }: MonthsWrite,
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

function frozenPlanChanged(sourceFile: string, activity: ActivityDraft, status: PlanStatus, what: string) {
  const remedy =
    status === "closed"
      ? "Un plan cerrado no cambia"
      : "Lo programado de un plan aprobado cambia solo con una reprogramación, y sus actividades no cambian";
  return new Refusal({
    message: `${sourceFile}, ${where(activity.source)}: el plan está ${planStatusLabels[status]} y la actividad «${activity.name}» ${what}. ${remedy}; no se importó nada.`,
    reason: { code: "import_plan_locked", params: { file: sourceFile, status, activity: activity.name } },
  });
}

function closedMonthChanged(
  sourceFile: string,
  activity: ActivityDraft,
  month: number,
  now: StoredMonths | undefined,
) {
  const stored = num(now?.[quantityColumns[month - 1] as string]);
  const next = activity.executed.quantity?.[month - 1] ?? null;
  return new Refusal({
    message: `${sourceFile}, ${where(activity.source)}: el mes de ${MONTH_NAMES[month - 1]} está cerrado y el documento cambia la ejecución de «${activity.name}» (${stored ?? "vacío"} → ${next ?? "vacío"}). Reabra el mes o corrija el documento; no se importó nada.`,
    reason: {
      code: "import_closed_month_changed",
      params: { file: sourceFile, month, activity: activity.name, from: stored ?? "—", to: next ?? "—" },
    },
  });
}

/** Numeric columns come back as `12.5000`: compare by value. */
function num(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

const quantityColumns = monthKeys.map((key) => `q${key}`);
const moneyColumns = monthKeys.map((key) => `m${key}`);

/** A stored month row against the draft's months; no row at all is twelve empty months. */
function sameMonths(now: StoredMonths | undefined, { quantity, money }: MonthsWrite): boolean {
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

function pick<T extends object, K extends keyof T>(row: T, keys: K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((key) => [key, row[key]])) as Pick<T, K>;
}
