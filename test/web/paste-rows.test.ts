import { describe, expect, it } from "vitest";
import { parsePastedRows, pastedNumber } from "../../web/src/components/formulation/paste-rows.js";

describe("rows pasted from a spreadsheet (Agregar actividades)", () => {
  it("reads numbers with either decimal mark", () => {
    expect(pastedNumber("1,234.5")).toBe(1234.5);
    expect(pastedNumber("1.234,5")).toBe(1234.5);
    expect(pastedNumber("12,5")).toBe(12.5);
    expect(pastedNumber("1,200")).toBe(1200);
    expect(pastedNumber(" 30 ")).toBe(30);
    expect(pastedNumber("")).toBeNull();
    expect(pastedNumber("abc")).toBeUndefined();
    expect(pastedNumber("-3")).toBeUndefined();
  });

  it("takes name, unit of measure and META, with or without the twelve months, and names what is wrong", () => {
    const months = ["1", "1", "1", "", "2", "2", "2", "", "", "", "", "3"];
    const rows = parsePastedRows(
      [
        "Fiscalización de predios\tInforme\t12",
        ["Campaña de cobranza", "Campaña", "12", ...months].join("\t"),
        "\tInforme\t4",
        "Capacitación\tTaller\tcuatro",
        "Mesa de partes\tExpediente\t5\t1\t2",
        ["Campaña de descuentos", "Campaña", "2", "", "", "1", "", "", "", "", "", "1", "", "", ""].join(
          "\t",
        ),
        "Atención\tConsulta\t9\t\t\t\t",
        `${["Visitas", "Visita", "3", ...months].join("\t")}\t\t`,
        "",
      ].join("\r\n"),
    );
    expect(rows).toEqual([
      { line: 1, name: "Fiscalización de predios", unitOfMeasure: "Informe", target: 12, months: null },
      {
        line: 2,
        name: "Campaña de cobranza",
        unitOfMeasure: "Campaña",
        target: 12,
        months: [1, 1, 1, null, 2, 2, 2, null, null, null, null, 3],
      },
      expect.objectContaining({ line: 3, problem: { key: "name" } }),
      expect.objectContaining({ line: 4, problem: { key: "number", column: 3, text: "cuatro" } }),
      expect.objectContaining({ line: 5, problem: { key: "columns", text: "5" } }),
      // A blank December is a month left blank, not a missing column.
      expect.objectContaining({
        line: 6,
        target: 2,
        months: [null, null, 1, null, null, null, null, null, 1, null, null, null],
      }),
      { line: 7, name: "Atención", unitOfMeasure: "Consulta", target: 9, months: null },
      expect.objectContaining({ line: 8, months: [1, 1, 1, null, 2, 2, 2, null, null, null, null, 3] }),
    ]);
  });
});
