/**
 * Inputs the database cannot hold are refused with a 400 naming the field, never a 500: a
 * control character (U+0000 above all, which PostgreSQL's text cannot store) in any text of a
 * body, a query or a path; whole numbers beyond an `integer` column; dates outside years
 * 0001–9999. And a failed query's log line never quotes the values it was sent.
 */
import { Writable } from "node:stream";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../src/db/connection.js";
import { users } from "../../src/db/schema.js";
import { type Client, setUpTestServer } from "../helpers/server.js";
import { buildWalkWorld, OPEN_MONTH, type WalkWorld } from "../helpers/walk-world.js";

let world: WalkWorld;
let root: Client;
const logLines: string[] = [];
const stream = new Writable({
  write(chunk, _encoding, done) {
    logLines.push(String(chunk));
    done();
  },
});
const server = setUpTestServer({ app: { logger: { level: "error", stream } } });

beforeAll(async () => {
  // A route whose insert fails at the database with secrets among its parameters.
  server.app.post("/test/failing-insert", async () => {
    await server.database.db.insert(users).values([
      { email: "doble@ejemplo.gob.pe", name: "Doble", passwordHash: "$argon2id$v=19$secreto-uno" },
      { email: "doble@ejemplo.gob.pe", name: "Doble", passwordHash: "$argon2id$v=19$secreto-dos" },
    ]);
    return {};
  });
  await server.app.ready();
  world = await buildWalkWorld(server.app, server.database.db);
  root = world.as("superAdmin") as Client;
}, 60_000);
type Call = { method: "GET" | "POST" | "PATCH" | "PUT"; url: string; payload?: object; as?: Client | null };

function send({ method, url, payload, as = root }: Call) {
  return server.app.inject({
    method,
    url,
    ...(payload ? { payload } : {}),
    headers: as?.headers ?? {},
    cookies: as?.cookies ?? {},
  });
}

const NUL = "nombre\u0000con nulo";

describe("control characters", () => {
  const cases: Record<string, () => Call & { field: string }> = {
    "unit name": () => ({
      method: "POST",
      url: `${world.base}/units`,
      payload: { name: NUL },
      field: "name",
    }),
    "activity name": () => ({
      method: "POST",
      url: `${world.base}/plans/${world.plans.draft.id}/activities`,
      payload: { unitId: world.units.child.id, name: NUL },
      field: "name",
    }),
    "plan title": () => ({
      method: "POST",
      url: `${world.base}/plans`,
      payload: { year: 2025, kind: "POA", title: NUL },
      field: "title",
    }),
    "institution name": () => ({
      method: "POST",
      url: "/api/institutions",
      payload: { name: NUL },
      field: "name",
    }),
    "user name": () => ({
      method: "POST",
      url: `${world.base}/users`,
      payload: { email: "nuevo-nulo@alfa.gob.pe", name: NUL, role: "viewer" },
      field: "name",
    }),
    "API token name": () => ({
      method: "POST",
      url: "/api/auth/tokens",
      payload: { name: NUL },
      field: "name",
    }),
    "execution comment": () => ({
      method: "PUT",
      url: `${world.base}/activities/${world.activities.child.id}/execution/${OPEN_MONTH}`,
      payload: { value: 3, comment: NUL, version: 0 },
      field: "comment",
    }),
    "login e-mail": () => ({
      method: "POST",
      url: "/api/auth/login",
      payload: { email: "a\u0000@alfa.gob.pe", password: "x" },
      as: null,
      field: "email",
    }),
    "audit action": () => ({ method: "GET", url: `${world.base}/audit?action=create%00`, field: "action" }),
    "activities q": () => ({
      method: "GET",
      url: `${world.base}/plans/${world.plans.running.id}/activities?q=a%00b`,
      field: "q",
    }),
    "a bell (U+0007) in a unit name": () => ({
      method: "POST",
      url: `${world.base}/units`,
      payload: { name: "UNIDAD \u0007" },
      field: "name",
    }),
  };
  for (const [what, make] of Object.entries(cases)) {
    it(`refuses one in the ${what} with a 400 naming the field`, async () => {
      const { field, ...call } = make();
      const response = await send(call);
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json()).toMatchObject({ type: "validation", field });
      expect(response.json().detail).toMatch(/carácter de control \(U\+00(00|07)\)/);
    });
  }

  it("keeps tabs and line breaks of a multi-line text", async () => {
    const response = await send({
      method: "POST",
      url: `${world.base}/units`,
      payload: { name: "UNIDAD\tCON TABULADOR", responsible: "Ana\r\nLuis" },
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ name: "UNIDAD\tCON TABULADOR", responsible: "Ana\r\nLuis" });
  });
});

describe("numbers and dates the database holds", () => {
  const activityUrl = () => `${world.base}/plans/${world.plans.draft.id}/activities`;
  for (const priority of [3e9, 2 ** 53 - 1, -3e9]) {
    it(`refuses priority ${priority} (beyond an integer column) with a 400`, async () => {
      const response = await send({
        method: "POST",
        url: activityUrl(),
        payload: { unitId: world.units.child.id, name: `PRIORIDAD ${priority}`, priority },
      });
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json()).toMatchObject({ field: "priority" });
      expect(response.json().detail).toContain("Debe estar entre -2147483648 y 2147483647");
    });
  }

  it("takes the largest priority an integer column holds", async () => {
    const response = await send({
      method: "POST",
      url: activityUrl(),
      payload: { unitId: world.units.child.id, name: "PRIORIDAD MÁXIMA", priority: 2_147_483_647 },
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().priority).toBe(2_147_483_647);
  });

  it.each([
    ["audit?from=0000-01-01", "from"],
    ["audit?to=0000-12-31T10:00:00Z", "to"],
  ])("refuses the year 0 in %s", async (query, field) => {
    const response = await send({ method: "GET", url: `${world.base}/${query}` });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json()).toMatchObject({ field });
    expect(response.json().detail).toContain("entre los años 0001 y 9999");
  });

  it("refuses an activity starting in the year 0", async () => {
    const response = await send({
      method: "POST",
      url: activityUrl(),
      payload: { unitId: world.units.child.id, name: "FECHA CERO", startDate: "0000-03-01" },
    });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json()).toMatchObject({ field: "startDate" });
  });
});

describe("the error log", () => {
  it("names the failed query without its parameters", async () => {
    const response = await server.app.inject({ method: "POST", url: "/test/failing-insert" });
    expect(response.statusCode).toBe(500);
    const lines = logLines.join("");
    expect(lines).toContain("request failed");
    expect(lines).toContain('insert into \\"users\\"');
    expect(lines).toContain("users_email_key");
    expect(lines).toContain("params: [omitidos]");
    expect(lines).not.toContain("argon2id");
    expect(lines).not.toContain("doble@ejemplo.gob.pe");
    const [count] = await queryRows<{ n: number }>(
      server.database.db,
      sql`select count(*)::int as n from users where email = 'doble@ejemplo.gob.pe'`,
    );
    expect(count?.n).toBe(0);
  });
});
