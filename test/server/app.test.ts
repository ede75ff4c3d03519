import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/connection.js";
import { buildApp } from "../../src/server/app.js";
import { openTestDatabase, testDatabaseUrl } from "../helpers/database.js";

let database: Database;
let app: FastifyInstance;
beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildApp({ database, version: "test" });
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe("server skeleton", () => {
  it("reports the database kind and migration version", async () => {
    const response = await app.inject({ method: "GET", url: "/api/health" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      status: "ok",
      version: "test",
      database: testDatabaseUrl ? "postgresql" : "pglite",
      migration: "0001_audit_log_append_only",
      migrations: { applied: 2, known: 2 },
    });
  });

  it("serves the OpenAPI document at /api/docs", async () => {
    const response = await app.inject({ method: "GET", url: "/api/docs/json" });
    expect(response.statusCode).toBe(200);
    expect(response.json().paths).toHaveProperty("/api/health");
  });

  it("answers an unknown route with Spanish problem details", async () => {
    const response = await app.inject({ method: "GET", url: "/api/nada" });
    expect(response.statusCode).toBe(404);
    expect(response.headers["content-type"]).toContain("application/problem+json");
    expect(response.json()).toEqual({
      type: "not_found",
      title: "No encontrado",
      status: 404,
      detail: "No existe GET /api/nada",
    });
  });
});
