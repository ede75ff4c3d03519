import { readFileSync } from "node:fs";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { activities } from "../../src/db/schema.js";
import { buildInstitution } from "../helpers/factories.js";
import { type Client, loginAs, setUpPlanner, setUpTestServer } from "../helpers/server.js";

const seed = readFileSync("samples/004_72e0f0e913d1a590.txt");

const server = setUpTestServer();
const sat = setUpPlanner(server, "SAT Piura");

function preview(
  client: Client | undefined,
  bytes: Buffer | Uint8Array,
  fileName = "004.txt",
  institutionId = sat.institution.id,
) {
  return server.app.inject({
    method: "POST",
    url: `/api/imports?institutionId=${institutionId}&fileName=${encodeURIComponent(fileName)}`,
    payload: Buffer.from(bytes),
    headers: { "content-type": "text/plain", ...(client?.headers ?? {}) },
    cookies: client?.cookies ?? {},
  });
}

function commit(client: Client, token: string, body: object = {}) {
  return server.app.inject({
    method: "POST",
    url: `/api/imports/${token}/commit`,
    payload: body,
    headers: client.headers,
    cookies: client.cookies,
  });
}

describe("import API", () => {
  it("previews seed 004, then commits exactly that preview", async () => {
    const response = await preview(sat.planner, seed);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      importable: true,
      skippable: 0,
      summary: { kind: "POI", year: 2021, units: 24, activities: 78, annualTarget: 6350, errors: 0 },
    });
    expect(body.summary.programmed.slice(0, 3).reduce((a: number, b: number) => a + b, 0)).toBe(1543);
    expect(body.summary.executed.slice(0, 3).reduce((a: number, b: number) => a + b, 0)).toBe(1494);
    expect(
      await server.database.db
        .select()
        .from(activities)
        .where(eq(activities.institutionId, sat.institution.id)),
    ).toHaveLength(0);

    const committed = await commit(sat.planner, body.token);
    expect(committed.statusCode).toBe(200);
    expect(committed.json()).toMatchObject({
      status: "imported",
      activities: { created: 78, updated: 0, unchanged: 0 },
    });
    expect(
      await server.database.db
        .select()
        .from(activities)
        .where(eq(activities.institutionId, sat.institution.id)),
    ).toHaveLength(78);
    // A preview commits once; its token says so afterwards.
    const again = await commit(sat.planner, body.token);
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toBe(
      "004.txt: esta vista previa ya se importó; para importar el archivo otra vez, vuelva a subirlo.",
    );
  });

  it("shows problems on their rows and imports rows in error only when asked to skip them", async () => {
    const text = seed.toString("utf8").replace("\t49\t2\t2\t4\t", "\t49\t-2\t2\t4\t");
    const response = await preview(sat.planner, Buffer.from(text), "004-negativo.txt");
    const body = response.json();
    expect(body.importable).toBe(false);
    expect(body.skippable).toBe(1);
    expect(body.problems).toContainEqual(
      expect.objectContaining({
        severity: "error",
        line: 8,
        column: "PROGRAMADO ENE",
        message: "Número negativo en PROGRAMADO ENE: -2",
      }),
    );
    const refused = await commit(sat.planner, body.token);
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ field: "skipErrorRows" });
    const accepted = await commit(sat.planner, body.token, { skipErrorRows: true });
    expect(accepted.json()).toMatchObject({ status: "imported", skipped: 1 });
  });

  it("reads Windows-1252 bytes as sent", async () => {
    const latin1 = Buffer.from(seed.toString("utf8"), "latin1");
    const ascii = Buffer.from(
      seed
        .toString("utf8")
        .split("")
        .map((char) => (char.charCodeAt(0) < 256 ? char : "?"))
        .join(""),
      "latin1",
    );
    expect(latin1.length).toBe(ascii.length);
    const body = (await preview(sat.planner, ascii, "004-latin1.txt")).json();
    expect(body.summary).toMatchObject({ activities: 78, annualTarget: 6350 });
    expect(body.units.map((unit: { name: string }) => unit.name)).toContain("GERENCIA DE INFORMÁTICA");
  });

  it("refuses without a session, without CSRF, to a viewer, and hides other institutions", async () => {
    expect((await preview(undefined, seed)).statusCode).toBe(401);
    const noCsrf = await server.app.inject({
      method: "POST",
      url: `/api/imports?institutionId=${sat.institution.id}&fileName=004.txt`,
      payload: seed,
      headers: { "content-type": "text/plain" },
      cookies: sat.planner.cookies,
    });
    expect(noCsrf.statusCode).toBe(403);
    const viewer = await loginAs(server.app, server.database.db, "viewer", sat.institution.slug);
    expect((await preview(viewer, seed)).statusCode).toBe(403);
    const other = await buildInstitution(server.database.db, { name: "Otra municipalidad" });
    const stranger = await loginAs(server.app, server.database.db, "planner", other.slug);
    expect((await preview(stranger, seed)).statusCode).toBe(404);
    // A preview belongs to who made it.
    const mine = (await preview(sat.planner, seed)).json();
    expect((await commit(stranger, mine.token)).statusCode).toBe(404);
  });

  it("answers a file that is not a plan with one clear sentence", async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    const response = await preview(sat.planner, png, "foto.png");
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      importable: false,
      summary: { activities: 0 },
      problems: [
        {
          severity: "error",
          file: "foto.png",
          message: "El archivo no es un documento de texto ni una hoja de cálculo",
        },
      ],
    });
  });
});
