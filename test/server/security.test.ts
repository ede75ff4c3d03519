/**
 * The security sweep, over every route of the OpenAPI document. Where each point of issue 5 is
 * proven:
 * - SQL injection and XSS payloads in every text field of every JSON body, stored and returned
 *   verbatim as JSON, tables intact: here (units, activities, plans, institutions and users
 *   tests check their own names too).
 * - CSRF: every cookie-authenticated write without `x-csrf-token` (or with a wrong one) is a 403
 *   and writes nothing; with an API token none is needed: here. Another session's token, and
 *   reads needing none: auth.test.ts.
 * - Brute-force login slowed (5 failures per account, 20 per IP, the password change counted):
 *   auth.test.ts «brute force». Same 401 and the same hashing time for unknown emails:
 *   auth.test.ts «login».
 * - Oversized JSON bodies: a 413 in Spanish on every JSON write route, nothing written: here;
 *   broken JSON: units.test.ts «request limits»; evidence over 10 MB: evidence.test.ts.
 * - Evidence with a lying content type refused, files served only as downloads (attachment,
 *   nosniff, sandbox CSP): evidence.test.ts «evidence upload».
 * - 401/403/404 on every route for every caller, nothing of another institution: the permission
 *   walk (permission-walk.test.ts).
 */
import { randomUUID } from "node:crypto";
import { getTableName, is, sql } from "drizzle-orm";
import { PgTable } from "drizzle-orm/pg-core";
import type { LightMyRequestResponse } from "fastify";
import { beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../src/db/connection.js";
import * as schema from "../../src/db/schema.js";
import { messages } from "../../src/domain/errors.js";
import { authMessages } from "../../src/server/auth/plugin.js";
import { inviteMember } from "../../src/services/invitations/invite-member.js";
import { type Client, PASSWORD, setUpTestServer } from "../helpers/server.js";
import {
  type ApiRoute,
  buildWalkWorld,
  type Method,
  OPEN_MONTH,
  openApiRoutes,
  type WalkWorld,
} from "../helpers/walk-world.js";

const server = setUpTestServer();

let world: WalkWorld;
let root: Client;
let routes: ApiRoute[];

beforeAll(async () => {
  await server.app.ready();
  world = await buildWalkWorld(server.app, server.database.db);
  root = world.as("superAdmin") as Client;
  routes = openApiRoutes(server.app);
}, 60_000);
const HOSTILE = [
  "'); drop table activities; --",
  '" OR 1=1 --',
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
] as const;

const tableNames = Object.values(schema)
  .filter((value) => is(value, PgTable))
  .map((table) => getTableName(table as PgTable));

/** Rows per table, in one query: it fails if any table is gone. */
async function rowCounts(): Promise<Record<string, number>> {
  const columns = tableNames.map(
    (name) => sql`${name}::text, (select count(*) from ${sql.identifier(name)})`,
  );
  const [row] = await queryRows<{ counts: Record<string, number> }>(
    server.database.db,
    sql`select json_build_object(${sql.join(columns, sql`, `)}) as counts`,
  );
  return row?.counts ?? {};
}

function request(
  client: Client | null,
  method: Method,
  url: string,
  payload?: object | string,
  headers: Record<string, string> = {},
) {
  return server.app.inject({
    method,
    url,
    ...(payload !== undefined ? { payload } : {}),
    headers: { ...(client?.headers ?? {}), ...headers },
    cookies: client?.cookies ?? {},
  });
}

/** True when some object anywhere in `json` has `field` equal to `value`. */
function holds(json: unknown, field: string, value: string): boolean {
  if (Array.isArray(json)) return json.some((item) => holds(item, field, value));
  if (!json || typeof json !== "object") return false;
  const object = json as Record<string, unknown>;
  return object[field] === value || Object.values(object).some((item) => holds(item, field, value));
}

/** The route's path with its parameters filled: A's institution, random ids elsewhere. */
function urlOf(route: ApiRoute): string {
  return route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (name === "institutionId") return world.a.id;
    if (name === "month") return String(OPEN_MONTH);
    if (name === "report") return "poi";
    return randomUUID();
  });
}

type Written = { response: LightMyRequestResponse; readBack?: () => Promise<LightMyRequestResponse> };
type SweepEntry = {
  /** The route's request, valid but for `fields`. */
  send: (fields: Record<string, string>) => Promise<Written>;
  /** Makes the target every `send` changes, before the counts a refusal must leave alone. */
  prepare?: () => Promise<unknown>;
  /** Fields these payloads cannot be (an id, a date, an enum…) and the status refusing them. */
  refused?: Record<string, number>;
  /** Its refusals are audited (a failed login): only the audit log may grow. */
  auditsRefusals?: boolean;
  /** The name under which a field is read back, when it is not its own (a review's comment). */
  shownAs?: Record<string, string>;
  /** The text is a secret never shown again: reading back only proves it took (a password). */
  secret?: boolean;
};

function sweepTable(w: WalkWorld): Record<string, SweepEntry> {
  const base = w.base;
  const get =
    (url: string, as: Client | null = root) =>
    () =>
      request(as, "GET", url);
  const idOf = (response: LightMyRequestResponse) => (response.json() as { id: string }).id;
  const planFields = { kind: 400, documentDate: 400 };
  const activityFields = { unitId: 400, startDate: 400, endDate: 400, measureKind: 400 };
  const later = <T>(make: () => Promise<T>) => {
    let made: Promise<T> | undefined;
    return () => {
      made ??= make();
      return made;
    };
  };
  // Away from where the POSTs put the same names: twin names are refused among siblings.
  const unit = later(() => w.unit("ALFA A RENOMBRAR", w.units.otherRoot.id));
  const plan = later(() => w.plan("draft"));
  const activity = later(() => w.activityIn(w.plans.draft.id, w.units.otherRoot.id));
  const member = later(() => w.member("viewer"));
  const changer = later(async () => (await w.fresh("viewer")) as Client);
  let currentPassword = PASSWORD;
  const reviewed = (action: "approve" | "reject") => async (fields: Record<string, string>) => {
    const pending = await w.pendingReprogramming();
    const response = await request(root, "POST", `${base}/reprogrammings/${pending.id}/${action}`, {
      ...fields,
    });
    return { response, readBack: get(`${base}/reprogrammings?pageSize=500`) };
  };

  return {
    "POST /api/auth/login": {
      send: async (fields) => ({
        response: await request(null, "POST", "/api/auth/login", {
          email: "nadie@alfa.gob.pe",
          password: "contraseña-que-no-es",
          ...fields,
        }),
      }),
      refused: { email: 401, password: 401 },
      auditsRefusals: true,
    },
    "POST /api/auth/password": {
      send: async (fields) => {
        const client = await changer();
        const response = await request(client, "POST", "/api/auth/password", {
          currentPassword,
          newPassword: "nueva-contraseña-larga",
          ...fields,
        });
        const password = fields.newPassword ?? currentPassword;
        if (response.statusCode === 204) currentPassword = password;
        const readBack = () => request(null, "POST", "/api/auth/login", { email: client.email, password });
        return { response, readBack };
      },
      prepare: changer,
      refused: { currentPassword: 400 },
      auditsRefusals: true,
      secret: true,
    },
    "POST /api/auth/tokens": {
      send: async (fields) => ({
        response: await request(root, "POST", "/api/auth/tokens", { name: "script", ...fields }),
        readBack: get("/api/auth/tokens"),
      }),
      refused: { expiresAt: 400 },
    },
    "POST /api/institutions": {
      send: async (fields) => {
        const response = await request(root, "POST", "/api/institutions", {
          name: w.unique("INSTITUCIÓN"),
          ...fields,
        });
        return { response, readBack: get(`/api/institutions/${idOf(response)}`) };
      },
      refused: { slug: 400, country: 400, locale: 400 },
    },
    "PATCH /api/institutions/{institutionId}": {
      send: async (fields) => ({
        response: await request(root, "PATCH", base, fields),
        readBack: get(base),
      }),
      refused: { country: 400, locale: 400 },
    },
    "POST /api/institutions/{institutionId}/units": {
      send: async (fields) => ({
        response: await request(root, "POST", `${base}/units`, { name: w.unique("ALFA"), ...fields }),
        readBack: get(`${base}/units?pageSize=500`),
      }),
      refused: { parentId: 400 },
    },
    "PATCH /api/institutions/{institutionId}/units/{unitId}": {
      send: async (fields) => ({
        response: await request(root, "PATCH", `${base}/units/${(await unit()).id}`, fields),
        readBack: get(`${base}/units?pageSize=500`),
      }),
      prepare: unit,
      refused: { parentId: 400 },
    },
    "POST /api/institutions/{institutionId}/plans": {
      send: async (fields) => {
        const response = await request(root, "POST", `${base}/plans`, {
          year: 2026,
          kind: "POA",
          title: w.unique("ALFA PLAN"),
          ...fields,
        });
        return { response, readBack: get(`${base}/plans/${idOf(response)}`) };
      },
      refused: planFields,
    },
    "POST /api/institutions/{institutionId}/plans/{planId}/copy": {
      send: async (fields) => {
        const response = await request(root, "POST", `${base}/plans/${w.plans.draft.id}/copy`, {
          year: 2027,
          title: w.unique("ALFA PLAN COPIADO"),
          withProgramming: false,
          ...fields,
        });
        const copied = (response.json() as { plan?: { id: string } }).plan?.id;
        return { response, readBack: get(`${base}/plans/${copied}`) };
      },
    },
    "PATCH /api/institutions/{institutionId}/plans/{planId}": {
      send: async (fields) => {
        const url = `${base}/plans/${(await plan()).id}`;
        return { response: await request(root, "PATCH", url, fields), readBack: get(url) };
      },
      prepare: plan,
      refused: planFields,
    },
    "POST /api/institutions/{institutionId}/plans/{planId}/activities": {
      send: async (fields) => {
        const response = await request(root, "POST", `${base}/plans/${w.plans.draft.id}/activities`, {
          unitId: w.units.child.id,
          name: w.unique("ALFA ACTIVIDAD"),
          ...fields,
        });
        return { response, readBack: get(`${base}/activities/${idOf(response)}`) };
      },
      refused: activityFields,
    },
    "PATCH /api/institutions/{institutionId}/activities/{activityId}": {
      send: async (fields) => {
        const url = `${base}/activities/${(await activity()).id}`;
        return { response: await request(root, "PATCH", url, fields), readBack: get(url) };
      },
      prepare: activity,
      refused: activityFields,
    },
    "POST /api/institutions/{institutionId}/users": {
      send: async (fields) => ({
        response: await request(root, "POST", `${base}/users`, {
          email: `${randomUUID()}@alfa.gob.pe`,
          role: "viewer",
          ...fields,
        }),
        readBack: get(`${base}/invitations?pageSize=500`),
      }),
      refused: { email: 400, role: 400 },
    },
    "POST /api/invitations/accept": {
      // A hostile token is no invitation's (404, nothing written); a name or password is taken.
      send: async (fields) => {
        const email = `${randomUUID()}@invitada.gob.pe`;
        const token =
          fields.token ??
          (await inviteMember(server.database.db, w.a.id, { email, role: "viewer" }, {})).token;
        const password = (fields.password ?? "una clave de la invitación").padEnd(16, "!");
        const response = await request(null, "POST", "/api/invitations/accept", {
          name: "Persona Invitada",
          ...fields,
          token,
          password,
        });
        const readBack = () => request(null, "POST", "/api/auth/login", { email, password });
        return { response, readBack };
      },
      refused: { token: 404 },
      secret: true,
    },
    "PATCH /api/institutions/{institutionId}/users/{userId}": {
      send: async (fields) => ({
        response: await request(root, "PATCH", `${base}/users/${(await member()).id}`, fields),
      }),
      prepare: member,
      refused: { role: 400 },
    },
    "PUT /api/institutions/{institutionId}/activities/{activityId}/execution/{month}": {
      send: async (fields) => {
        const url = `${base}/activities/${(await w.runningActivity()).id}/execution`;
        const response = await request(root, "PUT", `${url}/${OPEN_MONTH}`, {
          value: 1,
          version: 0,
          ...fields,
        });
        return { response, readBack: get(url) };
      },
    },
    "POST /api/institutions/{institutionId}/plans/{planId}/months/{month}/reopen": {
      send: async (fields) => {
        const running = await w.plan("in_execution");
        await server.database.db
          .insert(schema.closedMonths)
          .values({ institutionId: w.a.id, planId: running.id, month: 1 });
        const response = await request(root, "POST", `${base}/plans/${running.id}/months/1/reopen`, {
          ...fields,
        });
        return { response, readBack: get(`${base}/audit?action=reopen&planId=${running.id}`) };
      },
    },
    "POST /api/institutions/{institutionId}/activities/{activityId}/reprogrammings": {
      send: async (fields) => ({
        response: await request(
          root,
          "POST",
          `${base}/activities/${(await w.runningActivity()).id}/reprogrammings`,
          {
            quantities: w.reprogrammedQuantities(),
            ...fields,
          },
        ),
        readBack: get(`${base}/reprogrammings?pageSize=500`),
      }),
    },
    "POST /api/institutions/{institutionId}/reprogrammings/{id}/approve": {
      send: reviewed("approve"),
      shownAs: { comment: "reviewComment" },
    },
    "POST /api/institutions/{institutionId}/reprogrammings/{id}/reject": {
      send: reviewed("reject"),
      shownAs: { comment: "reviewComment" },
    },
    "POST /api/setup": {
      // Users exist: whatever the fields say, the first-run setup is over (409), nothing written.
      send: async (fields) => ({
        response: await request(null, "POST", "/api/setup", {
          token: "x".repeat(40),
          email: "nuevo@alfa.gob.pe",
          name: "Nuevo",
          password: "x".repeat(16),
          ...fields,
          // Long enough to pass the schema: what is refused here is the setup itself.
          ...(fields.password ? { password: fields.password.padEnd(16, "!") } : {}),
        }),
      }),
      refused: { token: 409, email: 409, name: 409, password: 409 },
    },
  };
}

const textFields = (route: ApiRoute) =>
  Object.entries(route.jsonBody?.properties ?? {})
    .filter(([, property]) => property.type === "string")
    .map(([name]) => name);

const writes = () => routes.filter((route) => route.method !== "GET");
/** Writes that need no session, so no CSRF token (`config: { csrf: false }`). */
const CSRF_EXEMPT = ["POST /api/auth/login", "POST /api/setup", "POST /api/invitations/accept"];

describe("hostile text in every text field", () => {
  it("is stored and read back verbatim as JSON, or refused naming the field; every table stays", async () => {
    const sweep = sweepTable(world);
    const withText = routes.filter((route) => textFields(route).length > 0);
    expect(
      withText.filter((route) => !sweep[route.key]).map((route) => route.key),
      "routes with text fields missing from the sweep",
    ).toEqual([]);

    const wrong: string[] = [];
    for (const route of withText) {
      const entry = sweep[route.key] as SweepEntry;
      await entry.prepare?.();
      const fields = textFields(route);
      const accepted = fields.filter((field) => entry.refused?.[field] === undefined);
      for (const value of HOSTILE) {
        // Each refused field alone, so that the refusal is its own; the accepted ones all at once.
        for (const field of fields.filter((candidate) => !accepted.includes(candidate))) {
          const where = `${route.key} ${field}=${value}`;
          const before = await rowCounts();
          const { response } = await entry.send({ [field]: value });
          const problem = response.json() as { detail: string; field?: string };
          const after = await rowCounts();
          if (entry.auditsRefusals) after.audit_log = before.audit_log as number;
          const refusal = entry.refused?.[field];
          if (response.statusCode !== refusal)
            wrong.push(`${where}: ${response.statusCode} ${response.body}`);
          else if (refusal === 400 && problem.field !== field) wrong.push(`${where}: names ${problem.field}`);
          else if (JSON.stringify(after) !== JSON.stringify(before))
            wrong.push(`${where}: refused, but written`);
        }
        if (accepted.length === 0) continue;
        const where = `${route.key} ${accepted.join(", ")}=${value}`;
        const { response, readBack } = await entry.send(
          Object.fromEntries(accepted.map((field) => [field, value])),
        );
        if (response.statusCode >= 300 || !readBack) {
          wrong.push(`${where}: ${response.statusCode} ${response.body}`);
          continue;
        }
        const read = await readBack();
        if (!String(read.headers["content-type"]).startsWith("application/json")) {
          wrong.push(`${where}: read back as ${read.headers["content-type"]}`);
          continue;
        }
        if (entry.secret) {
          if (read.statusCode !== 200) wrong.push(`${where}: the new secret does not work (${read.body})`);
          continue;
        }
        for (const field of accepted) {
          const shown = entry.shownAs?.[field] ?? field;
          if (!holds(read.json(), shown, value))
            wrong.push(`${where}: ${shown} not read back verbatim (${read.body.slice(0, 300)})`);
        }
      }
    }
    expect(wrong).toEqual([]);
    const counts = await rowCounts();
    expect(Object.keys(counts).sort()).toEqual([...tableNames].sort());
    expect(counts.activities).toBeGreaterThan(0);
  }, 120_000);
});

describe("CSRF on every cookie-authenticated write", () => {
  it("refuses a write without the token, or with a wrong one, with 403, writing nothing", async () => {
    const session = (await world.fresh("superAdmin")) as Client;
    const wrong: string[] = [];
    const before = await rowCounts();
    for (const route of writes().filter((route) => !CSRF_EXEMPT.includes(route.key))) {
      for (const [token, detail] of [
        [undefined, authMessages.csrfMissing],
        [`${session.headers["x-csrf-token"]}x`, authMessages.csrfInvalid],
      ] as const) {
        const response = await request(
          { ...session, headers: token ? { "x-csrf-token": token } : {} },
          route.method,
          urlOf(route),
        );
        if (response.statusCode !== 403 || response.json().detail !== detail)
          wrong.push(
            `${route.key} (${token ? "wrong" : "no"} token): ${response.statusCode} ${response.body}`,
          );
      }
    }
    expect(wrong).toEqual([]);
    expect(await rowCounts()).toEqual(before);
    // The session survived every refused write (logout-all among them), and reads need no token.
    expect((await request({ ...session, headers: {} }, "GET", "/api/auth/me")).statusCode).toBe(200);
  });

  it("asks none of the routes that need no session, nor of an API token", async () => {
    const session = (await world.fresh("superAdmin")) as Client;
    for (const key of CSRF_EXEMPT) {
      const route = routes.find((candidate) => candidate.key === key) as ApiRoute;
      const response = await request({ ...session, headers: {} }, route.method, urlOf(route), {});
      expect(response.statusCode, key).toBe(400);
      expect(response.json().field, key).toBeDefined();
    }

    // Its own user: logout-all with the token must not end the sessions of the other tests.
    const { token } = await world.apiToken((await world.fresh("superAdmin")) as Client);
    const bearer = { authorization: `Bearer ${token}` };
    const sessionOnly = [
      "POST /api/auth/password",
      "POST /api/auth/tokens",
      "POST /api/auth/invitations/{id}/accept",
      "POST /api/auth/invitations/{id}/decline",
    ];
    const wrong: string[] = [];
    for (const route of writes()) {
      // It loads the sample plans, seconds of work; the unit below is the write proven.
      if (route.key === "POST /api/demo") continue;
      const response = await request(null, route.method, urlOf(route), undefined, bearer);
      const detail = response.body ? (response.json() as { detail?: string }).detail : undefined;
      const expected = sessionOnly.includes(route.key) ? messages.sessionRequired : undefined;
      if (detail === authMessages.csrfMissing || (response.statusCode === 403 && detail !== expected))
        wrong.push(`${route.key}: ${response.statusCode} ${response.body}`);
    }
    expect(wrong).toEqual([]);

    const name = world.unique("ALFA POR SCRIPT");
    const created = await request(null, "POST", `${world.base}/units`, { name }, bearer);
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ name });
  });
});

describe("oversized JSON bodies", () => {
  it("are refused with 413 in Spanish on every JSON write route, writing nothing", async () => {
    const session = (await world.fresh("superAdmin")) as Client;
    const huge = JSON.stringify({ name: "x".repeat(1024 * 1024) });
    const before = await rowCounts();
    const wrong: string[] = [];
    for (const route of routes.filter((candidate) => candidate.jsonBody)) {
      const response = await request(session, route.method, urlOf(route), huge, {
        "content-type": "application/json",
      });
      const problem = response.json() as { status: number; detail: string };
      if (
        response.statusCode !== 413 ||
        problem.detail !== "La solicitud es demasiado grande para esta operación."
      )
        wrong.push(`${route.key}: ${response.statusCode} ${response.body.slice(0, 200)}`);
    }
    expect(wrong).toEqual([]);
    expect(await rowCounts()).toEqual(before);
  });
});
