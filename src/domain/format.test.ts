import { describe, expect, it } from "vitest";
import { formatPct, formatQuantity, NO_VALUE } from "./format.js";

describe("formatQuantity", () => {
  it.each([
    [6350, "6,350"],
    [1543, "1,543"],
    [12, "12"],
    [0, "0"],
    [12.5, "12.5"],
    [0.1 + 0.2, "0.3"],
    [1234567.8912, "1,234,567.8912"],
    [1000.00004, "1,000"],
    [-1543, "-1,543"],
    [-0.00001, "0"],
    [null, NO_VALUE],
  ])("%s → %s", (value, text) => {
    expect(formatQuantity(value)).toBe(text);
  });

  it("takes fewer decimals when asked", () => {
    expect(formatQuantity(2.345, 1)).toBe("2.3");
    expect(formatQuantity(1999.96, 1)).toBe("2,000");
  });
});

describe("formatPct", () => {
  it.each([
    [(1494 * 100) / 1543, "96.8 %"],
    [62.5, "62.5 %"],
    [(8 * 100) / 14, "57.1 %"],
    [(149 * 100) / 162, "92.0 %"],
    [100, "100.0 %"],
    [1234.56, "1,234.6 %"],
    [89.96, "90.0 %"],
    [0, "0.0 %"],
    [null, "—"],
  ])("%s → %s", (pct, text) => {
    expect(formatPct(pct)).toBe(text);
  });

  it("takes other decimals when asked", () => {
    expect(formatPct(96.8243, 0)).toBe("97 %");
    expect(formatPct(96.8243, 2)).toBe("96.82 %");
  });
});
