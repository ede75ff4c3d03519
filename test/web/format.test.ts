import { describe, expect, it } from "vitest";
import { en } from "../../web/src/i18n/en.js";
import { es } from "../../web/src/i18n/es.js";
import { formattersFor } from "../../web/src/i18n/format.js";

describe("figures in the web app", () => {
  it("writes Spanish as the reports do for the institution's locale", () => {
    const peru = formattersFor("es", "es-PE");
    expect(peru.pct(96.82)).toBe("96.8 %");
    expect(peru.quantity(1543)).toBe("1,543");
    expect(peru.threshold(110)).toBe("110 %");
    const colombia = formattersFor("es", "es-CO");
    expect(colombia.pct(96.82)).toBe("96,8 %");
    expect(colombia.quantity(6350.5)).toBe("6.350,5");
  });

  it("writes English with its separators and no space before the sign", () => {
    const english = formattersFor("en", "es-CO");
    expect(english.pct(96.82)).toBe("96.8%");
    expect(english.quantity(6350.5)).toBe("6,350.5");
    expect(english.threshold(87.5)).toBe("87.5%");
  });

  it("rounds once, as the reports: 192 of 202 (95.05 in the JSON) is 95.0 in both languages", () => {
    expect(formattersFor("es").pct(95.05)).toBe("95.0 %");
    expect(formattersFor("en").pct(95.05)).toBe("95.0%");
  });

  it("shows — for a % with nothing programmed and a quantity never registered, never 0", () => {
    for (const language of ["es", "en"] as const) {
      expect(formattersFor(language).pct(null)).toBe("—");
      expect(formattersFor(language).quantity(null)).toBe("—");
    }
  });

  it("has every text in both catalogs, with the same placeholders", () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
    expect(Object.keys(en).sort()).toEqual(Object.keys(es).sort());
    for (const [key, text] of Object.entries(es)) {
      expect(en[key as keyof typeof en].trim(), key).not.toBe("");
      expect(placeholders(en[key as keyof typeof en]), key).toEqual(placeholders(text));
    }
  });
});
