/**
 * The plan grid's rules: what a typed or pasted number is, which rows show, who edits which cell,
 * a quarter's and a year's figure (a sum, or a progress activity's last month) and the year
 * against META.
 */
import { describe, expect, it } from "vitest";
import {
  accessOf,
  type GridActivity,
  type GridUnit,
  gridRows,
  lockOf,
  parseEntry,
  parseQuantity,
  pastedBlock,
  periodValue,
  sumOf,
  targetGap,
} from "../../web/src/components/grid/grid-model.js";

const units: GridUnit[] = [
  { id: "g", parentId: null, name: "GERENCIA GENERAL" },
  { id: "s", parentId: "g", name: "GERENCIA DE SERVICIOS" },
  { id: "o", parentId: null, name: "ÓRGANO DE CONTROL" },
];
const months = (value: number | null) => Array.from({ length: 12 }, () => value);
const activity = (id: string, unitId: string, name: string): GridActivity => ({
  id,
  unitId,
  code: null,
  name,
  programmed: months(1),
  executed: months(null),
  unitOfMeasure: "Informe",
  annualTarget: null,
  measureKind: "quantity",
  cumulative: true,
});
const activities = [
  activity("a1", "o", "Auditoría de caja"),
  activity("a2", "s", "Atención presencial"),
  activity("a3", "g", "Dirección"),
];

describe("parseQuantity", () => {
  it("reads the numbers a person types or Excel copies", () => {
    expect(parseQuantity("1250")).toBe(1250);
    expect(parseQuantity(" 12.5 ")).toBe(12.5);
    expect(parseQuantity("12,5")).toBe(12.5);
    expect(parseQuantity("1,250")).toBe(1250);
    expect(parseQuantity("1,234,567.25")).toBe(1234567.25);
    expect(parseQuantity("1 234")).toBe(1234);
    expect(parseQuantity("")).toBeNull();
  });
  it("refuses what is not a quantity", () => {
    for (const text of ["abc", "-3", "1e3", "12,5,1", "3 kg"]) expect(parseQuantity(text)).toBeUndefined();
  });
});

describe("pastedBlock and sumOf", () => {
  it("splits an Excel block into rows of cells, without the trailing line break", () => {
    expect(pastedBlock("3\t4\r\n5\t6\r\n")).toEqual([
      ["3", "4"],
      ["5", "6"],
    ]);
  });
  it("adds the values set, and says nothing when none is", () => {
    expect(sumOf([1.1, null, 2.2])).toBe(3.3);
    expect(sumOf([null, null])).toBeNull();
  });
});

describe("gridRows", () => {
  it("groups activities under their unit in the tree's order", () => {
    const rows = gridRows(activities, units, { unitId: null, search: "" });
    expect(
      rows.map((row) =>
        row.kind === "unit"
          ? `[${row.unit.name} ${row.count}]`
          : row.kind === "activity"
            ? row.activity.id
            : "+",
      ),
    ).toEqual([
      "[GERENCIA GENERAL 1]",
      "a3",
      "[GERENCIA DE SERVICIOS 1]",
      "a2",
      "[ÓRGANO DE CONTROL 1]",
      "a1",
    ]);
  });
  it("filters by a unit with its sub-units, and searches without regard to accents or case", () => {
    const ids = (unitId: string | null, search: string) =>
      gridRows(activities, units, { unitId, search }).flatMap((row) =>
        row.kind === "activity" ? [row.activity.id] : [],
      );
    expect(ids("g", "")).toEqual(["a3", "a2"]);
    expect(ids(null, "AUDITORIA")).toEqual(["a1"]);
    expect(ids("g", "auditoría")).toEqual([]);
  });
  it("where activities may be added: lists the units in use without any, and the new row below the unit's activities", () => {
    const withEmpty = [...units, { id: "e", parentId: null, name: "OFICINA NUEVA" }];
    const retired = { id: "r", parentId: null, name: "OFICINA RETIRADA", active: false };
    const shown = (search: string, unitId: string | null) =>
      gridRows(activities, [...withEmpty, retired], { unitId: null, search }, { allowed: true, unitId }).map(
        (row) =>
          row.kind === "activity"
            ? row.activity.id
            : row.kind === "new"
              ? `+${row.unit.id}`
              : `[${row.unit.id}]`,
      );
    expect(shown("", "s")).toEqual(["[g]", "a3", "[s]", "a2", "+s", "[o]", "a1", "[e]"]);
    expect(shown("", "e")).toEqual(["[g]", "a3", "[s]", "a2", "[o]", "a1", "[e]", "+e"]);
    // A search shows what it finds, and the unit being added to.
    expect(shown("auditoria", "e")).toEqual(["[o]", "a1", "[e]", "+e"]);
    // Without the right to add, units without activities stay out.
    expect(gridRows(activities, withEmpty, { unitId: null, search: "" }).length).toBe(6);
  });
});

describe("lockOf", () => {
  const editor = { institution: { id: "i", name: "I", slug: "i" }, role: "editor" as const, unitIds: ["g"] };
  const planner = { ...editor, role: "planner" as const, unitIds: [] };

  it("lets an editor enter open months of their units and those below, nothing else", () => {
    const access = accessOf(editor, false, units, "in_execution", new Set([1, 2, 3]));
    expect(lockOf(access, "executed", activities[1] as GridActivity, 4)).toBeNull();
    expect(lockOf(access, "executed", activities[2] as GridActivity, 4)).toBeNull();
    expect(lockOf(access, "executed", activities[1] as GridActivity, 3)).toBe("grid.why.closed");
    expect(lockOf(access, "executed", activities[0] as GridActivity, 4)).toBe("grid.why.otherUnit");
    expect(lockOf(access, "programmed", activities[1] as GridActivity, 4)).toBe("grid.why.notDraft");
  });
  it("lets a planner program a draft plan, never enter execution", () => {
    const draft = accessOf(planner, false, units, "draft", new Set());
    expect(lockOf(draft, "programmed", activities[0] as GridActivity, 1)).toBeNull();
    expect(lockOf(draft, "executed", activities[0] as GridActivity, 1)).toBe("grid.why.notInExecution");
    const running = accessOf(planner, false, units, "in_execution", new Set());
    expect(lockOf(running, "executed", activities[0] as GridActivity, 5)).toBe("grid.why.notEditor");
    expect(
      lockOf(
        accessOf(editor, false, units, "draft", new Set()),
        "programmed",
        activities[0] as GridActivity,
        1,
      ),
    ).toBe("grid.why.notPlanner");
  });
});

describe("periodValue", () => {
  const quantity = { measureKind: "quantity", cumulative: true } as const;
  const progress = { measureKind: "progress", cumulative: false } as const;
  const stock = { measureKind: "quantity", cumulative: false } as const;

  it("adds up a cumulative quantity's months", () => {
    expect(periodValue(quantity, [8, 15, 20])).toBe(43);
    expect(periodValue(quantity, [null, null, null])).toBeNull();
  });
  it("takes a progress activity's last month with a value, never a sum: T1 of 8, 15, 20 % is 20 %", () => {
    expect(periodValue(progress, [8, 15, 20])).toBe(20);
    expect(periodValue(progress, [8, 15, null])).toBe(15);
    // The year's figure is the last month's, not 650.
    expect(periodValue(progress, [5, 10, 20, 30, 40, 50, 60, 70, 80, 85, 100, 100])).toBe(100);
    expect(periodValue(progress, [null, null, null])).toBeNull();
  });
  it("takes a stock's last month too, as the reports do", () => {
    expect(periodValue(stock, [12, 12, 11])).toBe(11);
  });
});

describe("targetGap", () => {
  const programmed = (...values: (number | null)[]) => [...values, ...months(null)].slice(0, 12);
  const quantity = { measureKind: "quantity", cumulative: true } as const;
  const progress = { measureKind: "progress", cumulative: false } as const;

  it("flags Σ months that differ from META, with the difference: Σ 16 ≠ META 12 (+4)", () => {
    expect(targetGap({ ...quantity, annualTarget: 12 }, programmed(4, 4, 4, 4))).toEqual({
      total: 16,
      target: 12,
      difference: 4,
    });
    expect(targetGap({ ...quantity, annualTarget: 12 }, programmed(4, 4, 2))).toMatchObject({
      difference: -2,
    });
    // Nothing programmed for a META of 12 is a difference of 12.
    expect(targetGap({ ...quantity, annualTarget: 12 }, months(null))).toMatchObject({ total: 0 });
  });
  it("says nothing when Σ equals META, or when there is no META to compare with", () => {
    expect(targetGap({ ...quantity, annualTarget: 12 }, programmed(3, 3, 3, 3))).toBeNull();
    expect(targetGap({ ...quantity, annualTarget: 0.3 }, programmed(0.1, 0.2))).toBeNull();
    expect(targetGap({ ...quantity, annualTarget: null }, programmed(4, 4))).toBeNull();
  });
  it("compares a progress activity's last month with 100 %, or with its META", () => {
    expect(targetGap({ ...progress, annualTarget: null }, programmed(30, 60, 100))).toBeNull();
    expect(targetGap({ ...progress, annualTarget: null }, programmed(30, 60, 90))).toEqual({
      total: 90,
      target: 100,
      difference: -10,
    });
    expect(targetGap({ ...progress, annualTarget: 80 }, programmed(30, 60, 80))).toBeNull();
  });
});

describe("parseEntry", () => {
  it("refuses what is not a number, and a progress value over 100, with the grid's own words", () => {
    expect(parseEntry("abc", { measureKind: "quantity" })).toEqual({ error: "grid.error.notNumber" });
    expect(parseEntry("-3", { measureKind: "quantity" })).toEqual({ error: "grid.error.notNumber" });
    expect(parseEntry("150", { measureKind: "progress" })).toEqual({ error: "grid.error.overHundred" });
    expect(parseEntry("150", { measureKind: "quantity" })).toEqual({ value: 150 });
    expect(parseEntry("100", { measureKind: "progress" })).toEqual({ value: 100 });
    expect(parseEntry("", { measureKind: "progress" })).toEqual({ value: null });
  });
});
