/**
 * The report cache never serves figures older than the database's: every kind of write that
 * changes a report (execution, month close, reprogramming approval, thresholds, an import)
 * changes the next answer, and a second app instance over the same database (its own cache; on
 * PostgreSQL its own connections) sees the first one's writes at once. Unchanged figures are
 * served from the cache: the same bytes, issue time included.
 */
import { readFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase, queryRows } from "../../src/db/connection.js";
import { buildApp } from "../../src/server/app.js";
import type { RenderedReport } from "../../src/services/reports/render-report.js";
import { createReportCache } from "../../src/services/reports/report-cache.js";
import { openTestDatabase } from "../helpers/database.js";
import { buildExecutionWorld, call, type ExecutionWorld } from "../helpers/execution-world.js";
import { type Client, loginAs } from "../helpers/server.js";

let database: Database;
/** A second server instance: on PostgreSQL over a pool of its own. */
let secondDatabase: Database | undefined;
let app: FastifyInstance;
let second: FastifyInstance;
let world: ExecutionWorld;
let admin: Client;

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildApp({ database, version: "test" });
  world = await buildExecutionWorld(app, database.db);
  admin = await loginAs(app, database.db, "admin", world.institution.slug);
  if (database.kind === "postgresql" && process.env.TEST_DATABASE_URL) {
    const [{ name } = { name: "" }] = await queryRows<{ name: string }>(
      database.db,
      sql`select current_database() as name`,
    );
    const url = new URL(process.env.TEST_DATABASE_URL);
    url.pathname = `/${name}`;
    secondDatabase = await openDatabase({ url: url.toString() });
  }
  second = await buildApp({ database: secondDatabase ?? database, version: "test" });
});
afterAll(async () => {
  await second?.close();
  await secondDatabase?.close();
  await app?.close();
  await database?.close();
});

type PoiJson = {
  issuedAt: string;
  period: { label: string };
  totals: { programmed: number; executed: number | null; light: string | null };
};

async function poi(period: string, instance = app, planId = world.plan.id): Promise<PoiJson> {
  const response = await call(
    instance,
    world.clients.viewer,
    "GET",
    `/api/plans/${planId}/reports/poi?period=${period}&format=json`,
  );
  expect(response.statusCode).toBe(200);
  return response.json();
}

const execution = (month: number, value: number, version = 0) =>
  call(app, world.clients.editor, "PUT", `${world.base}/activities/${world.activity.id}/execution/${month}`, {
    value,
    version,
  });

describe("report cache", () => {
  it("serves unchanged figures from the cache: the same answer, issue time included", async () => {
    const first = await poi("Q1");
    const again = await poi("Q1");
    expect(again).toEqual(first);
    expect(first.totals.executed).toBeNull();
  });

  it("answers with an execution write at once, on both instances", async () => {
    const before = await poi("Q1");
    await poi("Q1", second);
    expect((await execution(1, 5)).statusCode).toBe(200);
    expect((await poi("Q1")).totals.executed).toBe(5);
    expect((await poi("Q1", second)).totals.executed).toBe(5);
    expect((await poi("Q1")).issuedAt > before.issuedAt).toBe(true);
  });

  it("answers with a write through the other instance", async () => {
    await poi("Q1");
    const response = await call(
      second,
      world.clients.editor,
      "PUT",
      `${world.base}/activities/${world.activity.id}/execution/2`,
      { value: 7, version: 0 },
    );
    expect(response.statusCode).toBe(200);
    expect((await poi("Q1")).totals.executed).toBe(12);
  });

  it("answers with a month closed (the year to date moves)", async () => {
    const close = (month: number) =>
      call(app, world.clients.planner, "POST", `${world.base}/plans/${world.plan.id}/months/${month}/close`);
    expect((await close(1)).statusCode).toBe(200);
    const january = await poi("YTD");
    expect(january.totals.executed).toBe(5);
    expect((await close(2)).statusCode).toBe(200);
    const february = await poi("YTD");
    expect(february.totals.executed).toBe(12);
    expect(february.period.label).not.toBe(january.period.label);
  });

  it("answers with an approved reprogramming", async () => {
    const before = (await poi("Q4")).totals.programmed;
    const asked = await call(
      app,
      world.clients.editor,
      "POST",
      `${world.base}/activities/${world.activity.id}/reprogrammings`,
      { quantities: [8, 8, 8, 8, 8, 8, 8, 8, 8, 10, 10, 10], justification: "Campaña de fin de año" },
    );
    expect(asked.statusCode).toBe(201);
    expect((await poi("Q4")).totals.programmed).toBe(before);
    const approved = await call(
      app,
      world.clients.planner,
      "POST",
      `${world.base}/reprogrammings/${asked.json().id}/approve`,
      {},
    );
    expect(approved.statusCode).toBe(200);
    expect((await poi("Q4")).totals.programmed).toBe(before + 6);
    expect((await poi("Q4", second)).totals.programmed).toBe(before + 6);
  });

  it("answers with new traffic-light thresholds", async () => {
    const before = await poi("Q1");
    const response = await app.inject({
      method: "PATCH",
      url: `/api/institutions/${world.institution.id}`,
      payload: { amberFrom: 1, greenFrom: 2 },
      headers: admin.headers,
      cookies: admin.cookies,
    });
    expect(response.statusCode).toBe(200);
    const after = await poi("Q1", second);
    expect(before.totals.light).not.toBe("green");
    expect(after.totals.light).toBe("green");
  });

  it("answers with an import committed over the plan", async () => {
    const planner = await loginAs(app, database.db, "planner", world.institution.slug);
    const importText = async (text: string) => {
      const preview = await app.inject({
        method: "POST",
        url: `/api/imports?institutionId=${world.institution.id}&fileName=004.txt`,
        payload: Buffer.from(text, "utf8"),
        headers: { "content-type": "text/plain", ...planner.headers },
        cookies: planner.cookies,
      });
      expect(preview.statusCode).toBe(200);
      const commit = await app.inject({
        method: "POST",
        url: `/api/imports/${preview.json().token}/commit`,
        payload: {},
        headers: planner.headers,
        cookies: planner.cookies,
      });
      expect(commit.statusCode).toBe(200);
      return commit.json() as { planId: string };
    };
    const seed = readFileSync("samples/004_72e0f0e913d1a590.txt", "utf8");
    const { planId } = await importText(seed);
    expect((await poi("Q1", app, planId)).totals.executed).toBe(1494);
    // The first activity's January execution, 1 → 2 (and its quarter's total 3 → 4).
    const firstRow = "ACCIONES\t12\t1\t1\t1\t1\t1\t1\t1\t1\t1\t1\t1\t1\t1\t1\t1\t3\t3";
    expect(seed.includes(firstRow)).toBe(true);
    await importText(
      seed.replace(firstRow, "ACCIONES\t12\t1\t1\t1\t1\t1\t1\t1\t1\t1\t1\t1\t1\t2\t1\t1\t3\t4"),
    );
    expect((await poi("Q1", app, planId)).totals.executed).toBe(1495);
    expect((await poi("Q1", second, planId)).totals.executed).toBe(1495);
  });
});

describe("report cache memory", () => {
  const file = (text: string): RenderedReport => ({
    body: Buffer.from(text),
    contentType: "text/csv; charset=utf-8",
    fileName: "informe.csv",
  });
  /** A builder that counts its calls. */
  const counted = (text: string) => {
    const build = async () => {
      build.calls++;
      return file(text);
    };
    build.calls = 0;
    return build;
  };

  it("builds once for requests missing the same entry at the same time", async () => {
    const cache = createReportCache(1024);
    const build = counted("cifras");
    const answers = await Promise.all([1, 2, 3].map(() => cache.get("k", 1, build)));
    expect(answers.map((answer) => answer.body.toString())).toEqual(["cifras", "cifras", "cifras"]);
    expect(build.calls).toBe(1);
  });

  it("rebuilds at a newer version and keeps only that one", async () => {
    const cache = createReportCache(1024);
    await cache.get("k", 1, counted("antes"));
    expect((await cache.get("k", 2, counted("después"))).body.toString()).toBe("después");
    const stale = counted("antes otra vez");
    expect((await cache.get("k", 1, stale)).body.toString()).toBe("antes otra vez");
    expect((await cache.get("k", 2, counted("no se usa"))).body.toString()).toBe("después");
  });

  it("evicts the least recently used entries past its size in bytes", async () => {
    const cache = createReportCache(10);
    await cache.get("a", 1, counted("aaaa"));
    await cache.get("b", 1, counted("bbbb"));
    await cache.get("a", 1, counted("no se usa"));
    await cache.get("c", 1, counted("cccc"));
    const a = counted("aaaa");
    const b = counted("bbbb");
    await cache.get("a", 1, a);
    await cache.get("b", 1, b);
    expect([a.calls, b.calls]).toEqual([0, 1]);
  });
});
