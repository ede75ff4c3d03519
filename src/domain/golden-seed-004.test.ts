/**
 * The golden figures of seed 004 (docs/domain.md, "The two documents"), computed by this module
 * from test/fixtures/seed-004.json, which test/fixtures/generate-seed-004.ts writes from the
 * document itself.
 */
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import type { Seed004 } from "../../test/fixtures/generate-seed-004.js";
import { type ActivityMeasure, periodFigures, progressToTarget, sumQuantities } from "./figures.js";
import { formatPct, formatQuantity } from "./format.js";
import { parsePeriod, periodMonths } from "./periods.js";
import { type InstitutionRollup, rollUp, type UnitRollup } from "./rollup.js";
import { trafficLight } from "./traffic-light.js";

const seed: Seed004 = JSON.parse(
  readFileSync(new URL("../../test/fixtures/seed-004.json", import.meta.url), "utf8"),
);

function measure(activity: Seed004["activities"][number]): ActivityMeasure {
  return {
    programmed: activity.programmed,
    executed: activity.executed,
    cumulative: true,
    active: true,
    annualTarget: activity.annualTarget,
    measureKind: "quantity",
  };
}

const context = { year: seed.year, lastClosedMonth: seed.lastReportedMonth };
const Q1 = periodMonths(parsePeriod("Q1", context));
const YEAR = periodMonths(parsePeriod("YEAR", context));
const YTD = periodMonths(parsePeriod("YTD", context));

function rollUpSeed(months: readonly number[]): InstitutionRollup {
  return rollUp(
    seed.units.map((unit) => ({ ...unit, parentId: null })),
    seed.activities.map((activity) => ({
      unitId: activity.unitId,
      figures: periodFigures(measure(activity), months),
    })),
  );
}

describe("seed 004 — POI 2021, I Trimestre", () => {
  let q1: InstitutionRollup;
  let unitsByName: Map<string, UnitRollup>;
  beforeAll(() => {
    q1 = rollUpSeed(Q1);
    unitsByName = new Map(q1.units.map((unit) => [unit.name, unit]));
  });

  it("has 78 activities in 24 units", () => {
    expect(seed.activities).toHaveLength(78);
    expect(seed.units).toHaveLength(24);
    expect(q1.total.activityCount).toBe(78);
    expect(q1.units.filter((unit) => unit.ownActivityCount > 0)).toHaveLength(24);
  });

  it("keeps ORGANO DE CONTROL INSTITUCIONAL, whose name starts like the header", () => {
    expect(unitsByName.get("ORGANO DE CONTROL INSTITUCIONAL")?.ownActivityCount).toBe(1);
  });

  it("annual target 6,350, equal to the year's programmed", () => {
    const target = sumQuantities(seed.activities.map((activity) => activity.annualTarget));
    expect(target).toBe(6350);
    expect(formatQuantity(target)).toBe("6,350");
    expect(rollUpSeed(YEAR).total.programmed).toBe(6350);
  });

  it("Q1 programmed 1,543, executed 1,494: 96.8 %, green", () => {
    expect(q1.total.programmed).toBe(1543);
    expect(q1.total.executed).toBe(1494);
    expect(formatQuantity(q1.total.programmed)).toBe("1,543");
    expect(formatQuantity(q1.total.executed)).toBe("1,494");
    expect(formatPct(q1.total.executionPct)).toBe("96.8 %");
    expect(q1.total.light).toBe("green");
  });

  it("year-to-date through the last reported month (March) is Q1", () => {
    expect(YTD).toEqual([1, 2, 3]);
    expect(rollUpSeed(YTD).total).toEqual(q1.total);
  });

  it("over the year, execution through March is 1,494 of 6,350 programmed", () => {
    const year = rollUpSeed(YEAR).total;
    expect(year.executed).toBe(1494);
    expect(formatPct(year.executionPct)).toBe("23.5 %");
    expect(formatPct(progressToTarget(measure(seed.activities[0] as Seed004["activities"][number]), 3))).toBe(
      "25.0 %",
    );
  });

  it("exactly five units are below 100 %, with these figures", () => {
    const below = q1.units
      .filter((unit) => unit.subtree.executionPct !== null && unit.subtree.executionPct < 100)
      .sort((a, b) => (a.subtree.executionPct ?? 0) - (b.subtree.executionPct ?? 0))
      .map((unit) => [
        unit.name,
        unit.subtree.executed,
        unit.subtree.programmed,
        formatPct(unit.subtree.executionPct),
        unit.light,
      ]);
    expect(below).toEqual([
      ["ORGANO DE CONTROL INSTITUCIONAL", 5, 8, "62.5 %", "red"],
      ["GERENCIA DE SERVICIOS AL ADMINISTRADO", 104, 125, "83.2 %", "amber"],
      ["GERENCIA DE RECURSOS HUMANOS", 149, 162, "92.0 %", "green"],
      ["GERENCIA DE GESTION DE COBRANZA", 192, 202, "95.0 %", "green"],
      ["GERENCIA DE EJECUCION COACTIVA", 161, 165, "97.6 %", "green"],
    ]);
  });

  it("ORGANO DE CONTROL INSTITUCIONAL is the lowest unit, at exactly 62.5 %, and the only red one", () => {
    const oci = unitsByName.get("ORGANO DE CONTROL INSTITUCIONAL");
    expect(oci?.subtree.executionPct).toBe(62.5);
    expect(q1.units.filter((unit) => unit.light === "red").map((unit) => unit.name)).toEqual([
      "ORGANO DE CONTROL INSTITUCIONAL",
    ]);
  });

  it('the lowest activity is "ATENCIÓN DE LAS SOLICITUDES DE REVISIÓN…", 8 of 14 (57.1 %)', () => {
    const ranked = seed.activities
      .map((activity) => ({ name: activity.name, ...periodFigures(measure(activity), Q1) }))
      .sort(
        (a, b) => (a.executionPct ?? Number.POSITIVE_INFINITY) - (b.executionPct ?? Number.POSITIVE_INFINITY),
      );
    const lowest = ranked[0];
    expect(lowest?.name).toBe(
      "ATENCIÓN DE LAS SOLICITUDES DE REVISIÓN Y SUBSANACIÓN DE DATOS DE LOS CIUDADANOS",
    );
    expect([lowest?.executed, lowest?.programmed, formatPct(lowest?.executionPct ?? null)]).toEqual([
      8,
      14,
      "57.1 %",
    ]);
    expect(trafficLight(lowest?.executionPct ?? null)).toBe("red");
    expect((ranked[1]?.executionPct ?? 0) > 57.2).toBe(true);
  });

  it("one activity has nothing programmed nor reported in Q1: no %, shown as —, and no light", () => {
    const empty = seed.activities
      .map((activity) => ({ name: activity.name, ...periodFigures(measure(activity), Q1) }))
      .filter((figures) => figures.executionPct === null);
    expect(empty).toEqual([
      {
        name: "IMPLEMENTACIÓN Y SEGUIMIENTO DEL SISTEMA DE GESTIÓN ANTISOBOBORNO ISO 37001",
        programmed: 0,
        executed: null,
        executionPct: null,
      },
    ]);
    expect(formatPct(empty[0]?.executionPct ?? null)).toBe("—");
    expect(trafficLight(empty[0]?.executionPct ?? null)).toBeNull();
  });
});

describe("seed 004 — every row agrees with itself", () => {
  it.each(seed.activities.map((activity) => [activity.name, activity] as const))(
    "%s: META = Σ programmed months; I TRIM = Σ first three months",
    (_name, activity) => {
      expect(activity.annualTarget).toBe(periodFigures(measure(activity), YEAR).programmed);
      const q1 = periodFigures(measure(activity), Q1);
      // The document leaves a zero total empty; Avance keeps "nothing reported" (null) apart from 0.
      expect(activity.documentQ1.programmed ?? 0).toBe(q1.programmed);
      expect(activity.documentQ1.executed).toBe(q1.executed);
    },
  );

  it("the document's TOTAL row is the roll-up, month by month", () => {
    const total = seed.documentTotal;
    for (const month of YEAR) {
      expect(rollUpSeed([month]).total.programmed, `programmed ${month}`).toBe(total.programmed[month - 1]);
    }
    for (const month of Q1) {
      expect(rollUpSeed([month]).total.executed, `executed ${month}`).toBe(total.executed[month - 1]);
    }
    expect(total.annualTarget).toBe(6350);
    expect(total.q1).toEqual({ programmed: 1543, executed: 1494 });
  });
});
