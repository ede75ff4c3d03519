/**
 * What the plan grid shows and who may change which cell, from the API's answers. The browser
 * works out only the numbers on screen (a row's total and its quarters, live while typing, and
 * the year's figure against META): every execution % and report figure stays the server's.
 */
import type { Activity } from "../../../../src/contract/activities.js";
import type { Membership } from "../../../../src/contract/auth.js";
import type { Role } from "../../../../src/contract/roles.js";
import type { UnitNode } from "../../../../src/contract/units.js";
import type { PlanStatus } from "../../../../src/domain/plan-status.js";
import type { MessageKey } from "../../i18n/es.js";

export type Mode = "programmed" | "executed";

/** What a row of the grid reads of an activity. */
export type GridActivity = Pick<
  Activity,
  | "id"
  | "unitId"
  | "code"
  | "name"
  | "programmed"
  | "executed"
  | "unitOfMeasure"
  | "annualTarget"
  | "measureKind"
  | "cumulative"
>;

/** What decides how an activity's months make a period's figure. */
export type Measure = Pick<GridActivity, "measureKind" | "cumulative">;

/** What the grid reads of a unit: its name, where it hangs in the tree, and whether it is retired. */
export type GridUnit = Pick<UnitNode, "id" | "parentId" | "name"> & Partial<Pick<UnitNode, "active">>;

export type GridRow =
  | { kind: "unit"; unit: GridUnit; count: number }
  | { kind: "activity"; activity: GridActivity; unit: GridUnit }
  /** The row where a planner types a new activity of the unit, below its activities. */
  | { kind: "new"; unit: GridUnit };

/** Why a cell is read-only (a message key), or null when the user may edit it. */
export type Lock = MessageKey | null;

export const MONTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] as const;

/** A unit with every unit below it. */
export function withDescendants(units: GridUnit[], roots: Iterable<string>): Set<string> {
  const children = new Map<string, string[]>();
  for (const unit of units) {
    if (unit.parentId) children.set(unit.parentId, [...(children.get(unit.parentId) ?? []), unit.id]);
  }
  const found = new Set<string>();
  const stack = [...roots];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (found.has(id)) continue;
    found.add(id);
    stack.push(...(children.get(id) ?? []));
  }
  return found;
}

const fold = (text: string) =>
  text
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase();

/**
 * The rows on screen: activities grouped under their unit (in the tree's order), filtered and
 * searched. Where activities may be added, a unit in use without any is listed too (unless a
 * search is typed), and the unit being added to ends with its new row.
 */
export function gridRows(
  activities: GridActivity[],
  units: GridUnit[],
  filter: { unitId: string | null; search: string },
  adding: { allowed: boolean; unitId: string | null } = { allowed: false, unitId: null },
): GridRow[] {
  const scope = filter.unitId ? withDescendants(units, [filter.unitId]) : null;
  const words = fold(filter.search).split(/\s+/).filter(Boolean);
  const byUnit = new Map<string, GridActivity[]>();
  for (const activity of activities) {
    if (scope && !scope.has(activity.unitId)) continue;
    const haystack = fold(`${activity.code ?? ""} ${activity.name}`);
    if (!words.every((word) => haystack.includes(word))) continue;
    byUnit.set(activity.unitId, [...(byUnit.get(activity.unitId) ?? []), activity]);
  }
  const rows: GridRow[] = [];
  for (const unit of units) {
    if (scope && !scope.has(unit.id)) continue;
    const list = byUnit.get(unit.id) ?? [];
    const addingHere = adding.allowed && adding.unitId === unit.id;
    const listEmpty = adding.allowed && words.length === 0 && unit.active !== false;
    if (list.length === 0 && !addingHere && !listEmpty) continue;
    rows.push({ kind: "unit", unit, count: list.length });
    for (const activity of list) rows.push({ kind: "activity", activity, unit });
    if (addingHere) rows.push({ kind: "new", unit });
  }
  return rows;
}

export type Access = {
  status: PlanStatus;
  role: Role | null;
  superAdmin: boolean;
  /** Units the user enters execution for (an editor's units and those below). */
  editable: Set<string>;
  closed: Set<number>;
};

export function accessOf(
  membership: Membership | undefined,
  superAdmin: boolean,
  units: GridUnit[],
  status: PlanStatus,
  closed: Set<number>,
): Access {
  const role = membership?.role ?? null;
  const editable = role === "editor" ? withDescendants(units, membership?.unitIds ?? []) : new Set<string>();
  return { status, role, superAdmin, editable, closed };
}

export function lockOf(
  access: Access,
  mode: Mode,
  activity: Pick<GridActivity, "unitId">,
  month: number,
): Lock {
  if (mode === "programmed") {
    if (access.status !== "draft") return "grid.why.notDraft";
    return access.superAdmin || access.role === "planner" ? null : "grid.why.notPlanner";
  }
  if (access.status !== "in_execution") return "grid.why.notInExecution";
  if (access.closed.has(month)) return "grid.why.closed";
  if (access.superAdmin || access.editable.has(activity.unitId)) return null;
  return access.role === "editor" ? "grid.why.otherUnit" : "grid.why.notEditor";
}

/**
 * A number as typed or pasted from a spreadsheet: `1,234.5` (the reports' separators), `12,5`,
 * `1 234`; empty is no value. Undefined when it is not a number.
 */
export function parseQuantity(text: string): number | null | undefined {
  const compact = text.replace(/[\s\u00a0]/g, "");
  if (compact === "") return null;
  const plain = /^\d{1,3}(,\d{3})+(\.\d+)?$/.test(compact)
    ? compact.replace(/,/g, "")
    : compact.replace(",", ".");
  if (!/^\d+(\.\d+)?$/.test(plain)) return undefined;
  return Number(plain);
}

/** The sum of the values, null when none is set. */
export function sumOf(values: (number | null)[]): number | null {
  let total: number | null = null;
  for (const value of values) if (value !== null) total = (total ?? 0) + value;
  return total === null ? null : Math.round(total * 10_000) / 10_000;
}

/** A block pasted from Excel or a CSV: rows of tab-separated cells. */
export function pastedBlock(text: string): string[][] {
  return text
    .replace(/\r/g, "")
    .replace(/\n$/, "")
    .split("\n")
    .map((line) => line.split("\t"));
}

/**
 * Whether a period's figure is the sum of its months: only for a cumulative quantity. A progress
 * activity (% complete at each month's end), a stock or a rate takes its last month with a value
 * (src/domain/figures.ts, `periodFigures`, the reports' rule).
 */
export const addsUp = (activity: Measure): boolean =>
  activity.measureKind === "quantity" && activity.cumulative;

/** A period's figure from its months, in order: their sum, or the last one set; null when none is. */
export function periodValue(activity: Measure, values: (number | null)[]): number | null {
  if (addsUp(activity)) return sumOf(values);
  for (let index = values.length - 1; index >= 0; index--) {
    const value = values[index];
    if (value !== null && value !== undefined) return value;
  }
  return null;
}

/** The year's figure of a row that differs from what it should reach. */
export type TargetGap = {
  /** The year's figure (Σ months, or the last month's), 0 when nothing is set. */
  total: number;
  /** META, or 100 (%) for a progress activity without one. */
  target: number;
  /** total − target. */
  difference: number;
};

/**
 * The programming of a year against its META: Σ months for a cumulative quantity, the last month
 * for progress (which should reach 100 %, or META) and for a stock. Null when they agree or when
 * a quantity has no META to compare with.
 */
export function targetGap(
  activity: Measure & Pick<GridActivity, "annualTarget">,
  values: (number | null)[],
): TargetGap | null {
  const target = activity.annualTarget ?? (activity.measureKind === "progress" ? 100 : null);
  if (target === null) return null;
  const total = periodValue(activity, values) ?? 0;
  const difference = Math.round((total - target) * 10_000) / 10_000;
  return difference === 0 ? null : { total, target, difference };
}

/** A typed text as the value to save, or why it cannot be (a message key). */
export type Entry = { value: number | null } | { error: MessageKey };

/** A cell's text checked before it is sent: a number (see `parseQuantity`), at most 100 for progress. */
export function parseEntry(text: string, activity: Pick<GridActivity, "measureKind">): Entry {
  const value = parseQuantity(text);
  if (value === undefined) return { error: "grid.error.notNumber" };
  if (activity.measureKind === "progress" && value !== null && value > 100)
    return { error: "grid.error.overHundred" };
  return { value };
}
