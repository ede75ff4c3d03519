import { describe, expect, it } from "vitest";
import { activityFields } from "../domain/activity-fields.js";
import type { StoredImport, StoredMonths } from "../domain/import-writes.js";
import { monthKeys } from "../domain/months.js";
import type { ActivityDraft, PlanDraft } from "../domain/plan-draft.js";
import { PROGRAMMING } from "../domain/plan-draft.js";
import type { PlanStatus } from "../domain/plan-status.js";
import { type ReconcileInput, type ReconcileProblem, reconcileImport } from "./reconcile.js";

const months = (values: Record<number, number>) =>
  Array.from({ length: 12 }, (_, index) => values[index + 1] ?? null);

function activity(overrides: Partial<ActivityDraft> = {}): ActivityDraft {
  return {
    unitKey: "GA",
    name: "Capacitar fiscalizadores",
    code: "A1",
    unitOfMeasure: "Taller",
    annualTarget: 12,
    measureKind: "quantity",
    cumulative: true,
    active: true,
    attributes: {},
    programmed: { [PROGRAMMING.code]: { quantity: months({ 1: 6, 2: 6 }) } },
    executed: { quantity: months({ 1: 5 }) },
    source: { file: "poi.txt", line: 8 },
    ...overrides,
  };
}

function draft(activities: ActivityDraft[] = [activity()]): PlanDraft {
  return {
    kind: "POI",
    year: 2021,
    title: "POI 2021",
    versions: [PROGRAMMING],
    units: [{ key: "GA", name: "Gerencia de Administración", code: "GA" }],
    activities,
  };
}

/** Stored month columns as the database returns them: `6.0000`, null. */
function storedMonths(values: Record<number, number>): StoredMonths {
  const row: StoredMonths = {};
  monthKeys.forEach((key, index) => {
    const value = values[index + 1];
    row[`q${key}`] = value === undefined ? null : value.toFixed(4);
    row[`m${key}`] = null;
  });
  return row;
}

/** What the database holds after importing `draft()` once. */
function imported(status: PlanStatus, closed: number[] = []): StoredImport {
  return {
    plan: {
      id: "plan-1",
      status,
      generalObjective: null,
      department: null,
      responsible: null,
      documentDate: null,
      sourceStage: null,
      sourceFile: "poi.txt",
    },
    units: [{ id: "unit-1", parentId: null, code: "GA", name: "Gerencia de Administración" }],
    versions: [{ id: "version-1", code: PROGRAMMING.code, role: "current" }],
    activities: [
      {
        ...activityFields(activity()),
        annualTarget: "12.0000",
        id: "activity-1",
        unitId: "unit-1",
        position: 0,
      },
    ],
    programmed: new Map([["version-1|activity-1", storedMonths({ 1: 6, 2: 6 })]]),
    executed: new Map([["|activity-1", storedMonths({ 1: 5 })]]),
    comments: new Map(),
    closedMonths: new Set(closed),
  };
}

const nothingStored: StoredImport = {
  plan: undefined,
  units: [],
  versions: [],
  activities: [],
  programmed: new Map(),
  executed: new Map(),
  comments: new Map(),
  closedMonths: new Set(),
};

function reconcile(stored: StoredImport, plan: PlanDraft) {
  let next = 0;
  const input: ReconcileInput = {
    institutionId: "institution-1",
    draft: plan,
    sourceFile: "poi.txt",
    actor: { userId: "user-1" },
    stored,
    newId: () => `new-${++next}`,
    newActivityId: () => `new-activity-${++next}`,
  };
  return reconcileImport(input);
}

type Case = {
  name: string;
  stored: StoredImport;
  draft: PlanDraft;
  counts?: { created: number; updated: number; unchanged: number };
  audited?: string[];
  problem?: ReconcileProblem;
};

const cases: Case[] = [
  {
    name: "a new plan creates the plan, its unit and its activity",
    stored: nothingStored,
    draft: draft(),
    counts: { created: 1, updated: 0, unchanged: 0 },
    audited: ["create plan", "create org_units", "import plan"],
  },
  {
    name: "re-importing the same document changes nothing",
    stored: imported("draft"),
    draft: draft(),
    counts: { created: 0, updated: 0, unchanged: 1 },
    audited: ["import plan"],
  },
  {
    name: "a changed activity of a draft is updated with its before and after",
    stored: imported("draft"),
    draft: draft([activity({ programmed: { [PROGRAMMING.code]: { quantity: months({ 1: 6, 2: 7 }) } } })]),
    counts: { created: 0, updated: 1, unchanged: 0 },
    audited: ["update activity", "import plan"],
  },
  {
    name: "an approved plan refuses other programming",
    stored: imported("approved"),
    draft: draft([activity({ programmed: { [PROGRAMMING.code]: { quantity: months({ 1: 6, 2: 7 }) } } })]),
    problem: {
      reason: {
        code: "import_plan_locked",
        params: { file: "poi.txt", status: "approved", activity: "Capacitar fiscalizadores" },
      },
      message:
        "poi.txt, la línea 8: el plan está aprobado y la actividad «Capacitar fiscalizadores» tiene otra programación. Lo programado de un plan aprobado cambia solo con una reprogramación, y sus actividades no cambian; no se importó nada.",
    },
  },
  {
    name: "an approved plan refuses a new activity",
    stored: imported("approved"),
    draft: draft([
      activity(),
      activity({ code: "A2", name: "Auditar", source: { file: "poi.txt", line: 9 } }),
    ]),
    problem: {
      reason: {
        code: "import_plan_locked",
        params: { file: "poi.txt", status: "approved", activity: "Auditar" },
      },
      message:
        "poi.txt, la línea 9: el plan está aprobado y la actividad «Auditar» es nueva en el documento. Lo programado de un plan aprobado cambia solo con una reprogramación, y sus actividades no cambian; no se importó nada.",
    },
  },
  {
    name: "a plan in execution takes other execution of an open month",
    stored: imported("in_execution"),
    draft: draft([activity({ executed: { quantity: months({ 1: 5, 2: 4 }) } })]),
    counts: { created: 0, updated: 1, unchanged: 0 },
    audited: ["update activity", "import plan"],
  },
  {
    name: "a closed month refuses other execution",
    stored: imported("in_execution", [1]),
    draft: draft([activity({ executed: { quantity: months({ 1: 4 }) } })]),
    problem: {
      reason: {
        code: "import_closed_month_changed",
        params: { file: "poi.txt", month: 1, activity: "Capacitar fiscalizadores", from: 5, to: 4 },
      },
      message:
        "poi.txt, la línea 8: el mes de enero está cerrado y el documento cambia la ejecución de «Capacitar fiscalizadores» (5 → 4). Reabra el mes o corrija el documento; no se importó nada.",
    },
  },
  {
    name: "a closed plan refuses other execution",
    stored: imported("closed"),
    draft: draft([activity({ executed: { quantity: months({ 1: 5, 2: 4 }) } })]),
    problem: {
      reason: {
        code: "import_plan_locked",
        params: { file: "poi.txt", status: "closed", activity: "Capacitar fiscalizadores" },
      },
      message:
        "poi.txt, la línea 8: el plan está cerrado y la actividad «Capacitar fiscalizadores» tiene otra ejecución. Un plan cerrado no cambia; no se importó nada.",
    },
  },
  {
    name: "an activity of a unit the document does not define refuses it",
    stored: nothingStored,
    draft: draft([activity({ unitKey: "GX" })]),
    problem: {
      message: "Unidad orgánica «GX» sin definir.",
      reason: { code: "import_unit_undefined", params: { unit: "GX" } },
    },
  },
];

describe("reconcileImport", () => {
  it.each(cases)("$name", ({ stored, draft: plan, counts, audited, problem }) => {
    const result = reconcile(stored, plan);
    if (problem) {
      expect(result.problem).toEqual(problem);
      return;
    }
    expect(result.problem).toBeUndefined();
    const writes = result.writes;
    expect(writes?.counts.activities).toEqual(counts);
    expect(writes?.audit.map((entry) => `${entry.action} ${entry.entity}`)).toEqual(audited);
  });

  it("writes a new plan's rows: the plan, the unit, the version, the derived baseline and the activity", () => {
    const { writes } = reconcile(nothingStored, draft());
    expect(writes?.plan).toMatchObject({
      kind: "create",
      row: { id: "new-1", year: 2021, title: "POI 2021" },
    });
    expect(writes?.units).toEqual([
      {
        id: "new-2",
        parentId: null,
        name: "Gerencia de Administración",
        code: "GA",
        responsible: null,
        position: 0,
      },
    ]);
    expect(writes?.versions.create).toEqual([
      { id: "new-3", code: "PROGRAMADO", name: "Programación", role: "current", position: 0 },
    ]);
    expect(writes?.deriveBaseline).toBe(true);
    expect(writes?.activities).toMatchObject([
      { id: "new-activity-4", unitId: "new-2", isNew: true, executed: true },
    ]);
    expect(writes?.changes).toEqual([]);
  });

  it("replaces only what changed: another execution leaves the programming and the columns alone", () => {
    const { writes } = reconcile(
      imported("in_execution"),
      draft([activity({ executed: { quantity: months({ 1: 5, 2: 4 }) } })]),
    );
    expect(writes?.changes).toEqual([{ id: "activity-1", executed: true }]);
    expect(writes?.changedEntries).toMatchObject([{ activityId: "activity-1", month: 2, value: "4" }]);
    expect(writes?.audit[0]).toMatchObject({
      before: { executed: storedMonths({ 1: 5 }) },
      after: { executed: { q01: "5", q02: "4" } },
    });
  });

  it("keeps the recorded comments when the document has none", () => {
    const stored = imported("in_execution");
    stored.comments.set("activity-1", new Map([[1, "Taller en Piura"]]));
    const { writes } = reconcile(
      stored,
      draft([activity({ executed: { quantity: months({ 1: 5, 2: 4 }) } })]),
    );
    expect(writes?.changedEntries).toEqual([
      {
        institutionId: "institution-1",
        activityId: "activity-1",
        month: 2,
        value: "4",
        money: null,
        comment: null,
        enteredBy: "user-1",
      },
    ]);
  });
});
