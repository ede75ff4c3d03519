/**
 * A fuzz of the HTTP API driven by its OpenAPI document: every route, and in it every body
 * field, query field and path parameter, gets hostile values (control characters, lone
 * surrogates, huge and tiny numbers, wrong types, long strings, impossible dates) inside an
 * otherwise valid request from a super-admin, so the value travels as deep as the route lets
 * it. No answer may be a 500; every refusal is a problem document. A route added later is
 * fuzzed without anyone listing it.
 */
import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/connection.js";
import { buildApp } from "../../src/server/app.js";
import { openTestDatabase } from "../helpers/database.js";
import { type Client, PASSWORD } from "../helpers/server.js";
import {
  type ApiRoute,
  buildWalkWorld,
  type FieldSchema,
  OPEN_MONTH,
  openApiRoutes,
  type WalkWorld,
} from "../helpers/walk-world.js";

// Opened while the file is collected, so that each route is a test of its own name.
const database: Database = await openTestDatabase();
const app: FastifyInstance = await buildApp({ database, version: "test" });
await app.ready();
const routes: ApiRoute[] = openApiRoutes(app);
let world: WalkWorld;
let root: Client;

beforeAll(async () => {
  world = await buildWalkWorld(app, database.db);
  root = world.as("superAdmin") as Client;
}, 60_000);
afterAll(async () => {
  await app.close();
  await database.close();
});

const LONG = "ñ".repeat(5_000);
/** Values no field should choke on, whatever it expects. */
const HOSTILE: unknown[] = [
  "\u0000",
  "texto\u0000con nulo",
  "\u001b[31mrojo",
  "\ud800",
  "😀".repeat(300),
  LONG,
  "",
  " ",
  "1e1",
  "0000-01-01",
  "9999-12-31T23:59:59-05:00",
  "2026-02-30",
  "-1",
  3e9,
  2 ** 53 - 1,
  -(2 ** 53 - 1),
  1e308,
  -1,
  1e-7,
  0.12345,
  true,
  null,
  [],
  {},
  [[[[["hondo"]]]]],
  { $gt: "" },
];
/** What a query string or a path can carry: text only. */
const HOSTILE_TEXT = [
  "%00",
  "a%00b",
  "%1B",
  "%ED%A0%80",
  encodeURIComponent("😀".repeat(100)),
  "x".repeat(2_000),
  "1e1",
  "3000000000",
  "9007199254740993",
  "-1",
  "0",
  "0000-01-01",
  "2026-02-30",
  "true",
  "%20",
];

/** A valid value for a field, from its name and schema, pointing at the world's rows. */
function example(name: string, schema: FieldSchema): unknown {
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (schema.enum?.length) return schema.enum[0];
  if (name === "unitId") return world.units.child.id;
  if (name === "parentId") return world.units.root.id;
  if (name === "planId") return world.plans.running.id;
  if (name === "unitIds") return [world.units.child.id];
  if (name === "version") return 0;
  if (types.includes("array")) {
    const item = schema.items ?? {};
    return Array.from({ length: schema.minItems ?? 0 }, () =>
      item.type === undefined ? 1 : example(`${name}[]`, item),
    );
  }
  if (types.includes("object")) return bodyOf(schema);
  if (types.includes("boolean")) return false;
  if (types.includes("integer") || types.includes("number")) {
    return Math.min(Math.max(schema.minimum ?? 1, 1), schema.maximum ?? Number.MAX_SAFE_INTEGER);
  }
  if (/email/i.test(name)) return `fuzz-${randomUUID().slice(0, 8)}@alfa.gob.pe`;
  if (/password/i.test(name)) return name === "currentPassword" ? PASSWORD : `${PASSWORD}-nueva`;
  if (schema.format === "date" || /date|At$/.test(name)) return "2025-06-30";
  return world.unique("FUZZ");
}

/** The body's required fields with valid values. */
function bodyOf(schema: FieldSchema): Record<string, unknown> {
  const properties = schema.properties ?? {};
  return Object.fromEntries(
    (schema.required ?? []).map((name) => [name, example(name, properties[name] ?? {})]),
  );
}

type Targets = Record<string, string>;

/**
 * Path values that reach the route's own work: a draft activity where the programming is
 * edited, the running plan's activity where execution is recorded, fresh rows for the calls
 * that end them (a DELETE, a retirement, a status change).
 */
async function targetsFor(route: ApiRoute): Promise<Targets> {
  const { path, method } = route;
  const ending = method === "DELETE" || /\/(retire|approve|start|close|reject)$/.test(path);
  const targets: Targets = {
    institutionId: world.a.id,
    month: String(OPEN_MONTH),
    report: "poi",
    token: randomUUID(),
    id: world.plans.running.id,
    planId: world.plans.draft.id,
    activityId: world.activities.child.id,
    unitId: world.units.otherRoot.id,
    evidenceId: world.evidence.id,
  };
  if (/\/months\//.test(path)) targets.planId = world.plans.running.id;
  if (/\/plans\/\{planId\}\/(approve|start|close)$/.test(path))
    targets.planId = (await world.plan("draft")).id;
  if (/\/activities\/\{activityId\}(\/programmed)?$/.test(path)) {
    targets.activityId = ending
      ? (await world.activityIn(world.plans.draft.id, world.units.otherRoot.id)).id
      : world.activities.draft.id;
  }
  if (/\/units\/\{unitId\}/.test(path))
    targets.unitId = (await world.unit("FUZZ UNIDAD", world.units.root.id)).id;
  if (/\/users\/\{userId\}/.test(path)) targets.userId = (await world.member("viewer")).id;
  if (/\/reprogrammings\/\{id\}/.test(path)) targets.id = (await world.pendingReprogramming()).id;
  if (/\/auth\/tokens\/\{id\}/.test(path)) targets.id = (await world.apiToken(root)).info.id;
  if (/\/evidence\/\{evidenceId\}/.test(path) && ending)
    targets.evidenceId = (await world.editorEvidence()).id;
  return targets;
}

function fill(path: string, targets: Targets, replaced?: { name: string; value: string }): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) =>
    name === replaced?.name ? replaced.value : (targets[name] ?? randomUUID()),
  );
}

/** The super-admin, but a fresh one where the call would end or change its own session. */
async function callerFor(route: ApiRoute): Promise<Client> {
  if (/^\/api\/auth\/(logout|password)/.test(route.path)) return (await world.fresh("superAdmin")) as Client;
  return root;
}

type Failure = { request: string; status: number; body: string };

describe("API fuzz from the OpenAPI document", () => {
  it("covers the routes of the document", () => {
    expect(routes.length).toBeGreaterThan(40);
  });

  it.each(routes.map((route) => [route.key, route] as const))(
    "%s answers every hostile value without a 500",
    async (_key, route) => {
      const failures: Failure[] = [];
      const targets = await targetsFor(route);
      /** `payload`: a JSON text, sent as it is. */
      const call = async (what: string, url: string, payload?: string) => {
        const caller = await callerFor(route);
        const response = await app.inject({
          method: route.method,
          url,
          ...(payload !== undefined ? { payload } : {}),
          headers: {
            ...caller.headers,
            ...(payload !== undefined ? { "content-type": "application/json" } : {}),
          },
          cookies: caller.cookies,
        });
        const problem = String(response.headers["content-type"]).startsWith("application/problem+json");
        if (response.statusCode >= 500 || (response.statusCode >= 400 && !problem)) {
          failures.push({
            request: `${route.key} ${what}`,
            status: response.statusCode,
            body: response.body.slice(0, 300),
          });
        }
      };
      const base = route.jsonBody ? bodyOf(route.jsonBody) : undefined;
      const json = (body: unknown) => (body === undefined ? undefined : JSON.stringify(body));
      const url = fill(route.path, targets);

      for (const [field, schema] of Object.entries(route.jsonBody?.properties ?? {})) {
        for (const value of HOSTILE) {
          await call(
            `body.${field}=${JSON.stringify(value).slice(0, 40)}`,
            url,
            json({ ...base, [field]: value }),
          );
        }
        // And a valid value of its own, so the field's happy path is walked too.
        await call(`body.${field} valid`, url, json({ ...base, [field]: example(field, schema) }));
      }
      for (const { name } of route.parameters.filter((parameter) => parameter.in === "query")) {
        for (const value of HOSTILE_TEXT)
          await call(`?${name}=${value.slice(0, 40)}`, `${url}?${name}=${value}`, json(base));
      }
      for (const [, name] of route.path.matchAll(/\{(\w+)\}/g)) {
        for (const value of HOSTILE_TEXT) {
          const hostileUrl = fill(route.path, targets, { name: name as string, value });
          await call(`{${name}}=${value.slice(0, 40)}`, hostileUrl, json(base));
        }
      }
      if (route.jsonBody) {
        for (const body of ["null", "[]", '"texto"', "1e999", '{"a":'.repeat(2_000)]) {
          await call(`body ${body.slice(0, 20)}`, url, body);
        }
      }
      expect(failures).toEqual([]);
    },
    180_000,
  );
});
