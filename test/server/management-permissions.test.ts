import { beforeAll, describe, expect, it } from "vitest";
import { buildManagementWorld, call, type ManagementWorld, NOT_FOUND } from "../helpers/management-world.js";
import { setUpTestServer } from "../helpers/server.js";

const server = setUpTestServer();
let world: ManagementWorld;

beforeAll(async () => {
  world = await buildManagementWorld(server.app, server.database.db);
});

/** The management routes: not execution, months, reprogramming or evidence (their own tests). */
const MANAGEMENT =
  /^\/api\/institutions(\/\{institutionId\}(\/(units|plans|activities|users)(\/\{\w+\}(\/(retire|approve|start|close|activities|programmed))?)?)?)?$/;

type Operation = { requestBody?: unknown };

async function managementRoutes() {
  const document = (await server.app.inject({ method: "GET", url: "/api/docs/json" })).json() as {
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
        server.app,
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
      const response = await call(
        server.app,
        world.stranger,
        route.method,
        concrete(route.path, world.mine.id),
      );
      expect(response.statusCode, `${route.method} ${route.path}`).toBe(404);
      expect(response.json()).toEqual(NOT_FOUND);
    }
  });
});
