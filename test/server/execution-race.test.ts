/**
 * The execution read under concurrent writes: what `GET …/execution` answers must be one
 * moment of the month (value, comment and version together), or a client that saves with the
 * version it read overwrites a write it never saw. Through a listening server with `fetch`, so
 * on PostgreSQL the requests run on separate pooled connections and truly overlap (on PGlite,
 * with its one connection, the same test runs and must hold too).
 */
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { executedValues, executionEntries } from "../../src/db/schema.js";
import { buildExecutionWorld, type ExecutionWorld } from "../helpers/execution-world.js";
import { setUpTestServer } from "../helpers/server.js";

const server = setUpTestServer({ listen: true });
let world: ExecutionWorld;

beforeAll(async () => {
  world = await buildExecutionWorld(server.app, server.database.db);
});

type Month = { month: number; value: number | null; comment: string | null; version: number };

const executionUrl = () => `${world.base}/activities/${world.activity.id}/execution`;

async function send(method: "GET" | "PUT", url: string, body?: object) {
  const { editor } = world.clients;
  const response = await fetch(`${server.origin}${url}`, {
    method,
    headers: {
      ...editor.headers,
      cookie: `avance_session=${editor.cookies.avance_session}`,
      ...(body ? { "content-type": "application/json" } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function readMonth(month: number): Promise<Month> {
  const answer = await send("GET", executionUrl());
  expect(answer.status).toBe(200);
  return (answer.body.months as Month[])[month - 1] as Month;
}

async function stored(month: number) {
  const where = (table: typeof executionEntries | typeof executedValues) =>
    and(eq(table.institutionId, world.institution.id), eq(table.activityId, world.activity.id));
  const [entry] = await server.database.db
    .select()
    .from(executionEntries)
    .where(and(where(executionEntries), eq(executionEntries.month, month)));
  const [mirror] = await server.database.db.select().from(executedValues).where(where(executedValues));
  return { entry, mirrored: mirror?.[`q${String(month).padStart(2, "0")}` as "q01"] };
}

const CLIENTS = 50;
/** Far more than 50 contended rounds need; only a broken server gets here. */
const MAX_TRIES = 1000;

describe("the execution read during concurrent writes", () => {
  it(`${CLIENTS} clients each add 1 to a month with the version they read: none of the increments is lost`, async () => {
    const month = 2;
    const start = 100;
    expect((await send("PUT", `${executionUrl()}/${month}`, { value: start, version: 0 })).status).toBe(200);

    const tries: number[] = [];
    const increment = async () => {
      for (let attempt = 1; attempt <= MAX_TRIES; attempt++) {
        const read = await readMonth(month);
        const answer = await send("PUT", `${executionUrl()}/${month}`, {
          value: (read.value ?? 0) + 1,
          version: read.version,
        });
        if (answer.status === 200) return tries.push(attempt);
        expect(answer.status).toBe(409);
      }
      throw new Error(`no increment after ${MAX_TRIES} tries`);
    };
    await Promise.all(Array.from({ length: CLIENTS }, increment));

    expect(tries).toHaveLength(CLIENTS);
    // Writes did collide (else the test proves nothing), and none was applied over one unseen.
    expect(tries.some((attempt) => attempt > 1)).toBe(true);
    const { entry, mirrored } = await stored(month);
    expect(Number(entry?.value)).toBe(start + CLIENTS);
    expect(Number(mirrored)).toBe(start + CLIENTS);
    expect(entry?.version).toBe(1 + CLIENTS);
    expect(await readMonth(month)).toMatchObject({ value: start + CLIENTS, version: 1 + CLIENTS });
  }, 120_000);

  it("every answer of a read during a stream of writes shows a value and comment of its own version", async () => {
    const month = 3;
    // Write n (the one that makes version n) stores value 3n and comment "escritura n".
    const valueAt = (version: number) => (version === 0 ? null : version * 3);
    const commentAt = (version: number) => (version === 0 ? null : `escritura ${version}`);
    const WRITES = 60;
    let writing = true;

    const writer = async () => {
      let version = 0;
      while (version < WRITES) {
        const answer = await send("PUT", `${executionUrl()}/${month}`, {
          value: valueAt(version + 1),
          comment: commentAt(version + 1),
          version,
        });
        if (answer.status === 200) version = answer.body.version as number;
        else version = (answer.body.current as Month).version;
      }
    };
    const reads: Month[] = [];
    const reader = async () => {
      while (writing) reads.push(await readMonth(month));
    };
    const readers = Array.from({ length: 8 }, reader);
    await Promise.all([writer(), writer()]);
    writing = false;
    await Promise.all(readers);

    expect(reads.length).toBeGreaterThan(0);
    const mismatched = reads
      .filter((read) => read.value !== valueAt(read.version) || read.comment !== commentAt(read.version))
      .map(({ version, value, comment }) => `versión ${version}: ${value}, «${comment}»`);
    expect(mismatched, `${mismatched.length} of ${reads.length} reads`).toEqual([]);
    expect(await readMonth(month)).toMatchObject({ value: valueAt(WRITES), version: WRITES });
  }, 120_000);
});
