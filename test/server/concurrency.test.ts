/**
 * Many people saving the same months at once: no acknowledged write is ever lost. Each writer
 * reads the month, writes with the version it read and, when answered 409, tries again from
 * the `current` entry the answer carries. At the end, per entry, the version equals the number
 * of 200 answers, each 200 was based on the version just before its own (nothing overwritten
 * unseen), the value is the one of the last acknowledged write, each acknowledged write has its
 * audit entry, and every other answer was a 409.
 *
 * Run twice: through `app.inject` (requests interleave in one process) and through a real
 * listening server with `fetch`, where on PostgreSQL the requests run on separate connections
 * and truly overlap.
 */
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, closedMonths, executedValues, executionEntries } from "../../src/db/schema.js";
import { buildExecutionWorld, type ExecutionWorld } from "../helpers/execution-world.js";
import { type Client, setUpTestServer } from "../helpers/server.js";

const server = setUpTestServer({ listen: true });
let world: ExecutionWorld;

beforeAll(async () => {
  world = await buildExecutionWorld(server.app, server.database.db);
});

const WRITERS = 50;
const ATTEMPTS = 4;

type Answer = { status: number; body: { version?: number; value?: number; current?: { version: number } } };
type Transport = (
  client: Client,
  method: "GET" | "PUT" | "POST",
  url: string,
  body?: object,
) => Promise<Answer>;

const viaInject: Transport = async (client, method, url, body) => {
  const response = await server.app.inject({
    method,
    url,
    ...(body ? { payload: body } : {}),
    headers: client.headers,
    cookies: client.cookies,
  });
  return { status: response.statusCode, body: response.json() };
};

const viaFetch: Transport = async (client, method, url, body) => {
  const response = await fetch(`${server.origin}${url}`, {
    method,
    headers: {
      ...client.headers,
      cookie: `avance_session=${client.cookies.avance_session}`,
      ...(body ? { "content-type": "application/json" } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: (await response.json()) as Answer["body"] };
};

async function race(transport: Transport, activityId: string, months: number[]) {
  const base = `${world.base}/activities/${activityId}/execution`;
  const answers: { month: number; value: number; sent: number; answer: Answer }[] = [];
  const writer = async (writerIndex: number) => {
    const month = months[writerIndex % months.length] as number;
    const read = await transport(world.clients.editor, "GET", base);
    let version = (read.body as unknown as { months: { version: number }[] }).months[month - 1]?.version ?? 0;
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const value = writerIndex * 10 + attempt;
      const answer = await transport(world.clients.editor, "PUT", `${base}/${month}`, {
        value,
        comment: `escritor ${writerIndex}, intento ${attempt}`,
        version,
      });
      answers.push({ month, value, sent: version, answer });
      if (answer.status !== 409) return;
      version = answer.body.current?.version ?? version;
    }
  };
  await Promise.all(Array.from({ length: WRITERS }, (_, i) => writer(i)));
  return answers;
}

async function checkNoLostUpdate(
  activityId: string,
  months: number[],
  answers: Awaited<ReturnType<typeof race>>,
) {
  expect(answers.filter(({ answer }) => answer.status !== 200 && answer.status !== 409)).toEqual([]);
  const [mirror] = await server.database.db
    .select()
    .from(executedValues)
    .where(
      and(eq(executedValues.institutionId, world.institution.id), eq(executedValues.activityId, activityId)),
    );
  for (const month of months) {
    const acknowledged = answers.filter((a) => a.month === month && a.answer.status === 200);
    expect(acknowledged.length, `month ${month}`).toBeGreaterThan(0);
    // Every acknowledged write got its own version, 1…n, with nothing skipped or repeated.
    const versions = acknowledged
      .map((a) => a.answer.body.version)
      .sort((x, y) => (x as number) - (y as number));
    expect(versions).toEqual(Array.from({ length: acknowledged.length }, (_, i) => i + 1));
    // …and each was based on the version just before it: no write overwrote one it had not seen.
    for (const a of acknowledged) expect(a.answer.body.version).toBe(a.sent + 1);
    const [entry] = await server.database.db
      .select()
      .from(executionEntries)
      .where(
        and(
          eq(executionEntries.institutionId, world.institution.id),
          eq(executionEntries.activityId, activityId),
          eq(executionEntries.month, month),
        ),
      );
    expect(entry?.version, `month ${month}`).toBe(acknowledged.length);
    const last = acknowledged.find((a) => a.answer.body.version === acknowledged.length);
    expect(Number(entry?.value)).toBe(last?.value);
    expect(Number(mirror?.[`q0${month}` as "q01"])).toBe(last?.value);
    const audited = await server.database.db
      .select({ after: auditLog.after })
      .from(auditLog)
      .where(eq(auditLog.entityId, `${activityId}:${month}`));
    expect(audited.map((row) => (row.after as { value: number }).value).sort()).toEqual(
      acknowledged.map((a) => a.value).sort(),
    );
  }
}

describe(`${WRITERS} concurrent writers on the same entries`, () => {
  it("through app.inject: every acknowledged write is in the database, every other answer is 409", async () => {
    const months = [1, 2, 3];
    const answers = await race(viaInject, world.activity.id, months);
    await checkNoLostUpdate(world.activity.id, months, answers);
    expect(answers.some(({ answer }) => answer.status === 409)).toBe(true);
  });

  it("through a listening server with fetch (truly parallel on PostgreSQL)", async () => {
    const months = [4, 5, 6, 7, 8];
    const answers = await race(viaFetch, world.activity.id, months);
    await checkNoLostUpdate(world.activity.id, months, answers);
    expect(answers.some(({ answer }) => answer.status === 409)).toBe(true);
  });

  it("a month closing under the writers: every acknowledged write landed before the close", async () => {
    // January to August closed, so September may close now; September already has an entry.
    for (let month = 1; month <= 8; month++) {
      await server.database.db
        .insert(closedMonths)
        .values({ institutionId: world.institution.id, planId: world.plan.id, month });
    }
    const base = `${world.base}/activities/${world.activity.id}/execution/9`;
    expect((await viaFetch(world.clients.editor, "PUT", base, { value: 1, version: 0 })).status).toBe(200);

    const closing = new Promise<void>((resolve) => setTimeout(resolve, 10)).then(() =>
      viaFetch(world.clients.planner, "POST", `${world.base}/plans/${world.plan.id}/months/9/close`),
    );
    const [answers, closed] = await Promise.all([race(viaFetch, world.activity.id, [9]), closing]);
    expect(closed.status).toBe(200);
    expect(answers.filter(({ answer }) => answer.status !== 200 && answer.status !== 409)).toEqual([]);

    const [close] = await server.database.db
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(and(eq(auditLog.action, "close"), eq(auditLog.entityId, `${world.plan.id}:9`)));
    const writes = await server.database.db
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(eq(auditLog.entityId, `${world.activity.id}:9`));
    // The close waited for the writes in flight; none slipped in after it.
    expect(writes.filter((write) => write.id > (close?.id as number))).toEqual([]);
    const acknowledged = answers.filter(({ answer }) => answer.status === 200).length;
    expect(writes).toHaveLength(1 + acknowledged);
    const [entry] = await server.database.db
      .select({ version: executionEntries.version })
      .from(executionEntries)
      .where(
        and(
          eq(executionEntries.institutionId, world.institution.id),
          eq(executionEntries.activityId, world.activity.id),
          eq(executionEntries.month, 9),
        ),
      );
    expect(entry?.version).toBe(1 + acknowledged);
    const after = await viaFetch(world.clients.editor, "PUT", base, {
      value: 2,
      version: entry?.version as number,
    });
    expect(after.status).toBe(409);
  });
});
