import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { testDatabaseUrl } from "../helpers/database.js";
import { setUpTestServer } from "../helpers/server.js";

const server = setUpTestServer();

const journal = JSON.parse(readFileSync("drizzle/meta/_journal.json", "utf8")) as {
  entries: { tag: string }[];
};
const latest = journal.entries.at(-1) as { tag: string };

describe("server skeleton", () => {
  it("reports the database kind and migration version", async () => {
    const response = await server.app.inject({ method: "GET", url: "/api/health" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      status: "ok",
      version: "test",
      database: testDatabaseUrl ? "postgresql" : "pglite",
      migration: latest.tag,
      migrations: { applied: journal.entries.length, known: journal.entries.length },
    });
  });

  it("serves the OpenAPI document at /api/docs", async () => {
    const response = await server.app.inject({ method: "GET", url: "/api/docs/json" });
    expect(response.statusCode).toBe(200);
    expect(response.json().paths).toHaveProperty("/api/health");
  });

  it("answers an unknown route with Spanish problem details", async () => {
    const response = await server.app.inject({ method: "GET", url: "/api/nada" });
    expect(response.statusCode).toBe(404);
    expect(response.headers["content-type"]).toContain("application/problem+json");
    expect(response.json()).toEqual({
      type: "not_found",
      title: "No encontrado",
      status: 404,
      detail: "No existe GET /api/nada",
      code: "route_not_found",
      params: { method: "GET", url: "/api/nada" },
    });
  });
});
