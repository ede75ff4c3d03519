import { describe, expect, it } from "vitest";
import { backOf, linkWithBack } from "../../web/src/back-link.js";

const back = (to: string) => backOf(new URL(to, "http://avance.test").searchParams);

describe("links with a way back", () => {
  it("carries the page with its query and returns to it", () => {
    const link = linkWithBack("/activities/a1", "/plans/p1?period=Q1&unit=GERENCIA DE FINANZAS");
    expect(link).toBe("/activities/a1?from=%2Fplans%2Fp1%3Fperiod%3DQ1%26unit%3DGERENCIA%20DE%20FINANZAS");
    expect(back(link)).toBe("/plans/p1?period=Q1&unit=GERENCIA DE FINANZAS");
    expect(back(linkWithBack("/activities/a1?tab=1", "/plans/p1/reports"))).toBe("/plans/p1/reports");
  });

  it("never returns to another site, nor without a page to return to", () => {
    for (const from of [
      "https://evil.example/",
      "//evil.example/",
      "/\\evil.example",
      "javascript:alert(1)",
    ]) {
      expect(back(linkWithBack("/activities/a1", from))).toBeUndefined();
    }
    expect(back("/activities/a1")).toBeUndefined();
  });
});
