/**
 * Walks every documented management route (institutions, units, plans, activities, users) and
 * holds it to the rule of `src/server/auth/permissions.ts`: no session is a 401 whatever the
 * body, and a member of another institution gets the tenant 404 (routes without a body; with
 * one, the body is validated first, which tells nothing about the institution).
 */
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/connection.js";
import { buildApp } from "../../src/server/app.js";
import { openTestDatabase } from "../helpers/database.js";
import { buildManagementWorld, call, type ManagementWorld, NOT_FOUND } from "../helpers/management-world.js";

let database: Database;
let app: FastifyInstance;
let world: ManagementWorld;

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildApp({ database, version: "test" });
  world = await buildManagementWorld(app, database.db);
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

/** The management routes: not execution, months, reprogramming or evidence (their own tests). */
const MANAGEMENT =
  /^\/api\/institutions(\/\{institutionId\}(\/(units|plans|activities|users)(\/\{\w+\}(\/(retire|approve|start|close|activities|programmed))?)?)?)?$/;

type Operation = { requestBody?: unknown };

async function managementRoutes() {
  const document = (await app.inject({ method: "GET", url: "/api/docs/json" })).json() as {
    paths: Record<string, Record<string, Operation>>;
  };
  return Object.entries(document.paths)
    .filter(([path]) => MANAGEMENT.test(path))
    .flatMap(([path, operations]) =>
      Object.entries(operations).map(([method, operation]) => ({
        method: method.toUpperCase() as "GET" | "POST" | "PATCH" | "PUT" | "DELETE",
        path,
        hasBody: operation.requestBody !== undefined,
      })),
    );
}

function concrete(path: string, institutionId: string) {
  return path
    .replace("{institutionId}", institutionId)
    .replace(/\{\w+\}/g, "00000000-0000-4000-8000-000000000000");
}

describe("every management route", () => {
  it("is found in the OpenAPI document", async () => {
    expect((await managementRoutes()).length).toBe(25);
  });

  it("answers 401 without a session, whatever the body", async () => {
    for (const route of await managementRoutes()) {
      const response = await call(
        app,
        undefined,
        route.method,
        concrete(route.path, world.mine.id),
        route.hasBody ? { x: 1 } : undefined,
      );
      expect(response.statusCode, `${route.method} ${route.path}`).toBe(401);
    }
  });

  it("answers the tenant 404 to a member of another institution", async () => {
    for (const route of (await managementRoutes()).filter(
      (r) => !r.hasBody && r.path.includes("{institutionId}"),
    )) {
      const response = await call(app, world.stranger, route.method, concrete(route.path, world.mine.id));
      expect(response.statusCode, `${route.method} ${route.path}`).toBe(404);
      expect(response.json()).toEqual(NOT_FOUND);
    }
  });
});
