/** The plan grid's rules: what a typed or pasted number is, which rows show, who edits which cell. */
import { describe, expect, it } from "vitest";
import {
  accessOf,
  type GridActivity,
  type GridUnit,
  gridRows,
  lockOf,
  parseQuantity,
  pastedBlock,
  sumOf,
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
      rows.map((row) => (row.kind === "unit" ? `[${row.unit.name} ${row.count}]` : row.activity.id)),
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
