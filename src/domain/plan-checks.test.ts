import { describe, expect, it } from "vitest";
import { type CheckableActivity, missingExecution, planChecks } from "./plan-checks.js";

const months = (values: Record<number, number>) =>
  Array.from({ length: 12 }, (_, i) => values[i + 1] ?? null);

const activity = (values: Partial<CheckableActivity>): CheckableActivity => ({
  id: "a",
  name: "ACTIVIDAD",
  unitId: "u",
  unitName: "UNIDAD",
  measureKind: "quantity",
  cumulative: true,
  annualTarget: null,
  startDate: null,
  endDate: null,
  programmed: months({}),
  ...values,
});

describe("plan checks", () => {
  it("holds a quantity's Σ months and a progress activity's last month to its META (100 without one)", () => {
    const checks = planChecks(
      2027,
      [
        activity({ id: "sum", annualTarget: 0.3, programmed: months({ 1: 0.1, 2: 0.2 }) }),
        activity({ id: "stock", cumulative: false, annualTarget: 5, programmed: months({ 1: 5, 12: 5 }) }),
        activity({ id: "pct", measureKind: "progress", programmed: months({ 6: 40, 12: 100 }) }),
        activity({ id: "short", measureKind: "progress", annualTarget: 80, programmed: months({ 12: 70 }) }),
        activity({ id: "free", annualTarget: null, programmed: months({ 1: 3 }) }),
      ],
      [{ id: "u", parentId: null, name: "UNIDAD" }],
    );
    const differs = checks.find((check) => check.code === "target_differs");
    expect(differs?.items.map((item) => [item.activityId, item.target, item.programmed])).toEqual([
      ["short", 80, 70],
    ]);
    expect(checks.map((check) => check.count)).toEqual([1, 0, 0, 0]);
  });

  it("counts a month's missing entries by unit: programmed above 0, nothing recorded (a recorded 0 counts)", () => {
    const rows = [
      { ...activity({ id: "x", programmed: months({ 4: 2 }) }), executed: months({}) },
      { ...activity({ id: "y", programmed: months({ 4: 2 }) }), executed: months({ 4: 0 }) },
      { ...activity({ id: "z", programmed: months({ 4: 0 }) }), executed: months({}) },
    ];
    expect(missingExecution(rows, 4)).toEqual([
      {
        unitId: "u",
        unitName: "UNIDAD",
        count: 1,
        activities: [{ activityId: "x", activityName: "ACTIVIDAD", programmed: 2 }],
      },
    ]);
  });
});
