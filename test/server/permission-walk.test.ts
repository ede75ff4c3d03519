/**
 * The permission walk: every route of the OpenAPI document, called by every kind of caller (no
 * session, viewer, editor of ALFA HIJA, planner, admin of institution A, a planner of B, a
 * super-admin), answers exactly the status the rule of src/server/auth/permissions.ts gives:
 * 401 without a session, 404 (the very 404 of a missing id) to another institution's user, 403
 * to a member whose role may not act, and the route's own answer to those who may. A route
 * missing from the table fails the test by name. Calls that change state get a fresh target
 * (a new draft plan for each `approve`…) so that the order of the calls never changes an answer.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { closedMonths } from "../../src/db/schema.js";
import { inviteMember } from "../../src/services/invitations/invite-member.js";
import { buildInstitution } from "../helpers/factories.js";
import { type Client, PASSWORD, setUpTestServer } from "../helpers/server.js";
import {
  buildWalkWorld,
  type Caller,
  callers,
  type Method,
  OPEN_MONTH,
  openApiRoutes,
  type WalkWorld,
} from "../helpers/walk-world.js";

const server = setUpTestServer();

let world: WalkWorld;
let third: Promise<{ id: string }> | undefined;
/** An institution neither A nor B, where the invited people of the walk are invited to. */
const gamma = () => {
  third ??= buildInstitution(server.database.db, { name: "INSTITUCIÓN GAMMA" });
  return third;
};

beforeAll(async () => {
  await server.app.ready();
  world = await buildWalkWorld(server.app, server.database.db);
}, 60_000);
type Built = {
  url: string;
  payload?: object | string | Buffer | FormData;
  headers?: Record<string, string>;
  /** Send as this client instead of the caller's (a fresh session for logout…); null: none. */
  as?: Client | null;
};
type Expected = Record<Caller, number>;
type Entry = {
  route: string;
  /** What the entry tries, when a route has several entries. */
  scenario?: string;
  build: (caller: Caller) => Built | Promise<Built>;
  expect: Expected;
  /**
   * The stranger's answer with B's institution in the URL and A's ids after it; default 404 (the
   * missing one). Only routes that refuse a planner of B by role, before any lookup, say 403.
   */
  swapped?: number;
  /** The 404 of a missing target; default: the super-admin with A's ids in the URL replaced. */
  missing?: () => Built | Promise<Built>;
};

const every = (status: number): Expected =>
  Object.fromEntries(callers.map((caller) => [caller, status])) as Expected;
/** Any user, of any institution (their own things). */
const signedIn = (status: number): Expected => ({ ...every(status), anonymous: 401 });
/** Any member of A. */
const members = (status: number): Expected => ({ ...signedIn(status), stranger: 404 });
/** Only `roles` of A (and the super-admin). */
const only = (roles: Caller[], status: number): Expected => ({
  ...members(403),
  ...Object.fromEntries([...roles, "superAdmin"].map((caller) => [caller, status])),
});
const superAdminOnly = (status: number): Expected => ({ ...signedIn(403), superAdmin: status });

const sample = readFileSync("samples/000_c5fe3fe587ede302.txt");

function table(w: WalkWorld): Entry[] {
  const base = w.base;
  const caller = (who: Caller) => w.as(who);
  const previewUrl = (institutionId = w.a.id) =>
    `/api/imports?institutionId=${institutionId}&fileName=poa.txt`;
  const preview = async (client: Client) => {
    const response = await server.app.inject({
      method: "POST",
      url: previewUrl(),
      payload: sample,
      headers: { ...client.headers, "content-type": "text/plain" },
      cookies: client.cookies,
    });
    if (response.statusCode !== 200) throw new Error(`preview: ${response.body}`);
    return response.json().token as string;
  };
  const previewers: Caller[] = ["planner", "admin", "superAdmin"];
  /** A pending invitation (to `email`, or a new one) and its link's token; A's are secrets. */
  const invitation = async (institutionId: string, email = `${randomUUID()}@invitada.gob.pe`) => {
    const made = await inviteMember(server.database.db, institutionId, { email, role: "viewer" }, {});
    if (institutionId === w.a.id) w.secrets.add(made.invitation.id).add(email);
    return { id: made.invitation.id, token: made.token };
  };
  const running = w.plans.running.id;

  return [
    {
      route: "POST /api/auth/login",
      build: async (who) => {
        const client = await w.fresh(who === "anonymous" ? "viewer" : who);
        return {
          url: "/api/auth/login",
          payload: { email: client?.email, password: PASSWORD },
          as: who === "anonymous" ? null : client,
        };
      },
      expect: every(200),
    },
    {
      route: "POST /api/auth/logout",
      build: async (who) => ({ url: "/api/auth/logout", as: await w.fresh(who) }),
      expect: every(204),
    },
    {
      route: "POST /api/auth/logout-all",
      build: async (who) => ({ url: "/api/auth/logout-all", as: await w.fresh(who) }),
      expect: signedIn(204),
    },
    { route: "GET /api/auth/me", build: () => ({ url: "/api/auth/me" }), expect: signedIn(200) },
    {
      route: "POST /api/auth/password",
      build: async (who) => ({
        url: "/api/auth/password",
        as: await w.fresh(who),
        payload: { currentPassword: PASSWORD, newPassword: "otra-contraseña-larga" },
      }),
      expect: signedIn(204),
    },
    {
      route: "POST /api/auth/tokens",
      build: () => ({ url: "/api/auth/tokens", payload: { name: "script de carga" } }),
      expect: signedIn(201),
    },
    { route: "GET /api/auth/tokens", build: () => ({ url: "/api/auth/tokens" }), expect: signedIn(200) },
    {
      route: "DELETE /api/auth/tokens/{id}",
      build: async (who) => {
        const client = caller(who);
        return { url: `/api/auth/tokens/${client ? (await w.apiToken(client)).info.id : randomUUID()}` };
      },
      expect: signedIn(204),
    },
    { route: "GET /api/health", build: () => ({ url: "/api/health" }), expect: every(200) },
    {
      route: "POST /api/imports",
      build: () => ({ url: previewUrl(), payload: sample, headers: { "content-type": "text/plain" } }),
      expect: only(["planner", "admin"], 200),
    },
    {
      // A preview belongs to whoever uploaded it: anybody else's is as unknown as an expired one.
      route: "POST /api/imports/{token}/commit",
      build: async (who) => {
        const owner = previewers.includes(who) ? who : "planner";
        return { url: `/api/imports/${await preview(caller(owner) as Client)}/commit`, payload: {} };
      },
      expect: { ...members(404), planner: 200, admin: 200, superAdmin: 200 },
      missing: () => ({ url: `/api/imports/${randomUUID()}/commit`, payload: {} }),
    },
    {
      route: "GET /api/plans/{planId}",
      build: () => ({ url: `/api/plans/${running}` }),
      expect: members(200),
    },
    {
      route: "GET /api/plans/{id}/reports/{report}",
      build: () => ({ url: `/api/plans/${running}/reports/poi?period=Q1` }),
      expect: members(200),
    },
    { route: "GET /api/institutions", build: () => ({ url: "/api/institutions" }), expect: signedIn(200) },
    {
      route: "POST /api/institutions",
      build: () => ({ url: "/api/institutions", payload: { name: w.unique("INSTITUCIÓN NUEVA") } }),
      expect: superAdminOnly(201),
    },
    { route: "GET /api/institutions/{institutionId}", build: () => ({ url: base }), expect: members(200) },
    {
      route: "PATCH /api/institutions/{institutionId}",
      build: () => ({ url: base, payload: { greenFrom: 90 } }),
      expect: only(["admin"], 200),
    },
    {
      route: "GET /api/institutions/{institutionId}/units",
      build: () => ({ url: `${base}/units` }),
      expect: members(200),
    },
    {
      route: "POST /api/institutions/{institutionId}/units",
      build: () => ({
        url: `${base}/units`,
        payload: { name: w.unique("ALFA NUEVA"), parentId: w.units.root.id },
      }),
      expect: only(["planner", "admin"], 201),
    },
    {
      route: "PATCH /api/institutions/{institutionId}/units/{unitId}",
      build: async () => ({
        url: `${base}/units/${(await w.unit("ALFA A RENOMBRAR")).id}`,
        payload: { name: w.unique("ALFA RENOMBRADA") },
      }),
      expect: only(["planner", "admin"], 200),
    },
    {
      route: "POST /api/institutions/{institutionId}/units/{unitId}/retire",
      build: async () => ({ url: `${base}/units/${(await w.unit("ALFA A RETIRAR")).id}/retire` }),
      expect: only(["planner", "admin"], 200),
    },
    {
      route: "POST /api/institutions/{institutionId}/units/{unitId}/retire",
      scenario: "a unit with work running",
      build: () => ({ url: `${base}/units/${w.units.child.id}/retire` }),
      expect: only(["planner", "admin"], 409),
    },
    {
      route: "GET /api/institutions/{institutionId}/plans",
      build: () => ({ url: `${base}/plans` }),
      expect: members(200),
    },
    {
      route: "POST /api/institutions/{institutionId}/plans",
      build: () => ({
        url: `${base}/plans`,
        payload: { year: 2026, kind: "POA", title: w.unique("ALFA PLAN NUEVO") },
      }),
      expect: only(["planner", "admin"], 201),
    },
    {
      route: "GET /api/institutions/{institutionId}/plans/{planId}",
      build: () => ({ url: `${base}/plans/${running}` }),
      expect: members(200),
    },
    {
      route: "GET /api/institutions/{institutionId}/plans/{planId}/checks",
      build: () => ({ url: `${base}/plans/${running}/checks` }),
      expect: members(200),
    },
    {
      route: "PATCH /api/institutions/{institutionId}/plans/{planId}",
      build: async () => ({
        url: `${base}/plans/${(await w.plan("draft")).id}`,
        payload: { title: w.unique("ALFA PLAN CORREGIDO") },
      }),
      expect: only(["planner", "admin"], 200),
    },
    {
      route: "PATCH /api/institutions/{institutionId}/plans/{planId}",
      scenario: "a plan in execution",
      build: () => ({ url: `${base}/plans/${running}`, payload: { department: "Planeamiento" } }),
      expect: only(["planner", "admin"], 409),
    },
    {
      route: "POST /api/institutions/{institutionId}/plans/{planId}/copy",
      build: () => ({
        url: `${base}/plans/${running}/copy`,
        payload: { year: 2025, title: w.unique("ALFA PLAN COPIADO"), withProgramming: true },
      }),
      expect: only(["planner"], 201),
    },
    ...(["approve", "start", "close"] as const).map(
      (step): Entry => ({
        route: `POST /api/institutions/{institutionId}/plans/{planId}/${step}`,
        build: async () => {
          const from = ({ approve: "draft", start: "approved", close: "in_execution" } as const)[step];
          return { url: `${base}/plans/${(await w.plan(from)).id}/${step}` };
        },
        expect: only(["planner"], 200),
      }),
    ),
    {
      route: "POST /api/institutions/{institutionId}/plans/{planId}/approve",
      scenario: "a plan in execution",
      build: () => ({ url: `${base}/plans/${running}/approve` }),
      expect: only(["planner"], 409),
    },
    {
      route: "GET /api/institutions/{institutionId}/plans/{planId}/activities",
      build: () => ({ url: `${base}/plans/${running}/activities` }),
      expect: members(200),
    },
    {
      route: "POST /api/institutions/{institutionId}/plans/{planId}/activities",
      build: () => ({
        url: `${base}/plans/${w.plans.draft.id}/activities`,
        payload: { unitId: w.units.child.id, name: w.unique("ALFA ACTIVIDAD NUEVA") },
      }),
      expect: only(["planner"], 201),
    },
    {
      route: "POST /api/institutions/{institutionId}/plans/{planId}/activities",
      scenario: "a plan in execution",
      build: () => ({
        url: `${base}/plans/${running}/activities`,
        payload: { unitId: w.units.child.id, name: w.unique("ALFA ACTIVIDAD TARDÍA") },
      }),
      expect: only(["planner"], 409),
    },
    {
      route: "GET /api/institutions/{institutionId}/activities/{activityId}",
      build: () => ({ url: `${base}/activities/${w.activities.child.id}` }),
      expect: members(200),
    },
    {
      route: "PATCH /api/institutions/{institutionId}/activities/{activityId}",
      build: async () => ({
        url: `${base}/activities/${(await w.activityIn(w.plans.draft.id, w.units.child.id)).id}`,
        payload: { name: w.unique("ALFA ACTIVIDAD CORREGIDA") },
      }),
      expect: only(["planner"], 200),
    },
    {
      route: "DELETE /api/institutions/{institutionId}/activities/{activityId}",
      build: async () => ({
        url: `${base}/activities/${(await w.activityIn(w.plans.draft.id, w.units.child.id)).id}`,
      }),
      expect: only(["planner"], 204),
    },
    {
      route: "PUT /api/institutions/{institutionId}/activities/{activityId}/programmed",
      build: async () => ({
        url: `${base}/activities/${(await w.activityIn(w.plans.draft.id, w.units.child.id)).id}/programmed`,
        payload: { quantities: Array(12).fill(3) },
      }),
      expect: only(["planner"], 200),
    },
    {
      route: "PUT /api/institutions/{institutionId}/activities/{activityId}/programmed",
      scenario: "a plan in execution",
      build: () => ({
        url: `${base}/activities/${w.activities.child.id}/programmed`,
        payload: { quantities: Array(12).fill(3) },
      }),
      expect: only(["planner"], 409),
    },
    {
      route: "GET /api/institutions/{institutionId}/users",
      build: () => ({ url: `${base}/users` }),
      expect: only(["admin"], 200),
    },
    {
      route: "POST /api/institutions/{institutionId}/users",
      build: () => ({
        url: `${base}/users`,
        payload: { email: `${randomUUID()}@alfa.gob.pe`, role: "viewer" },
      }),
      expect: only(["admin"], 202),
    },
    {
      route: "GET /api/institutions/{institutionId}/invitations",
      build: () => ({ url: `${base}/invitations` }),
      expect: only(["admin"], 200),
    },
    {
      route: "DELETE /api/institutions/{institutionId}/invitations/{invitationId}",
      build: async () => ({ url: `${base}/invitations/${(await invitation(w.a.id)).id}` }),
      expect: only(["admin"], 204),
      swapped: 403,
    },
    {
      // The link's token is the credential: whoever holds it, signed in or not. (An invitation
      // to a third institution, so that nothing of A is in the answer.)
      route: "GET /api/invitations/{token}",
      build: async () => ({ url: `/api/invitations/${(await invitation((await gamma()).id)).token}` }),
      expect: every(200),
    },
    {
      // A new account for the invited e-mail, and a session of it in place of the caller's.
      route: "POST /api/invitations/accept",
      build: async (who) => ({
        url: "/api/invitations/accept",
        payload: {
          token: (await invitation((await gamma()).id)).token,
          name: "Persona Invitada",
          password: "una clave de la invitación",
        },
        as: await w.fresh(who),
      }),
      expect: every(200),
    },
    ...(["accept", "decline"] as const).map(
      (answer): Entry => ({
        // The caller's own invitation: any signed-in person answers theirs.
        route: `POST /api/auth/invitations/{id}/${answer}`,
        build: async (who) => {
          const client = await w.fresh(who);
          const { id } = await invitation((await gamma()).id, client?.email);
          return { url: `/api/auth/invitations/${id}/${answer}`, as: client };
        },
        expect: signedIn(answer === "accept" ? 200 : 204),
      }),
    ),
    {
      route: "POST /api/auth/invitations/{id}/accept",
      scenario: "an invitation to someone else",
      build: async () => ({
        url: `/api/auth/invitations/${(await invitation((await gamma()).id)).id}/accept`,
      }),
      expect: signedIn(404),
    },
    {
      route: "PATCH /api/institutions/{institutionId}/users/{userId}",
      build: async () => ({
        url: `${base}/users/${(await w.member("viewer")).id}`,
        payload: { role: "planner" },
      }),
      expect: only(["admin"], 200),
      swapped: 403,
    },
    {
      route: "DELETE /api/institutions/{institutionId}/users/{userId}",
      build: async () => ({ url: `${base}/users/${(await w.member("viewer")).id}` }),
      expect: only(["admin"], 204),
      swapped: 403,
    },
    {
      route: "POST /api/institutions/{institutionId}/users/{userId}/password-reset",
      build: async () => ({ url: `${base}/users/${(await w.member("viewer")).id}/password-reset` }),
      expect: only(["admin"], 200),
      swapped: 403,
    },
    {
      route: "GET /api/institutions/{institutionId}/activities/{activityId}/execution",
      build: () => ({ url: `${base}/activities/${w.activities.child.id}/execution` }),
      expect: members(200),
    },
    {
      route: "PUT /api/institutions/{institutionId}/activities/{activityId}/execution/{month}",
      build: async () => ({
        url: `${base}/activities/${(await w.runningActivity()).id}/execution/${OPEN_MONTH}`,
        payload: { value: 5, version: 0 },
      }),
      expect: only(["editor"], 200),
    },
    {
      route: "PUT /api/institutions/{institutionId}/activities/{activityId}/execution/{month}",
      scenario: "an activity of a unit the editor does not edit",
      build: () => ({
        url: `${base}/activities/${w.activities.other.id}/execution/${OPEN_MONTH}`,
        payload: { value: null, version: 0 },
      }),
      expect: { ...only(["editor"], 200), editor: 403 },
    },
    {
      route: "PUT /api/institutions/{institutionId}/activities/{activityId}/execution/{month}",
      scenario: "a closed month",
      build: () => ({
        url: `${base}/activities/${w.activities.child.id}/execution/1`,
        payload: { value: 5, version: 0 },
      }),
      expect: only(["editor"], 409),
    },
    {
      route: "GET /api/institutions/{institutionId}/plans/{planId}/months",
      build: () => ({ url: `${base}/plans/${running}/months` }),
      expect: members(200),
    },
    {
      route: "GET /api/institutions/{institutionId}/plans/{planId}/months/{month}/missing",
      build: () => ({ url: `${base}/plans/${running}/months/${OPEN_MONTH}/missing` }),
      expect: members(200),
    },
    {
      route: "POST /api/institutions/{institutionId}/plans/{planId}/months/{month}/close",
      build: async () => ({ url: `${base}/plans/${(await w.plan("in_execution")).id}/months/1/close` }),
      expect: only(["planner"], 200),
    },
    {
      route: "POST /api/institutions/{institutionId}/plans/{planId}/months/{month}/close",
      scenario: "a month already closed",
      build: () => ({ url: `${base}/plans/${running}/months/1/close` }),
      expect: only(["planner"], 409),
    },
    {
      route: "POST /api/institutions/{institutionId}/plans/{planId}/months/{month}/reopen",
      build: async () => {
        const plan = await w.plan("in_execution");
        await server.database.db
          .insert(closedMonths)
          .values({ institutionId: w.a.id, planId: plan.id, month: 1 });
        return {
          url: `${base}/plans/${plan.id}/months/1/reopen`,
          payload: { reason: "Corrección del acta" },
        };
      },
      expect: only(["planner"], 200),
    },
    {
      route: "POST /api/institutions/{institutionId}/activities/{activityId}/reprogrammings",
      build: async () => ({
        url: `${base}/activities/${(await w.runningActivity()).id}/reprogrammings`,
        payload: { quantities: w.reprogrammedQuantities(), justification: "Ajuste de metas" },
      }),
      expect: only(["editor", "planner"], 201),
    },
    {
      route: "POST /api/institutions/{institutionId}/activities/{activityId}/reprogrammings",
      scenario: "an activity of a unit the editor does not edit",
      build: async () => ({
        url: `${base}/activities/${(await w.runningActivity(w.units.otherRoot.id)).id}/reprogrammings`,
        payload: { quantities: w.reprogrammedQuantities(), justification: "Ajuste de metas" },
      }),
      expect: only(["planner"], 201),
    },
    {
      route: "GET /api/institutions/{institutionId}/reprogrammings",
      build: () => ({ url: `${base}/reprogrammings` }),
      expect: members(200),
    },
    ...(["approve", "reject"] as const).map(
      (action): Entry => ({
        route: `POST /api/institutions/{institutionId}/reprogrammings/{id}/${action}`,
        build: async () => ({
          url: `${base}/reprogrammings/${(await w.pendingReprogramming()).id}/${action}`,
          payload: { comment: "Revisado" },
        }),
        expect: only(["planner"], 200),
      }),
    ),
    {
      route: "POST /api/institutions/{institutionId}/activities/{activityId}/execution/{month}/evidence",
      build: () => ({ url: w.evidenceUrl(), payload: w.evidenceForm() }),
      expect: only(["editor"], 201),
    },
    {
      route: "POST /api/institutions/{institutionId}/activities/{activityId}/execution/{month}/evidence",
      scenario: "a closed month",
      build: () => ({ url: w.evidenceUrl(w.activities.child.id, 1), payload: w.evidenceForm() }),
      expect: only(["editor"], 409),
    },
    {
      route: "GET /api/institutions/{institutionId}/evidence/{evidenceId}",
      build: () => ({ url: `${base}/evidence/${w.evidence.id}` }),
      expect: members(200),
    },
    {
      // The uploader (the editor) or a planner.
      route: "DELETE /api/institutions/{institutionId}/evidence/{evidenceId}",
      build: async () => ({ url: `${base}/evidence/${(await w.editorEvidence()).id}` }),
      expect: only(["editor", "planner"], 204),
    },
    {
      // It creates an institution: admins (of any institution) and super-admins.
      route: "POST /api/demo",
      build: () => ({ url: "/api/demo" }),
      expect: { ...signedIn(403), admin: 200, superAdmin: 200 },
    },
    {
      // Made by the admin of A above: now only a super-admin or its own admins get its ids.
      route: "POST /api/demo",
      scenario: "the demo exists",
      build: async (who) => ({ url: "/api/demo", as: await w.fresh(who) }),
      expect: { ...signedIn(403), superAdmin: 200 },
    },
    {
      route: "GET /api/institutions/{institutionId}/audit",
      build: () => ({ url: `${base}/audit` }),
      expect: members(200),
    },
    { route: "GET /api/audit", build: () => ({ url: "/api/audit" }), expect: superAdminOnly(200) },
    { route: "GET /api/setup", build: () => ({ url: "/api/setup" }), expect: every(200) },
    {
      // Users exist: the first-run setup is over for everybody.
      route: "POST /api/setup",
      build: () => ({
        url: "/api/setup",
        payload: {
          token: "x".repeat(40),
          email: "nuevo@alfa.gob.pe",
          name: "Nuevo",
          password: "x".repeat(16),
        },
      }),
      expect: every(409),
    },
    { route: "GET /api/backup", build: () => ({ url: "/api/backup" }), expect: superAdminOnly(200) },
  ];
}

function methodOf(route: string): Method {
  return route.split(" ")[0] as Method;
}

async function send(route: string, caller: Caller, built: Built) {
  const client = built.as === undefined ? world.as(caller) : built.as;
  return server.app.inject({
    method: methodOf(route),
    url: built.url,
    ...(built.payload !== undefined ? { payload: built.payload as object } : {}),
    headers: { ...(client?.headers ?? {}), ...(built.headers ?? {}) },
    cookies: client?.cookies ?? {},
  });
}

const isId = (secret: string) => /^[0-9a-f-]{36}$/.test(secret);

/** The URL with every id of institution A replaced by a random one. */
function withoutA(url: string): string {
  let replaced = url;
  for (const secret of world.secrets) if (isId(secret)) replaced = replaced.replaceAll(secret, randomUUID());
  return replaced;
}

function holdsIdOfA(url: string): boolean {
  return [...world.secrets].some((secret) => isId(secret) && url.includes(secret));
}

describe("the permission walk", () => {
  it("has an entry for every route of the OpenAPI document, and no entry for a route that is not there", () => {
    const documented = openApiRoutes(server.app).map((route) => route.key);
    const walked = new Set(table(world).map((entry) => entry.route));
    expect(
      documented.filter((route) => !walked.has(route)),
      "routes without an entry in the walk",
    ).toEqual([]);
    expect(
      [...walked].filter((route) => !documented.includes(route)),
      "entries of unknown routes",
    ).toEqual([]);
  });

  it("answers every caller of every route with the status of the rule, nothing of A to B's user", async () => {
    const wrong: string[] = [];
    for (const entry of table(world)) {
      const name = `${entry.route}${entry.scenario ? ` (${entry.scenario})` : ""}`;
      for (const caller of callers) {
        const built = await entry.build(caller);
        const response = await send(entry.route, caller, built);
        if (response.statusCode !== entry.expect[caller]) {
          wrong.push(
            `${name} as ${caller}: ${response.statusCode}, expected ${entry.expect[caller]} ${response.body.slice(0, 200)}`,
          );
          continue;
        }
        if (caller !== "stranger") continue;
        const leaked = [...world.secrets].filter((secret) => response.body.includes(secret));
        if (leaked.length > 0) wrong.push(`${name} as stranger: the answer shows ${leaked.join(", ")}`);
        if (response.statusCode !== 404) continue;
        const missingBuilt = entry.missing
          ? await entry.missing()
          : { ...(await entry.build(caller)), url: withoutA(built.url), as: world.as("superAdmin") };
        const missing = await send(entry.route, "superAdmin", missingBuilt);
        const missingDetail = missing.statusCode === 404 ? missing.json().detail : undefined;
        if (missingDetail !== response.json().detail) {
          wrong.push(
            `${name}: the stranger's 404 (${response.body}) is not the missing one (${missing.body})`,
          );
        }
        // A's ids under B's own institution, where the stranger is a planner: still nothing.
        const again = await entry.build(caller);
        if (!again.url.includes(world.a.id) || !holdsIdOfA(again.url.replaceAll(world.a.id, ""))) continue;
        const swapped = await send(entry.route, caller, {
          ...again,
          url: again.url.replaceAll(world.a.id, world.b.id),
        });
        const expected = entry.swapped ?? 404;
        if (swapped.statusCode !== expected || (expected === 404 && swapped.json().detail !== missingDetail))
          wrong.push(
            `${name}, A's ids in B's URL: ${swapped.statusCode}, expected ${expected} ${swapped.body}`,
          );
        const shown = [...world.secrets].filter((secret) => swapped.body.includes(secret));
        if (shown.length > 0) wrong.push(`${name}, A's ids in B's URL: the answer shows ${shown.join(", ")}`);
      }
    }
    expect(wrong).toEqual([]);
  }, 120_000);
});
