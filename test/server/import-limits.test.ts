/**
 * The two documents that took the server down (findings 1 and 2), posted to the import API: a
 * preview with the refusal, and the server answering others meanwhile. Times: bench/limits.ts.
 */
import { describe, expect, it } from "vitest";
import { deepHtml, sparseRows } from "../fixtures/import/crafted.js";
import { utf8 } from "../fixtures/import/generate.js";
import { setUpPlanner, setUpTestServer } from "../helpers/server.js";

const server = setUpTestServer();
const municipality = setUpPlanner(server, "Municipalidad de Prueba");

function preview(bytes: Uint8Array, fileName: string) {
  return server.app.inject({
    method: "POST",
    url: `/api/imports?institutionId=${municipality.institution.id}&fileName=${encodeURIComponent(fileName)}`,
    payload: Buffer.from(bytes),
    headers: { "content-type": "application/octet-stream", ...municipality.planner.headers },
    cookies: municipality.planner.cookies,
  });
}

describe("import API limits", () => {
  it("previews the 9 KB xlsx of 24 sheets numbered to row 10,000,000 as a refusal", async () => {
    const response = await preview(await sparseRows(), "dispersas.xlsx");
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      importable: false,
      summary: { activities: 0, errors: 1 },
      problems: [
        {
          file: "dispersas.xlsx",
          sheet: "Hoja1",
          cell: "A10000000",
          severity: "error",
          message:
            "La hoja «Hoja1» llega a la fila 10,000,000; el máximo es 200,000 filas por hoja: divida el documento",
        },
      ],
    });
  });

  it("previews 2,000,000 nested <div> (10 MB) as a refusal, answering /api/health meanwhile", async () => {
    const importing = preview(utf8(deepHtml(2_000_000)), "anidado.xls");
    const health = await server.app.inject({ method: "GET", url: "/api/health" });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toMatchObject({ status: "ok" });
    const response = await importing;
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      importable: false,
      problems: [
        {
          file: "anidado.xls",
          message: "El documento tiene más de 256 elementos HTML uno dentro de otro, el máximo",
        },
      ],
    });
  });
});
