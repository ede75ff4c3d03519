/**
 * The SQL of the reports agrees exactly with src/domain/figures.ts: same programmed, executed and
 * % (to the last bit), same lights and red counts, for every period and every scope, on seed 004
 * and on generated 4-decimal data with stocks, progress measures, gaps and withdrawn activities.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/connection.js";
import { groupedFigures, programmedExpression, scopeFigures, toQuantity } from "../../src/db/figures.js";
import { unitTree } from "../../src/db/org-units.js";
import { activityLines } from "../../src/db/reports/activity-lines.js";
import { deploymentRollup } from "../../src/db/reports/deployment-rollup.js";
import { lineTotals } from "../../src/db/reports/line-totals.js";
import { monthlySeries } from "../../src/db/reports/monthly-series.js";
import { unitSummary } from "../../src/db/reports/unit-summary.js";
import { closedMonths } from "../../src/db/schema.js";
import { type Figures, periodFigures, sumFigures, sumFiguresByKind } from "../../src/domain/figures.js";
import { parsePeriod, periodMonths } from "../../src/domain/periods.js";
import { rollUp } from "../../src/domain/rollup.js";
import { type Thresholds, trafficLight } from "../../src/domain/traffic-light.js";
import { openTestDatabase, testDatabaseUrl } from "../helpers/database.js";
import {
  type GeneratedPlan,
  generatePlan,
  importSeed,
  loadRaw,
  type RawActivity,
  SEED_POI,
} from "./report-fixtures.js";

const CODES = [
  ...Array.from({ length: 12 }, (_, i) => `M${String(i + 1).padStart(2, "0")}`),
  "Q1",
  "Q2",
  "Q3",
  "Q4",
  "S1",
  "S2",
  "YEAR",
  ...Array.from({ length: 13 }, (_, i) => `YTD-M${String(i).padStart(2, "0")}`),
];
const monthsOf = (code: string) => periodMonths(parsePeriod(code, { year: 2021, lastClosedMonth: null }));

const figuresOf = (activity: RawActivity, months: readonly number[], baseline = false) =>
  periodFigures(baseline ? { ...activity, programmed: activity.baseline } : activity, months);
/** The domain's roll-up of the active ones: quantity and progress totals apart (`main`, `progress`). */
const byKindOf = (list: readonly RawActivity[], months: readonly number[], baseline = false) =>
  sumFiguresByKind(
    list
      .filter((activity) => activity.active)
      .map((activity) => ({
        measureKind: activity.measureKind,
        figures: figuresOf(activity, months, baseline),
      })),
  );
const sumOf = (list: readonly RawActivity[], months: readonly number[], baseline = false) =>
  byKindOf(list, months, baseline).main;
/** The progress total apart, when the set mixes both kinds. */
const progressOf = (list: readonly RawActivity[], months: readonly number[], baseline = false) => {
  const progress = byKindOf(list, months, baseline).progress;
  return progress ? plain(progress) : undefined;
};
const plainProgress = (figures: { progress?: Figures }) =>
  figures.progress ? plain(figures.progress) : undefined;
const plain = ({ programmed, executed, executionPct }: Figures) => ({ programmed, executed, executionPct });
const redIn = (list: readonly RawActivity[], months: readonly number[], thresholds: Thresholds) =>
  list.filter((a) => a.active && trafficLight(figuresOf(a, months).executionPct, thresholds) === "red")
    .length;

let database: Database;
let seed: { institutionId: string; planId: string };
let generated: GeneratedPlan;
let strict: GeneratedPlan;
let otherYear: GeneratedPlan;
let raw: RawActivity[];
const STRICT = { greenFrom: 95, amberFrom: 80, overExecutionAbove: 105 };
const DEFAULT = { greenFrom: 90, amberFrom: 75, overExecutionAbove: 110 };

beforeAll(async () => {
  database = await openTestDatabase();
  seed = await importSeed(database.db, SEED_POI, "SAT Piura");
  generated = await generatePlan(database.db, { seed: 4, count: 240 });
  strict = await generatePlan(database.db, {
    seed: 7,
    count: 120,
    thresholds: { greenFrom: "95", amberFrom: "80", overExecutionAbove: "105" },
  });
  otherYear = await generatePlan(database.db, { seed: 9, count: 40, year: 2022 });
  raw = await loadRaw(database.db, [seed.planId, generated.planId, strict.planId, otherYear.planId]);
});
afterAll(() => database?.close());

const inPlan = (planId: string) => raw.filter((activity) => activity.planId === planId);

describe(`figures in SQL = figures in the domain (${testDatabaseUrl ? "PostgreSQL" : "PGlite"})`, () => {
  it("numeric text converts to the same numbers the domain's exact sums give", () => {
    expect(toQuantity("1543.0000")).toBe(1543);
    expect(toQuantity("0.3000")).toBe(
      sumFigures([0.1, 0.2].map((p) => ({ programmed: p, executed: null, executionPct: null }))).programmed,
    );
    expect(toQuantity(null)).toBeNull();
    expect(() => programmedExpression([3, 2])).toThrow(RangeError);
  });

  it("seed 004: Q1 is 1,543 programmed, 1,494 executed, every period agrees", async () => {
    const scope = { kind: "plan" as const, ...seed };
    const q1 = await scopeFigures(database.db, { scope, months: monthsOf("Q1") });
    expect(plain(q1)).toEqual({ programmed: 1543, executed: 1494, executionPct: (1494 * 100) / 1543 });
    expect(q1.activityCount).toBe(78);
    for (const code of CODES) {
      const months = monthsOf(code);
      const sql = await scopeFigures(database.db, { scope, months });
      expect(plain(sql), code).toEqual(plain(sumOf(inPlan(seed.planId), months)));
      expect(sql.redCount, code).toBe(redIn(inPlan(seed.planId), months, DEFAULT));
    }
  });

  for (const [name, plan] of [
    ["generated plan", () => generated],
    ["generated plan with strict thresholds", () => strict],
  ] as const) {
    it(`${name}: plan, activity and unit groupings, current and baseline, every period`, async () => {
      const { institutionId, planId } = plan();
      const activities = inPlan(planId);
      const active = activities.filter((activity) => activity.active);
      const thresholds = plan() === strict ? STRICT : DEFAULT;
      expect(activities.length).toBeGreaterThan(active.length); // some are withdrawn
      for (const code of CODES) {
        const months = monthsOf(code);
        const scope = { kind: "plan" as const, institutionId, planId };
        const total = await scopeFigures(database.db, { scope, months });
        expect(plain(total), code).toEqual(plain(sumOf(activities, months)));
        expect(plainProgress(total), code).toEqual(progressOf(activities, months));
        expect(total.progress, code).toBeDefined(); // the generated plans mix both kinds
        expect(total.activityCount).toBe(active.length);
        expect(total.redCount, code).toBe(redIn(activities, months, thresholds));
        const baseline = await scopeFigures(database.db, { scope, months, role: "baseline" });
        expect(plain(baseline), `${code} baseline`).toEqual(plain(sumOf(activities, months, true)));

        const byActivity = await groupedFigures(database.db, { scope, months, by: "activity" });
        expect(byActivity).toHaveLength(active.length);
        for (const row of byActivity) {
          const activity = activities.find((candidate) => candidate.id === row.id) as RawActivity;
          expect(plain(row), `${code} ${row.id}`).toEqual(plain(figuresOf(activity, months)));
        }
        const byUnit = await groupedFigures(database.db, { scope, months, by: "unit" });
        for (const row of byUnit) {
          const own = activities.filter((activity) => activity.unitId === row.id);
          expect(plain(row), `${code} unit ${row.id}`).toEqual(plain(sumOf(own, months)));
          expect(plainProgress(row), `${code} unit ${row.id}`).toEqual(progressOf(own, months));
          expect(row.redCount).toBe(redIn(own, months, thresholds));
        }
      }
    });
  }

  it("unit summary = the domain's rollUp over the tree (own, subtree, depth, order, red counts)", async () => {
    const { institutionId, planId } = generated;
    const units = await unitTree(database.db, institutionId);
    const activities = inPlan(planId);
    for (const code of ["Q1", "S2", "YEAR", "M07", "YTD-M05"]) {
      const months = monthsOf(code);
      const expected = rollUp(
        units.map(({ id, parentId, name }) => ({ id, parentId, name })),
        activities.map((activity) => ({
          unitId: activity.unitId,
          figures: figuresOf(activity, months),
          active: activity.active,
          measureKind: activity.measureKind,
        })),
      ).units.filter((unit) => unit.subtreeActivityCount > 0);
      const { units: lines, total } = await unitSummary(database.db, { institutionId, planId, months });
      expect(plain(total)).toEqual(plain(sumOf(activities, months)));
      expect(total.redCount).toBe(redIn(activities, months, DEFAULT));
      expect(lines.map((line) => [line.name, line.depth])).toEqual(
        expected.map((unit) => [unit.name, unit.depth]),
      );
      expect(lines.map((line) => [plain(line.own), plain(line.subtree)])).toEqual(
        expected.map((unit) => [plain(unit.own), plain(unit.subtree)]),
      );
      expect(lines.map((line) => [plainProgress(line.own), plainProgress(line.subtree)])).toEqual(
        expected.map((unit) => [plainProgress(unit.own), plainProgress(unit.subtree)]),
      );
      expect(plainProgress(total)).toEqual(progressOf(activities, months));
      expect(
        lines.map((line) => [
          line.own.activityCount,
          line.subtree.activityCount,
          line.own.redCount,
          line.subtree.redCount,
        ]),
      ).toEqual(
        expected.map((unit) => [
          unit.ownActivityCount,
          unit.subtreeActivityCount,
          unit.ownRedCount,
          unit.subtreeRedCount,
        ]),
      );
      expect(Math.max(...lines.map((line) => line.depth))).toBe(2);
    }
  });

  it("a unit with its sub-units (recursive CTE) and a unit alone", async () => {
    const { institutionId, planId } = generated;
    const units = await unitTree(database.db, institutionId);
    const activities = inPlan(planId);
    const below = (unitId: string): string[] => [
      unitId,
      ...units.filter((unit) => unit.parentId === unitId).flatMap((unit) => below(unit.id)),
    ];
    const months = monthsOf("S1");
    for (const unit of units) {
      const subtree = new Set(below(unit.id));
      const withSubUnits = await scopeFigures(database.db, {
        scope: { kind: "unit", institutionId, planId, unitId: unit.id, subUnits: true },
        months,
      });
      expect(plain(withSubUnits), unit.name).toEqual(
        plain(
          sumOf(
            activities.filter((activity) => subtree.has(activity.unitId)),
            months,
          ),
        ),
      );
      const alone = await scopeFigures(database.db, {
        scope: { kind: "unit", institutionId, planId, unitId: unit.id, subUnits: false },
        months,
      });
      expect(plain(alone), unit.name).toEqual(
        plain(
          sumOf(
            activities.filter((activity) => activity.unitId === unit.id),
            months,
          ),
        ),
      );
    }
  });

  it("an activity, an institution (its plans of a year) and the whole deployment", async () => {
    const months = monthsOf("Q2");
    const some = inPlan(generated.planId).slice(0, 30);
    for (const activity of some) {
      const figures = await scopeFigures(database.db, {
        scope: { kind: "activity", institutionId: activity.institutionId, activityId: activity.id },
        months,
      });
      expect(plain(figures)).toEqual(plain(figuresOf(activity, months)));
      expect(figures.activityCount).toBe(activity.active ? 1 : 0);
    }
    const institution = await scopeFigures(database.db, {
      scope: { kind: "institution", institutionId: generated.institutionId, year: 2021 },
      months,
    });
    expect(plain(institution)).toEqual(plain(sumOf(inPlan(generated.planId), months)));
    const nothing = await scopeFigures(database.db, {
      scope: { kind: "institution", institutionId: otherYear.institutionId, year: 2021 },
      months,
    });
    expect(nothing).toEqual({
      programmed: 0,
      executed: null,
      executionPct: null,
      activityCount: 0,
      redCount: 0,
    });

    const of2021 = raw.filter((activity) => activity.planId !== otherYear.planId);
    const deployment = await scopeFigures(database.db, { scope: { kind: "deployment", year: 2021 }, months });
    expect(plain(deployment)).toEqual(plain(sumOf(of2021, months)));
    const rollup = await deploymentRollup(database.db, { year: 2021, months, withRed: true });
    const plainRollup = await deploymentRollup(database.db, { year: 2021, months });
    expect(plainRollup.institutions.map(plain)).toEqual(rollup.institutions.map(plain));
    expect(plain(plainRollup.total)).toEqual(plain(rollup.total));
    expect(plain(rollup.total)).toEqual(plain(sumOf(of2021, months)));
    expect(plainProgress(rollup.total)).toEqual(progressOf(of2021, months));
    expect(plainProgress(deployment)).toEqual(progressOf(of2021, months));
    expect(rollup.institutions).toHaveLength(3);
    for (const line of rollup.institutions) {
      const own = of2021.filter((activity) => activity.institutionId === line.id);
      expect(plain(line), line.name).toEqual(plain(sumOf(own, months)));
      expect(plainProgress(line), line.name).toEqual(progressOf(own, months));
      expect(line.redCount).toBe(redIn(own, months, line.id === strict.institutionId ? STRICT : DEFAULT));
    }
    expect(rollup.total.redCount).toBe(rollup.institutions.reduce((n, line) => n + line.redCount, 0));
  });

  it("monthly and year-to-date series and the POI month totals", async () => {
    const { institutionId, planId } = generated;
    const scope = { kind: "plan" as const, institutionId, planId };
    const activities = inPlan(planId);
    // The generated plan mixes quantity and progress activities: each kind is charted apart.
    const series = await monthlySeries(database.db, { scope, kind: "quantity" });
    const progressSeries = await monthlySeries(database.db, { scope, kind: "progress" });
    const progressActivities = activities.filter((activity) => activity.measureKind === "progress");
    const totals = await lineTotals(database.db, { scope, months: monthsOf("Q3"), baseline: true });
    for (let month = 1; month <= 12; month++) {
      const single = sumOf(activities, [month]);
      expect(plain(series.monthly[month - 1] as Figures), `M${month}`).toEqual(plain(single));
      const ytd = Array.from({ length: month }, (_, i) => i + 1);
      expect(plain(series.cumulative[month - 1] as Figures), `YTD ${month}`).toEqual(
        plain(sumOf(activities, ytd)),
      );
      expect(plain(progressSeries.cumulative[month - 1] as Figures), `progress YTD ${month}`).toEqual(
        plain(sumOf(progressActivities, ytd)),
      );
      expect(totals.total.programmedMonths[month - 1]).toBe(single.programmed);
      expect(totals.total.executedMonths[month - 1]).toBe(single.executed);
    }
    expect(plain(totals.total.figures)).toEqual(plain(sumOf(activities, monthsOf("Q3"))));
    expect(totals.total.progress && plain(totals.total.progress.figures)).toEqual(
      progressOf(activities, monthsOf("Q3")),
    );
    expect(totals.total.baselineProgrammed).toBe(sumOf(activities, monthsOf("Q3"), true).programmed);
    for (const unit of totals.units) {
      const own = activities.filter((activity) => activity.unitId === unit.unitId);
      expect(plain(unit.figures)).toEqual(plain(sumOf(own, monthsOf("Q3"))));
      expect(unit.progress && plain(unit.progress.figures)).toEqual(progressOf(own, monthsOf("Q3")));
    }
  });

  it("activity lines: the closed months of each period programmed with no entry (at risk)", async () => {
    const { institutionId, planId } = otherYear;
    // March reopened: a closed month after an open one counts too.
    const closed = [1, 2, 4, 5, 7];
    await database.db.insert(closedMonths).values(closed.map((month) => ({ institutionId, planId, month })));
    const activities = inPlan(planId).filter((activity) => activity.active);
    let missing = 0;
    for (const code of CODES) {
      const months = monthsOf(code);
      const lines = await activityLines(database.db, {
        scope: { kind: "plan", institutionId, planId },
        months,
      });
      expect(lines.map((line) => line.id).sort()).toEqual(activities.map((activity) => activity.id).sort());
      for (const line of lines) {
        const activity = activities.find((candidate) => candidate.id === line.id) as RawActivity;
        const expected = months.filter(
          (month) =>
            closed.includes(month) &&
            (activity.programmed[month - 1] ?? 0) > 0 &&
            activity.executed[month - 1] === null,
        );
        expect(line.missingClosedMonths, `${code} ${line.id}`).toEqual(expected);
        // Nothing recorded in a closed month with something programmed counts as 0 executed.
        expect(plain(line.figures), `${code} ${line.id}`).toEqual(
          plain(periodFigures({ ...activity, closedMonths: closed }, months)),
        );
        missing += expected.length;
      }
    }
    expect(missing).toBeGreaterThan(0);
  });

  it("closed months with nothing recorded count as 0 in every scope (plan, units, series, totals)", async () => {
    const { institutionId, planId } = otherYear; // its months 1, 2, 4, 5 and 7 are closed above
    const closed = [1, 2, 4, 5, 7];
    const activities = inPlan(planId).map((activity) => ({ ...activity, closedMonths: closed }));
    const scope = { kind: "plan" as const, institutionId, planId };
    const series = await monthlySeries(database.db, { scope, kind: "quantity" });
    let zeroed = 0;
    for (const code of CODES) {
      const months = monthsOf(code);
      const total = await scopeFigures(database.db, { scope, months });
      expect(plain(total), code).toEqual(plain(sumOf(activities, months)));
      expect(plainProgress(total), code).toEqual(progressOf(activities, months));
      expect(total.redCount, code).toBe(redIn(activities, months, DEFAULT));
      const byActivity = await groupedFigures(database.db, { scope, months, by: "activity" });
      for (const row of byActivity) {
        const activity = activities.find((candidate) => candidate.id === row.id) as RawActivity;
        const open = periodFigures({ ...activity, closedMonths: [] }, months);
        if (open.executed === null && row.executed === 0) zeroed++;
      }
      const totals = await lineTotals(database.db, { scope, months });
      expect(plain(totals.total.figures), code).toEqual(plain(sumOf(activities, months)));
    }
    for (let month = 1; month <= 12; month++) {
      const ytd = Array.from({ length: month }, (_, i) => i + 1);
      expect(plain(series.cumulative[month - 1] as Figures), `YTD ${month}`).toEqual(
        plain(sumOf(activities, ytd)),
      );
      expect(plain(series.monthly[month - 1] as Figures), `M${month}`).toEqual(
        plain(sumOf(activities, [month])),
      );
    }
    expect(zeroed).toBeGreaterThan(0); // some activity went from «—» to 0 %
  });
});
