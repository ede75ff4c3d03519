import { describe, expect, it } from "vitest";
import {
  type ActivityMeasure,
  executionPct,
  type Figures,
  periodFigures,
  progressDecrease,
  progressToTarget,
  roundQuantity,
  sumFigures,
  sumFiguresByKind,
  sumQuantities,
} from "./figures.js";
import type { Monthly } from "./months.js";

/** Twelve months from the values given for the first ones; the rest are null. */
function months(...values: (number | null)[]): Monthly {
  return [...values, ...Array(12 - values.length).fill(null)];
}

function activity(overrides: Partial<ActivityMeasure>): ActivityMeasure {
  return {
    programmed: months(),
    executed: months(),
    cumulative: true,
    active: true,
    annualTarget: null,
    measureKind: "quantity",
    ...overrides,
  };
}

const Q1 = [1, 2, 3];
const YEAR = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

describe("periodFigures of a cumulative quantity", () => {
  const cases: [name: string, programmed: Monthly, executed: Monthly, period: number[], expected: Figures][] =
    [
      [
        "sums the months",
        months(1, 1, 1, 1),
        months(1, 1, 1),
        Q1,
        { programmed: 3, executed: 3, executionPct: 100 },
      ],
      [
        "the unit with the lowest % in seed 004",
        months(2, 2, 4),
        months(2, 1, 2),
        Q1,
        { programmed: 8, executed: 5, executionPct: 62.5 },
      ],
      [
        "a null month counts as 0",
        months(null, 2, 3),
        months(1, null, 3),
        Q1,
        { programmed: 5, executed: 4, executionPct: 80 },
      ],
      [
        "nothing reported is null, not 0",
        months(2, 2, 2),
        months(),
        Q1,
        { programmed: 6, executed: null, executionPct: null },
      ],
      [
        "a reported 0 is 0 %",
        months(2, 2, 2),
        months(0, 0, 0),
        Q1,
        { programmed: 6, executed: 0, executionPct: 0 },
      ],
      [
        "nothing programmed: the % is undefined, not 0 nor 100",
        months(),
        months(3, 1),
        Q1,
        { programmed: 0, executed: 4, executionPct: null },
      ],
      [
        "programmed zeros are nothing programmed",
        months(0, 0, 0),
        months(0, 0, 0),
        Q1,
        { programmed: 0, executed: 0, executionPct: null },
      ],
      [
        "over-execution",
        months(10, 10, 10),
        months(12, 12, 15),
        Q1,
        { programmed: 30, executed: 39, executionPct: 130 },
      ],
      [
        "decimals: 12.5 km",
        months(4.25, 4.25, 4),
        months(4, 4.5, 4),
        Q1,
        { programmed: 12.5, executed: 12.5, executionPct: 100 },
      ],
      [
        "decimals: 0.1 + 0.2 is 0.3",
        months(0.1, 0.2),
        months(0.2, 0.1),
        Q1,
        { programmed: 0.3, executed: 0.3, executionPct: 100 },
      ],
      [
        "four decimals kept",
        months(0.0001, 0.0002, 1.1234),
        months(0.0003),
        Q1,
        { programmed: 1.1237, executed: 0.0003, executionPct: (3 * 100) / 11237 },
      ],
      [
        "one month",
        months(5, 7, 9),
        months(5, 6, 9),
        [2],
        { programmed: 7, executed: 6, executionPct: 600 / 7 },
      ],
      [
        "the year, with execution only up to March",
        months(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1),
        months(1, 1, 1),
        YEAR,
        { programmed: 12, executed: 3, executionPct: 25 },
      ],
      [
        "no months (YTD with nothing closed)",
        months(1, 1, 1),
        months(1, 1, 1),
        [],
        { programmed: 0, executed: null, executionPct: null },
      ],
    ];

  it.each(cases)("%s", (_name, programmed, executed, period, expected) => {
    expect(periodFigures(activity({ programmed, executed }), period)).toEqual(expected);
  });

  it("0.1 + 0.2 is exactly 0.3, and ten times 0.1 exactly 1", () => {
    expect(
      periodFigures(activity({ programmed: months(0.1, 0.2), executed: months(0.1, 0.2) }), Q1).programmed,
    ).toBe(0.3);
    const tenths = activity({
      programmed: months(...Array(10).fill(0.1)),
      executed: months(...Array(10).fill(0.1)),
    });
    expect(periodFigures(tenths, YEAR)).toEqual({ programmed: 1, executed: 1, executionPct: 100 });
  });

  it("exact ratios stay exact: 9 of 10 is 90, 0.9 of 1 is 90", () => {
    expect(periodFigures(activity({ programmed: months(10), executed: months(9) }), [1]).executionPct).toBe(
      90,
    );
    expect(periodFigures(activity({ programmed: months(1), executed: months(0.9) }), [1]).executionPct).toBe(
      90,
    );
    expect(
      periodFigures(activity({ programmed: months(0.3), executed: months(0.1, 0.2) }), Q1).executionPct,
    ).toBe(100);
  });

  it("rejects a month outside 1..12", () => {
    expect(() => periodFigures(activity({}), [0])).toThrow(RangeError);
    expect(() => periodFigures(activity({}), [13])).toThrow(RangeError);
  });
});

describe("periodFigures of a stock, a rate or a progress", () => {
  const cases: [name: string, overrides: Partial<ActivityMeasure>, period: number[], expected: Figures][] = [
    [
      "non-cumulative: the last month of the period, not the sum",
      { cumulative: false, programmed: months(100, 110, 120), executed: months(95, 108, 117) },
      Q1,
      { programmed: 120, executed: 117, executionPct: 97.5 },
    ],
    [
      "non-cumulative: the last month that has a value, for each side",
      { cumulative: false, programmed: months(100, 110, 120), executed: months(95, 108) },
      Q1,
      { programmed: 120, executed: 108, executionPct: 90 },
    ],
    [
      "non-cumulative: nothing reported in the period",
      { cumulative: false, programmed: months(100, 110, 120, 130), executed: months(95) },
      [4, 5, 6],
      { programmed: 130, executed: null, executionPct: null },
    ],
    [
      "non-cumulative: nothing programmed in the period",
      { cumulative: false, programmed: months(), executed: months(5) },
      Q1,
      { programmed: 0, executed: 5, executionPct: null },
    ],
    [
      "non-cumulative: a reported 0 is the last value",
      { cumulative: false, programmed: months(50, 50, 50), executed: months(40, 45, 0) },
      Q1,
      { programmed: 50, executed: 0, executionPct: 0 },
    ],
    [
      "progress: the % complete of the last month reported",
      { measureKind: "progress", programmed: months(10, 20, 30), executed: months(10, 15, 24) },
      Q1,
      { programmed: 30, executed: 24, executionPct: 80 },
    ],
    [
      "progress: even if flagged cumulative, percentages are never summed",
      {
        measureKind: "progress",
        cumulative: true,
        programmed: months(10, 20, 30),
        executed: months(10, 20, 30),
      },
      Q1,
      { programmed: 30, executed: 30, executionPct: 100 },
    ],
    [
      "progress: 12.5 % of a goal",
      { measureKind: "progress", programmed: months(25), executed: months(12.5) },
      [1],
      { programmed: 25, executed: 12.5, executionPct: 50 },
    ],
  ];

  it.each(cases)("%s", (_name, overrides, period, expected) => {
    expect(periodFigures(activity(overrides), period)).toEqual(expected);
  });
});

describe("an inactive (withdrawn) activity", () => {
  const withdrawn = activity({
    active: false,
    programmed: months(5, 5, 5),
    executed: months(5, 5, 5),
    annualTarget: 60,
  });

  it("has no figures", () => {
    expect(periodFigures(withdrawn, Q1)).toEqual({ programmed: 0, executed: null, executionPct: null });
  });

  it("has no progress to target", () => {
    expect(progressToTarget(withdrawn, 3)).toBeNull();
  });

  it("adds nothing to a roll-up", () => {
    const kept = periodFigures(activity({ programmed: months(4, 4), executed: months(3, 4) }), Q1);
    expect(sumFigures([kept, periodFigures(withdrawn, Q1)])).toEqual(kept);
  });
});

describe("progressToTarget", () => {
  const cases: [
    name: string,
    overrides: Partial<ActivityMeasure>,
    through: number,
    expected: number | null,
  ][] = [
    ["executed year-to-date over the annual target", { annualTarget: 12, executed: months(1, 1, 1) }, 3, 25],
    ["only up to the month given", { annualTarget: 12, executed: months(1, 1, 1, 9) }, 2, 200 / 12],
    ["no target", { annualTarget: null, executed: months(1, 1, 1) }, 3, null],
    ["a target of 0", { annualTarget: 0, executed: months(1) }, 3, null],
    ["nothing reported yet", { annualTarget: 12, executed: months() }, 3, null],
    ["no month closed", { annualTarget: 12, executed: months(1) }, 0, null],
    ["beyond the target", { annualTarget: 2, executed: months(1, 1, 1) }, 3, 150],
    ["decimals", { annualTarget: 0.3, executed: months(0.1, 0.2) }, 12, 100],
    [
      "non-cumulative: the last value",
      { annualTarget: 200, cumulative: false, executed: months(150, 160) },
      3,
      80,
    ],
    [
      "progress: the last % over the goal's %",
      { annualTarget: 90, measureKind: "progress", executed: months(30, 45) },
      2,
      50,
    ],
  ];

  it.each(cases)("%s", (_name, overrides, through, expected) => {
    expect(progressToTarget(activity(overrides), through)).toBe(expected);
  });
});

describe("sumFigures (roll-up)", () => {
  it("sums quantities and recomputes the %, never averaging percentages", () => {
    const small: Figures = { programmed: 1, executed: 0, executionPct: 0 };
    const big: Figures = { programmed: 99, executed: 99, executionPct: 100 };
    // The average of 0 % and 100 % would be 50 %.
    expect(sumFigures([small, big])).toEqual({ programmed: 100, executed: 99, executionPct: 99 });
  });

  it("is empty for no parts", () => {
    expect(sumFigures([])).toEqual({ programmed: 0, executed: null, executionPct: null });
  });

  it("executed is null only when no part reported anything", () => {
    const reported: Figures = { programmed: 5, executed: 4, executionPct: 80 };
    const silent: Figures = { programmed: 5, executed: null, executionPct: null };
    expect(sumFigures([silent, silent])).toEqual({ programmed: 10, executed: null, executionPct: null });
    expect(sumFigures([reported, silent])).toEqual({ programmed: 10, executed: 4, executionPct: 40 });
  });

  it("parts with nothing programmed still add what they executed", () => {
    expect(
      sumFigures([
        { programmed: 0, executed: 2, executionPct: null },
        { programmed: 8, executed: 8, executionPct: 100 },
      ]),
    ).toEqual({ programmed: 8, executed: 10, executionPct: 125 });
  });

  it("is exact with decimals", () => {
    const tenth: Figures = { programmed: 0.1, executed: 0.1, executionPct: 100 };
    const fifth: Figures = { programmed: 0.2, executed: 0.2, executionPct: 100 };
    expect(sumFigures([tenth, fifth])).toEqual({ programmed: 0.3, executed: 0.3, executionPct: 100 });
  });
});

describe("quantity helpers", () => {
  it.each([
    [[0.1, 0.2], 0.3],
    [[1.0001, 2.0002, null, 3.0003], 6.0006],
    [[12.5, -2.5], 10],
    [[], 0],
    [[null, null], 0],
    [[1_000_000.1234, 0.0001], 1_000_000.1235],
  ])("sumQuantities(%j) = %s", (values, expected) => {
    expect(sumQuantities(values)).toBe(expected);
  });

  it.each([
    [0.30000000000000004, 0.3],
    [1.23456, 1.2346],
    [2.00004, 2],
    [-0.1 - 0.2, -0.3],
  ])("roundQuantity(%s) = %s", (value, expected) => {
    expect(roundQuantity(value)).toBe(expected);
  });

  it.each([
    [8, 5, 62.5],
    [0, 5, null],
    [null, 5, null],
    [5, null, null],
    [162, 149, (149 / 162) * 100],
    [3, 0, 0],
  ])("executionPct(%s, %s) = %s", (programmed, executed, expected) => {
    const pct = executionPct(programmed, executed);
    if (expected === null) expect(pct).toBeNull();
    else expect(pct).toBeCloseTo(expected, 12);
  });
});

describe("a closed month with nothing recorded counts as 0 executed", () => {
  it("a cumulative quantity: 0 of 12 in a closed quarter, 0 % (red), not «—»", () => {
    const open = activity({ programmed: months(4, 4, 4) });
    expect(periodFigures(open, Q1)).toEqual({ programmed: 12, executed: null, executionPct: null });
    const closed = { ...open, closedMonths: [1, 2, 3] };
    expect(periodFigures(closed, Q1)).toEqual({ programmed: 12, executed: 0, executionPct: 0 });
  });

  it("only the closed months with something programmed: an open month stays «nothing recorded»", () => {
    const closed = activity({ programmed: months(0, 4, 4), closedMonths: [1] });
    expect(periodFigures(closed, [1])).toEqual({ programmed: 0, executed: null, executionPct: null });
    expect(periodFigures(closed, [2])).toEqual({ programmed: 4, executed: null, executionPct: null });
  });

  it("a progress activity: a closed month with nothing recorded is 0 % complete", () => {
    const progress = activity({
      measureKind: "progress",
      programmed: months(10, 20, 30),
      executed: months(10, 15),
      closedMonths: [1, 2, 3],
    });
    expect(periodFigures(progress, Q1)).toEqual({ programmed: 30, executed: 0, executionPct: 0 });
    expect(periodFigures({ ...progress, closedMonths: [1, 2] }, Q1)).toEqual({
      programmed: 30,
      executed: 15,
      executionPct: 50,
    });
  });
});

describe("roll-ups by kind: progress and quantity totals apart", () => {
  const q1 = (overrides: Partial<ActivityMeasure>) => {
    const measure = activity(overrides);
    return { measureKind: measure.measureKind, figures: periodFigures(measure, Q1) };
  };
  const progress = q1({
    measureKind: "progress",
    programmed: months(10, 20, 30),
    executed: months(10, 15, 24),
  });
  const done = q1({
    measureKind: "progress",
    programmed: months(50, 70, 100),
    executed: months(50, 80, 100),
  });
  const quantity = q1({ programmed: months(4, 4, 4), executed: months(4, 4, 2) });

  it("progress activities only: Σ of their period % (each weighs the same)", () => {
    expect(sumFiguresByKind([progress])).toEqual({
      main: { programmed: 30, executed: 24, executionPct: 80, activityCount: 1 },
    });
    expect(sumFiguresByKind([progress, done]).main).toEqual({
      programmed: 130,
      executed: 124,
      executionPct: (124 * 100) / 130,
      activityCount: 2,
    });
  });

  it("a plan that mixes both kinds has two totals, never one sum of both", () => {
    expect(sumFiguresByKind([quantity, progress, done])).toEqual({
      main: { programmed: 12, executed: 10, executionPct: (10 * 100) / 12, activityCount: 1 },
      progress: { programmed: 130, executed: 124, executionPct: (124 * 100) / 130, activityCount: 2 },
    });
  });
});

describe("progressDecrease: a progress % below an earlier month's", () => {
  it("names the latest earlier month with a value when it was higher", () => {
    expect(progressDecrease(months(20, null), 3, 15)).toEqual({ month: 1, value: 20 });
    expect(progressDecrease(months(20, 25), 3, 25)).toBeUndefined();
    expect(progressDecrease(months(30, 20), 3, 25)).toBeUndefined(); // February's 20 is the one that counts
    expect(progressDecrease(months(), 1, 0)).toBeUndefined();
    expect(progressDecrease(months(20), 2, null)).toBeUndefined();
  });
});
