import { describe, expect, it } from "vitest";
import { AppError } from "./errors.js";
import { type Figures, sumFigures } from "./figures.js";
import { type ActivityFigures, type OrgUnitNode, rollUp } from "./rollup.js";

function figures(programmed: number, executed: number | null): Figures {
  return sumFigures([{ programmed, executed, executionPct: null }]);
}

/**
 *   Gerencia General (1 activity: 10/10)
 *   ├─ Gerencia de Finanzas (2 activities: 20/18, 8/5)
 *   │  ├─ Subgerencia de Tesorería (1 activity: 4/1)
 *   │  └─ Subgerencia de Contabilidad (no activities)
 *   └─ Gerencia de Operaciones (1 activity: 0/3)
 *   Órgano de Control (root, 1 activity: 10/null)
 */
const units: OrgUnitNode[] = [
  { id: "ops", parentId: "gg", name: "Gerencia de Operaciones" },
  { id: "tes", parentId: "fin", name: "Subgerencia de Tesorería" },
  { id: "gg", parentId: null, name: "Gerencia General" },
  { id: "fin", parentId: "gg", name: "Gerencia de Finanzas" },
  { id: "con", parentId: "fin", name: "Subgerencia de Contabilidad" },
  { id: "oci", parentId: null, name: "Órgano de Control" },
];

const activities: ActivityFigures[] = [
  { unitId: "gg", figures: figures(10, 10) },
  { unitId: "fin", figures: figures(20, 18) },
  { unitId: "fin", figures: figures(8, 5) },
  { unitId: "tes", figures: figures(4, 1) },
  { unitId: "ops", figures: figures(0, 3) },
  { unitId: "oci", figures: figures(10, null) },
  { unitId: "tes", figures: figures(1000, 1000), active: false },
];

describe("rollUp over a three-level tree", () => {
  const result = rollUp(units, activities);
  const byId = new Map(result.units.map((unit) => [unit.id, unit]));

  it("lists units parents first, siblings in input order, with their depth", () => {
    expect(result.units.map((unit) => [unit.id, unit.depth])).toEqual([
      ["gg", 0],
      ["ops", 1],
      ["fin", 1],
      ["tes", 2],
      ["con", 2],
      ["oci", 0],
    ]);
  });

  it.each([
    // id, own programmed, own executed, subtree programmed, subtree executed, subtree %, light, counts
    ["tes", 4, 1, 4, 1, 25, "red", 1, 1, 1, 1],
    ["con", 0, null, 0, null, null, null, 0, 0, 0, 0],
    ["fin", 28, 23, 32, 24, 75, "amber", 2, 3, 1, 2],
    ["ops", 0, 3, 0, 3, null, null, 1, 1, 0, 0],
    ["gg", 10, 10, 42, 37, (37 * 100) / 42, "amber", 1, 5, 0, 2],
    ["oci", 10, null, 10, null, null, null, 1, 1, 0, 0],
  ] as const)(
    "%s: own %s/%s, subtree %s/%s = %s % (%s); activities %s own, %s in subtree; red %s own, %s in subtree",
    (id, ownP, ownE, subP, subE, subPct, light, ownCount, subCount, ownRed, subRed) => {
      const unit = byId.get(id);
      expect(unit?.own.programmed).toBe(ownP);
      expect(unit?.own.executed).toBe(ownE);
      expect(unit?.subtree).toEqual({ programmed: subP, executed: subE, executionPct: subPct });
      expect(unit?.light).toBe(light);
      expect(unit?.ownActivityCount).toBe(ownCount);
      expect(unit?.subtreeActivityCount).toBe(subCount);
      expect(unit?.ownRedCount).toBe(ownRed);
      expect(unit?.subtreeRedCount).toBe(subRed);
    },
  );

  it("a unit's % is Σ executed / Σ programmed, not the average of its children's %", () => {
    // Children: Finanzas 75 %, Operaciones undefined; own 100 %. Average would be 87.5 %.
    expect(byId.get("gg")?.subtree.executionPct).toBeCloseTo(88.095, 3);
  });

  it("totals the whole institution, leaving the withdrawn activity out", () => {
    expect(result.total).toEqual({
      programmed: 52,
      executed: 37,
      executionPct: (37 * 100) / 52,
      light: "red",
      activityCount: 6,
      redCount: 2,
    });
  });

  it("does not depend on the order units are given in", () => {
    const reversed = rollUp([...units].reverse(), activities);
    expect(reversed.total).toEqual(result.total);
    expect(new Map(reversed.units.map((unit) => [unit.id, unit.subtree]))).toEqual(
      new Map(result.units.map((unit) => [unit.id, unit.subtree])),
    );
  });

  it("counts red with the institution's thresholds", () => {
    const lenient = rollUp(units, activities, { greenFrom: 60, amberFrom: 20, overExecutionAbove: 200 });
    expect(lenient.total.redCount).toBe(0);
    expect(lenient.total.light).toBe("green");
    expect(new Map(lenient.units.map((unit) => [unit.id, unit.light])).get("tes")).toBe("amber");
  });
});

describe("rollUp edge cases", () => {
  it("no units, no activities", () => {
    expect(rollUp([], [])).toEqual({
      units: [],
      total: {
        programmed: 0,
        executed: null,
        executionPct: null,
        light: null,
        activityCount: 0,
        redCount: 0,
      },
    });
  });

  it("units without activities have programmed 0 and no %", () => {
    const result = rollUp([{ id: "a", parentId: null, name: "A" }], []);
    expect(result.units[0]).toMatchObject({
      own: { programmed: 0, executed: null, executionPct: null },
      subtree: { programmed: 0, executed: null, executionPct: null },
      light: null,
      subtreeActivityCount: 0,
    });
  });

  it("sums decimals exactly", () => {
    const result = rollUp(
      [{ id: "a", parentId: null, name: "A" }],
      [
        { unitId: "a", figures: figures(0.1, 0.1) },
        { unitId: "a", figures: figures(0.2, 0.2) },
        { unitId: "a", figures: figures(12.5, 12.5) },
      ],
    );
    expect(result.total).toMatchObject({ programmed: 12.8, executed: 12.8, executionPct: 100 });
  });

  it("a deep chain (depth 2,000) does not overflow", () => {
    const chain: OrgUnitNode[] = Array.from({ length: 2000 }, (_, i) => ({
      id: `u${i}`,
      parentId: i === 0 ? null : `u${i - 1}`,
      name: `U${i}`,
    }));
    const result = rollUp(chain, [{ unitId: "u1999", figures: figures(4, 3) }]);
    expect(result.units[0]?.subtree.executionPct).toBe(75);
    expect(result.units[1999]?.depth).toBe(1999);
  });
});

describe("rollUp rejects a broken tree", () => {
  function errorOf(run: () => unknown): AppError {
    try {
      run();
    } catch (error) {
      if (error instanceof AppError) return error;
      throw error;
    }
    throw new Error("expected an AppError");
  }

  it("a cycle", () => {
    const error = errorOf(() =>
      rollUp(
        [
          { id: "root", parentId: null, name: "Raíz" },
          { id: "a", parentId: "c", name: "A" },
          { id: "b", parentId: "a", name: "B" },
          { id: "c", parentId: "b", name: "C" },
        ],
        [],
      ),
    );
    expect(error).toMatchObject({ code: "validation", field: "parentId" });
    expect(error.message).toBe(
      'Las unidades orgánicas forman un ciclo: "A" → "C" → "B" → "A". Una unidad no puede depender de sí misma.',
    );
  });

  it("a unit that is its own parent", () => {
    const error = errorOf(() => rollUp([{ id: "a", parentId: "a", name: "A" }], []));
    expect(error.message).toBe(
      'Las unidades orgánicas forman un ciclo: "A" → "A". Una unidad no puede depender de sí misma.',
    );
  });

  it("a parent that does not exist", () => {
    const error = errorOf(() => rollUp([{ id: "a", parentId: "zz", name: "A" }], []));
    expect(error).toMatchObject({
      code: "validation",
      field: "parentId",
      message: 'La unidad orgánica "A" depende de una unidad que no existe (zz).',
    });
  });

  it("a repeated unit", () => {
    const unit = { id: "a", parentId: null, name: "A" };
    expect(errorOf(() => rollUp([unit, unit], [])).message).toBe('La unidad orgánica "A" está repetida (a).');
  });

  it("an activity of an unknown unit", () => {
    const error = errorOf(() => rollUp([], [{ unitId: "x", figures: figures(1, 1) }]));
    expect(error).toMatchObject({ field: "unitId" });
    expect(error.message).toBe("Una actividad pertenece a una unidad orgánica que no existe (x).");
  });
});
