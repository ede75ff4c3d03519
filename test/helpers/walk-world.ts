/**
 * The world of the permission walk and the security sweep: institution A (units ALFA RAÍZ →
 * ALFA HIJA, and ALFA OTRA RAÍZ; a draft plan and a plan in execution with January closed and
 * activities in HIJA and OTRA RAÍZ; one evidence file), institution B with a plan of its own,
 * a client per caller, and builders of fresh targets for the calls that change state.
 * Every id and name of A made here lands in `secrets`: nothing of it may reach B's user.
 */
import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import type { Db } from "../../src/db/connection.js";
import { closedMonths, membershipUnits, programmedValues } from "../../src/db/schema.js";
import type { Role } from "../../src/domain/roles.js";
import { createApiToken } from "../../src/services/auth/create-api-token.js";
import { addUser } from "../../src/services/users/add-user.js";
import { buildProgramming } from "./execution-world.js";
import { buildActivity, buildInstitution, buildPlan, buildUnit } from "./factories.js";
import { type Client, loginAs, PASSWORD } from "./server.js";

export const callers = [
  "anonymous",
  "viewer",
  "editor",
  "planner",
  "admin",
  "stranger",
  "superAdmin",
] as const;
export type Caller = (typeof callers)[number];

export const PROGRAMMED = 8;
/** The running plan's open month (January is closed). */
export const OPEN_MONTH = 2;

export type WalkWorld = Awaited<ReturnType<typeof buildWalkWorld>>;

export async function buildWalkWorld(app: FastifyInstance, db: Db) {
  let serial = 0;
  const unique = (what: string) => `${what} ${++serial}-${randomUUID().slice(0, 8)}`;
  const secrets = new Set<string>();
  const keep = <T extends { id: string }>(row: T, ...names: (string | null | undefined)[]): T => {
    secrets.add(row.id);
    for (const name of names) if (name) secrets.add(name);
    return row;
  };

  const a = await buildInstitution(db, { name: unique("INSTITUCIÓN ALFA") });
  keep(a, a.name, a.slug);
  const b = await buildInstitution(db, { name: unique("INSTITUCIÓN BETA") });
  const unit = async (name: string, parentId?: string) => {
    const row = await buildUnit(db, a.id, { name: unique(name), ...(parentId ? { parentId } : {}) });
    return keep(row, row.name);
  };
  const root = await unit("ALFA RAÍZ");
  const child = await unit("ALFA HIJA", root.id);
  const otherRoot = await unit("ALFA OTRA RAÍZ");

  const plan = async (status: "draft" | "approved" | "in_execution") => {
    const row = await buildPlan(db, a.id, { status, title: unique("ALFA PLAN"), year: 2024 });
    return keep(row, row.title);
  };
  const draft = await plan("draft");
  const running = await plan("in_execution");
  const activityIn = async (planId: string, unitId: string) => {
    const row = await buildActivity(
      db,
      { institutionId: a.id, planId, unitId },
      { name: unique("ALFA ACTIVIDAD") },
    );
    return keep(row, row.name);
  };
  const childActivity = await activityIn(running.id, child.id);
  const otherActivity = await activityIn(running.id, otherRoot.id);
  const versions = await buildProgramming(
    db,
    { institutionId: a.id, planId: running.id, activityIds: [childActivity.id, otherActivity.id] },
    PROGRAMMED,
  );
  keep({ id: versions.currentId });
  keep({ id: versions.baselineId });
  const draftActivity = await activityIn(draft.id, child.id);
  await db.insert(closedMonths).values({ institutionId: a.id, planId: running.id, month: 1 });

  const bUnit = await buildUnit(db, b.id, { name: "BETA UNIDAD" });
  const bPlan = await buildPlan(db, b.id, { status: "in_execution", title: "BETA PLAN" });
  await buildActivity(
    db,
    { institutionId: b.id, planId: bPlan.id, unitId: bUnit.id },
    { name: "BETA ACTIVIDAD" },
  );

  /** A new logged-in user of the caller's kind (anonymous: none). */
  const fresh = async (caller: Caller): Promise<Client | null> => {
    if (caller === "anonymous") return null;
    if (caller === "stranger") return loginAs(app, db, "planner", b.slug);
    if (caller === "superAdmin") return loginAs(app, db, "super-admin");
    const client = await loginAs(app, db, caller, a.slug);
    secrets.add(client.userId);
    secrets.add(client.email);
    if (caller === "editor") {
      await db
        .insert(membershipUnits)
        .values({ institutionId: a.id, userId: client.userId, unitId: child.id });
    }
    return client;
  };
  const clients = {} as Record<Caller, Client | null>;
  for (const caller of callers) clients[caller] = await fresh(caller);
  const as = (caller: Caller) => clients[caller];

  const base = `/api/institutions/${a.id}`;

  /** An activity of the running plan, programmed 8 a month in both versions. */
  const runningActivity = async (unitId = child.id) => {
    const row = await activityIn(running.id, unitId);
    const months = Object.fromEntries(
      Array.from({ length: 12 }, (_, i) => [`q${String(i + 1).padStart(2, "0")}`, String(PROGRAMMED)]),
    );
    for (const versionId of [versions.currentId, versions.baselineId]) {
      await db
        .insert(programmedValues)
        .values({ institutionId: a.id, versionId, activityId: row.id, ...months });
    }
    return row;
  };

  const planner = as("planner") as Client;
  const editor = as("editor") as Client;
  const send = (client: Client, method: "POST" | "PUT", url: string, payload: object | FormData) =>
    app.inject({ method, url, payload, headers: client.headers, cookies: client.cookies });

  /** A request body changing every month but the closed January. */
  const reprogrammedQuantities = () => [PROGRAMMED, ...Array(11).fill(PROGRAMMED + 1)];

  const pendingReprogramming = async () => {
    const activity = await runningActivity();
    const response = await send(planner, "POST", `${base}/activities/${activity.id}/reprogrammings`, {
      quantities: reprogrammedQuantities(),
      justification: "Ajuste de metas",
    });
    if (response.statusCode !== 201) throw new Error(`reprogramming: ${response.body}`);
    return keep(response.json() as { id: string });
  };

  const evidenceForm = (content = "Acta de la reunión de seguimiento.") => {
    const form = new FormData();
    form.append("file", new Blob([content], { type: "text/plain" }), "acta.txt");
    return form;
  };
  const evidenceUrl = (activityId = childActivity.id, month = OPEN_MONTH) =>
    `${base}/activities/${activityId}/execution/${month}/evidence`;
  const editorEvidence = async () => {
    const response = await send(editor, "POST", evidenceUrl(), evidenceForm());
    if (response.statusCode !== 201) throw new Error(`evidence: ${response.body}`);
    return keep(response.json() as { id: string });
  };
  const evidence = await editorEvidence();

  const member = async (role: Role) => {
    const email = `${unique("miembro").replace(/\W+/g, "-")}@alfa.gob.pe`.toLowerCase();
    const user = await addUser(db, { email, role, password: PASSWORD, institution: a.slug });
    return keep(user, email);
  };

  /** A new API token of the client's user: its secret and its row. */
  const apiToken = (client: Client) => createApiToken(db, { userId: client.userId, name: "script" });

  return {
    a,
    b,
    units: { root, child, otherRoot },
    plans: { draft, running },
    activities: { child: childActivity, other: otherActivity, draft: draftActivity },
    evidence,
    versions,
    base,
    secrets,
    unique,
    as,
    fresh,
    plan,
    unit,
    activityIn,
    runningActivity,
    reprogrammedQuantities,
    pendingReprogramming,
    evidenceForm,
    evidenceUrl,
    editorEvidence,
    member,
    apiToken,
  };
}

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
/** The part of a JSON schema the tests read. */
export type FieldSchema = {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  minItems?: number;
  items?: FieldSchema;
  properties?: Record<string, FieldSchema>;
  required?: string[];
};
export type ApiParameter = {
  in: "query" | "path" | "header";
  name: string;
  required?: boolean;
  schema: FieldSchema;
};
export type ApiRoute = {
  key: string;
  method: Method;
  path: string;
  /** The JSON body's schema, when the route takes one. */
  jsonBody?: FieldSchema;
  parameters: ApiParameter[];
};

/** Every path × method of the OpenAPI document under /api (call after `app.ready()`). */
export function openApiRoutes(app: FastifyInstance): ApiRoute[] {
  const document = app.swagger() as {
    paths: Record<
      string,
      Record<
        string,
        { parameters?: ApiParameter[]; requestBody?: { content?: Record<string, { schema: object }> } }
      >
    >;
  };
  return Object.entries(document.paths)
    .filter(([path]) => path.startsWith("/api/"))
    .flatMap(([path, operations]) =>
      Object.entries(operations).map(([method, operation]) => {
        const upper = method.toUpperCase() as Method;
        const jsonBody = operation.requestBody?.content?.["application/json"]?.schema as ApiRoute["jsonBody"];
        const parameters = operation.parameters ?? [];
        return {
          key: `${upper} ${path}`,
          method: upper,
          path,
          parameters,
          ...(jsonBody ? { jsonBody } : {}),
        };
      }),
    );
}
