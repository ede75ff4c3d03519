import { describe, expect, it } from "vitest";
import { decodeText, detectDelimiter } from "../../src/import/text.js";
import { cleanCell, numberEvidence, readDate, readNumber } from "../../src/import/values.js";

describe("readNumber", () => {
  const comma = { decimal: "," } as const;
  const dot = { decimal: "." } as const;
  it.each([
    ["6,350", dot, 6350],
    ["6.350", comma, 6350],
    ["6,350", comma, 6.35],
    ["1 543", comma, 1543],
    ["1\u00a0543,5", comma, 1543.5],
    ["1.234.567,89", comma, 1234567.89],
    ["12,5", comma, 12.5],
    ["45%", dot, 45],
    ["-7", dot, -7],
    ["(7)", dot, -7],
    ["S/ 1,200.50", dot, 1200.5],
    ["0", dot, 0],
    ["", dot, null],
    ["  ", dot, null],
    ["dos", dot, undefined],
    ["1.5", comma, undefined],
    ["12,34,5", dot, undefined],
    ["=SUM(A1:A3)", dot, undefined],
  ] as const)("%s with decimal %o → %s", (text, style, expected) => {
    expect(readNumber(text, style)).toBe(expected);
  });
});

describe("numberEvidence", () => {
  it.each([
    [["1", "12,5"], { style: { decimal: "," }, conflict: false }],
    [["1.234,5"], { style: { decimal: "," }, conflict: false }],
    [["1,234,567"], { style: { decimal: "." }, conflict: false }],
    [["0,350"], { style: { decimal: "," }, conflict: false }],
    [["6,350", "1,543"], { ambiguous: ",", example: "6,350", conflict: false }],
    [["12", "1 543", "45%"], { conflict: false }],
    [["12,5", "12.5"], { style: { decimal: "," }, conflict: true }],
  ] as const)("%o", (texts, expected) => {
    expect(numberEvidence(texts)).toEqual(expected);
  });
});

describe("readDate", () => {
  it.each([
    ["03 de enero de 2023", "2023-01-03"],
    ["03 de enero.", "2023-01-03"],
    ["30 de enero", "2023-01-30"],
    ["23 de Diciembre del 2023", "2023-12-23"],
    ["<b>1° de setiembre</b>", "2023-09-01"],
    ["03/02/2023", "2023-02-03"],
    ["3-2-23", "2023-02-03"],
    ["03/02", "2023-02-03"],
    ["2023-02-03", "2023-02-03"],
    ["15-ENE-2023", "2023-01-15"],
    ["Febrero", "2023-02-01"],
    ["31/02/2023", undefined],
    ["todo el año", undefined],
  ])("%s → %s", (text, iso) => {
    expect(readDate(text, 2023, "start")?.iso).toBe(iso);
  });

  it("a month alone ends on its last day", () => {
    expect(readDate("Febrero", 2024, "end")?.iso).toBe("2024-02-29");
  });

  it("says whether the year was written", () => {
    expect(readDate("03 de enero", 2023, "start")).toEqual({
      iso: "2023-01-03",
      year: 2023,
      explicitYear: false,
    });
    expect(readDate("03/01/2024", 2023, "start")).toEqual({
      iso: "2024-01-03",
      year: 2024,
      explicitYear: true,
    });
    expect(readDate("", 2023, "start")).toBeNull();
  });
});

describe("text cells and files", () => {
  it("cleans extraction debris and keeps the text", () => {
    expect(cleanCell("<b>DEPARTAMENTO DE:</b> Unidad de  Mora ")).toBe("DEPARTAMENTO DE: Unidad de Mora");
    expect(cleanCell("**PLAN OPERATIVO ANUAL 2023.**")).toBe("PLAN OPERATIVO ANUAL 2023.");
    expect(cleanCell("Obras &amp; Servicios")).toBe("Obras & Servicios");
    expect(cleanCell("6 < 7")).toBe("6 < 7");
  });

  it("detects the delimiter that splits lines alike, not the one inside numbers", () => {
    expect(detectDelimiter(["A\tB\t6,350", "C\tD\t1,543"])).toBe("\t");
    expect(detectDelimiter(["A;B;6,350", "C, y D;E;1,5"])).toBe(";");
    expect(detectDelimiter(['A,B,"6,350"', 'C,"D; E","1,5"'])).toBe(",");
  });

  it("decodes Windows-1252 and UTF-8 with or without BOM alike", () => {
    const latin1 = new Uint8Array([0x4f, 0x52, 0x47, 0x41, 0x4e, 0xd3]);
    expect(decodeText(latin1)).toBe("ORGANÓ");
    expect(decodeText(new TextEncoder().encode("\uFEFFORGANÓ"))).toBe("ORGANÓ");
    expect(decodeText(new TextEncoder().encode("ORGANÓ"))).toBe("ORGANÓ");
  });
});
