/** Folding names and headers: what two spellings of the same unit or activity have in common. */
import { describe, expect, it } from "vitest";
import { fold } from "./normalize.js";

describe("fold", () => {
  it.each([
    ["  Órgano/Unidad\tOrgánica ", "ORGANO/UNIDAD ORGANICA"],
    ["<b>Gerencia</b> de  Rentas", "GERENCIA DE RENTAS"],
    ["Ñandú\u00a0año", "NANDU ANO"],
    ["straße", "STRASSE"],
    ["Łódź", "ŁODZ"],
    ["e\u0301xito", "EXITO"],
    ["ACTIVIDAD OPERATIVA NÚMERO 7", "ACTIVIDAD OPERATIVA NUMERO 7"],
    ["", ""],
  ])("%j → %j", (text, folded) => {
    expect(fold(text)).toBe(folded);
  });

  it("gives every Latin-1 character what Unicode decomposition gives it", () => {
    for (let code = 0; code < 256; code++) {
      const text = `a${String.fromCharCode(code)}b`;
      const reference = text
        .normalize("NFD")
        .replace(/[\u0300-\u036f]/g, "")
        .toUpperCase()
        .replace(/\s+/g, " ")
        .trim();
      expect(fold(text), `U+${code.toString(16).padStart(4, "0")}`).toBe(reference);
    }
  });
});
