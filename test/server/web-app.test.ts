import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliCompressSync } from "node:zlib";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/connection.js";
import { buildApp } from "../../src/server/app.js";
import { openTestDatabase } from "../helpers/database.js";

// A stand-in for dist/web: what `vite build` writes, without building it.
const webRoot = mkdtempSync(join(tmpdir(), "avance-web-"));
mkdirSync(join(webRoot, "assets"));
writeFileSync(
  join(webRoot, "index.html"),
  '<!doctype html><div id="root"></div><script src="/assets/app-1a2b.js"></script>',
);
writeFileSync(join(webRoot, "assets", "app-1a2b.js"), "console.log('avance')");
writeFileSync(join(webRoot, "assets", "app-1a2b.js.br"), brotliCompressSync("console.log('avance')"));

let database: Database;
let app: FastifyInstance;
let unbuilt: FastifyInstance;
beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildApp({ database, version: "test", webRoot });
  unbuilt = await buildApp({ database, version: "test", webRoot: join(webRoot, "missing") });
});
afterAll(async () => {
  await app?.close();
  await unbuilt?.close();
  await database?.close();
  rmSync(webRoot, { recursive: true, force: true });
});

describe("the web app at /", () => {
  it("serves index.html at / with a content security policy and no caching", async () => {
    const response = await app.inject({ method: "GET", url: "/" });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toContain("text/html");
    expect(response.body).toContain('<div id="root">');
    expect(response.headers["content-security-policy"]).toContain("script-src 'self'");
    expect(response.headers["cache-control"]).toBe("no-cache");
  });

  it("answers index.html for a page of the app, so that a link or a reload opens it", async () => {
    for (const url of [
      "/plans/3f0c7c4e-2a59-4a39-9f0e-1d1b3c0a9b11?period=Q1",
      "/import",
      "/setup?token=abc",
    ]) {
      const response = await app.inject({ method: "GET", url });
      expect(response.statusCode, url).toBe(200);
      expect(response.body, url).toContain('<div id="root">');
    }
  });

  it("serves the hashed assets cached for a year", async () => {
    const response = await app.inject({ method: "GET", url: "/assets/app-1a2b.js" });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe("console.log('avance')");
    expect(response.headers["cache-control"]).toContain("immutable");
  });

  it("sends the build's precompressed file to a browser that accepts it", async () => {
    const response = await app.inject({
      method: "GET",
      url: "/assets/app-1a2b.js",
      headers: { "accept-encoding": "br, gzip" },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-encoding"]).toBe("br");
    expect(response.rawPayload).toEqual(brotliCompressSync("console.log('avance')"));
  });

  it("keeps 404 problem details for unknown API routes and missing files", async () => {
    for (const url of ["/api/nada", "/api/plans/x/nada", "/assets/borrado-123.js", "/favicon.ico"]) {
      const response = await app.inject({ method: "GET", url });
      expect(response.statusCode, url).toBe(404);
      expect(response.headers["content-type"], url).toContain("application/problem+json");
      expect(response.json().detail, url).toBe(`No existe GET ${url}`);
    }
  });

  it("says in Spanish how to build the app when dist/web is missing, and the API still answers", async () => {
    const page = await unbuilt.inject({ method: "GET", url: "/" });
    expect(page.statusCode).toBe(503);
    expect(page.body).toContain("npm run build");
    const health = await unbuilt.inject({ method: "GET", url: "/api/health" });
    expect(health.statusCode).toBe(200);
  });
});
