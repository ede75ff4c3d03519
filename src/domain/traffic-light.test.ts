import { describe, expect, it } from "vitest";
import { AppError } from "./errors.js";
import { executionPct } from "./figures.js";
import { formatPct } from "./format.js";
import {
  DEFAULT_THRESHOLDS,
  isOverExecution,
  type Thresholds,
  TRAFFIC_LIGHT_LABELS,
  trafficLight,
  validateThresholds,
} from "./traffic-light.js";

describe("trafficLight with the default thresholds (green ≥ 90, amber ≥ 75)", () => {
  it.each([
    [null, null],
    [0, "red"],
    [57.1, "red"],
    [62.5, "red"],
    [74.99, "red"],
    [74.999999, "red"],
    [75, "amber"],
    [83.2, "amber"],
    [89.99, "amber"],
    [89.999999, "amber"],
    [90, "green"],
    [90.0001, "green"],
    [96.8, "green"],
    [100, "green"],
    [110, "green"],
    [250, "green"],
  ] as const)("%s % → %s", (pct, light) => {
    expect(trafficLight(pct)).toBe(light);
    expect(trafficLight(pct, DEFAULT_THRESHOLDS)).toBe(light);
  });

  it("NaN has no light", () => {
    expect(trafficLight(Number.NaN)).toBeNull();
  });
});

describe("the light judges the unrounded %", () => {
  it("5 of 8 = 62.5 % is red", () => {
    const pct = executionPct(8, 5);
    expect(pct).toBe(62.5);
    expect(trafficLight(pct)).toBe("red");
    expect(formatPct(pct)).toBe("62.5 %");
  });

  it("8,996 of 10,000 is shown as 90.0 % but is amber", () => {
    const pct = executionPct(10_000, 8_996);
    expect(formatPct(pct)).toBe("90.0 %");
    expect(trafficLight(pct)).toBe("amber");
  });

  it("exactly 90 % (9 of 10, 0.9 of 1, 144 of 160) is green", () => {
    for (const [programmed, executed] of [
      [10, 9],
      [1, 0.9],
      [160, 144],
      [0.3, 0.27],
    ] as const) {
      expect(trafficLight(executionPct(programmed, executed))).toBe("green");
    }
  });

  it("exactly 75 % (3 of 4, 0.75 of 1) is amber", () => {
    expect(trafficLight(executionPct(4, 3))).toBe("amber");
    expect(trafficLight(executionPct(1, 0.75))).toBe("amber");
  });

  it("just over 110 % is over-execution; exactly 110 % is not", () => {
    expect(isOverExecution(executionPct(10, 11))).toBe(false);
    expect(isOverExecution(executionPct(10_000, 11_001))).toBe(true);
  });
});

describe("isOverExecution", () => {
  it.each([
    [null, false],
    [0, false],
    [100, false],
    [110, false],
    [110.0001, true],
    [130, true],
  ] as const)("%s % → %s", (pct, over) => {
    expect(isOverExecution(pct)).toBe(over);
  });
});

describe("per-institution thresholds", () => {
  const strict: Thresholds = { greenFrom: 95, amberFrom: 85, overExecutionAbove: 105 };
  const lenient: Thresholds = { greenFrom: 80, amberFrom: 60, overExecutionAbove: 150 };

  it.each([
    [96.8, "green", "green", false, false],
    [92, "amber", "green", false, false],
    [83.2, "red", "green", false, false],
    [62.5, "red", "amber", false, false],
    [57.1, "red", "red", false, false],
    [107, "green", "green", true, false],
    [151, "green", "green", true, true],
  ] as const)("%s % → strict %s, lenient %s", (pct, strictLight, lenientLight, strictOver, lenientOver) => {
    expect(trafficLight(pct, strict)).toBe(strictLight);
    expect(trafficLight(pct, lenient)).toBe(lenientLight);
    expect(isOverExecution(pct, strict)).toBe(strictOver);
    expect(isOverExecution(pct, lenient)).toBe(lenientOver);
  });

  it("amber equal to green leaves no amber band", () => {
    const noAmber = validateThresholds({ greenFrom: 80, amberFrom: 80, overExecutionAbove: 120 });
    expect(trafficLight(79.9, noAmber)).toBe("red");
    expect(trafficLight(80, noAmber)).toBe("green");
  });
});

describe("validateThresholds", () => {
  it("accepts the defaults and returns what it was given", () => {
    expect(validateThresholds(DEFAULT_THRESHOLDS)).toBe(DEFAULT_THRESHOLDS);
    expect(validateThresholds({ greenFrom: 100, amberFrom: 0, overExecutionAbove: 100 })).toBeTruthy();
  });

  it.each([
    [
      { greenFrom: 70, amberFrom: 75, overExecutionAbove: 110 },
      "amberFrom",
      "El umbral ámbar (75 %) no puede ser mayor que el verde (70 %).",
    ],
    [
      { greenFrom: 120, amberFrom: 75, overExecutionAbove: 110 },
      "greenFrom",
      "El umbral verde (120 %) no puede ser mayor que el de sobreejecución (110 %).",
    ],
    [
      { greenFrom: Number.NaN, amberFrom: 75, overExecutionAbove: 110 },
      "greenFrom",
      "El umbral verde debe ser un número.",
    ],
    [
      { greenFrom: 90, amberFrom: -5, overExecutionAbove: 110 },
      "amberFrom",
      "El umbral ámbar debe estar entre 0 % y 1000 % (es -5 %).",
    ],
    [
      { greenFrom: 90, amberFrom: 75, overExecutionAbove: Number.POSITIVE_INFINITY },
      "overExecutionAbove",
      "El umbral de sobreejecución debe ser un número.",
    ],
    [
      { greenFrom: 90, amberFrom: 75, overExecutionAbove: "110" as unknown as number },
      "overExecutionAbove",
      "El umbral de sobreejecución debe ser un número.",
    ],
  ])("rejects %j", (thresholds, field, message) => {
    let error: unknown;
    try {
      validateThresholds(thresholds);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "validation", field, message });
  });
});

it("labels the lights in Spanish", () => {
  expect(TRAFFIC_LIGHT_LABELS).toEqual({ green: "Verde", amber: "Ámbar", red: "Rojo" });
});
