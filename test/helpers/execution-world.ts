/**
 * One institution ready for execution tests: a unit tree (GERENCIA GENERAL → GERENCIA DE
 * FINANZAS, and GERENCIA DE RENTAS beside it), a plan in execution with an activity in
 * FINANZAS whose current and baseline programming are 8 a month, and a client per role: a
 * planner, an editor of GERENCIA GENERAL (so of FINANZAS below it), an editor of RENTAS, a
 * viewer, and a planner of another institution.
 */
import type { FastifyInstance } from "fastify";
import type { Db } from "../../src/db/connection.js";
import { membershipUnits, programmedValues, programmingVersions } from "../../src/db/schema.js";
import { buildActivity, buildInstitution, buildPlan, buildUnit } from "./factories.js";
import { type Client, loginAs } from "./server.js";

export const PROGRAMMED = 8;

export type ExecutionWorld = Awaited<ReturnType<typeof buildExecutionWorld>>;

export async function buildProgramming(
  db: Db,
  ids: { institutionId: string; planId: string; activityIds: string[] },
  monthly: number,
) {
  const [current, baseline] = await db
    .insert(programmingVersions)
    .values([
      {
        institutionId: ids.institutionId,
        planId: ids.planId,
        code: "VIGENTE",
        name: "Vigente",
        role: "current",
      },
      {
        institutionId: ids.institutionId,
        planId: ids.planId,
        code: "BASE",
        name: "Línea de base",
        role: "baseline",
      },
    ])
    .returning();
  const months = Object.fromEntries(
    Array.from({ length: 12 }, (_, i) => [`q${String(i + 1).padStart(2, "0")}`, String(monthly)]),
  );
  for (const version of [current, baseline]) {
    for (const activityId of ids.activityIds) {
      await db.insert(programmedValues).values({
        institutionId: ids.institutionId,
        versionId: version?.id as string,
        activityId,
        ...months,
      });
    }
  }
  return { currentId: current?.id as string, baselineId: baseline?.id as string };
}

async function editorOf(app: FastifyInstance, db: Db, slug: string, institutionId: string, unitId: string) {
  const client = await loginAs(app, db, "editor", slug);
  await db.insert(membershipUnits).values({ institutionId, userId: client.userId, unitId });
  return client;
}

export async function buildExecutionWorld(app: FastifyInstance, db: Db) {
  const institution = await buildInstitution(db);
  const other = await buildInstitution(db);
  const gerencia = await buildUnit(db, institution.id, { name: "GERENCIA GENERAL" });
  const finanzas = await buildUnit(db, institution.id, {
    name: "GERENCIA DE FINANZAS",
    parentId: gerencia.id,
  });
  const rentas = await buildUnit(db, institution.id, { name: "GERENCIA DE RENTAS", parentId: gerencia.id });
  const plan = await buildPlan(db, institution.id, { status: "in_execution" });
  const ids = { institutionId: institution.id, planId: plan.id };
  const activity = await buildActivity(db, { ...ids, unitId: finanzas.id }, { annualTarget: "96" });
  const progress = await buildActivity(
    db,
    { ...ids, unitId: finanzas.id },
    {
      name: "AVANCE DEL SISTEMA DE TESORERÍA",
      measureKind: "progress",
      cumulative: false,
      annualTarget: "100",
    },
  );
  const versions = await buildProgramming(
    db,
    { ...ids, activityIds: [activity.id, progress.id] },
    PROGRAMMED,
  );
  const clients: Record<"planner" | "editor" | "otherEditor" | "viewer" | "stranger", Client> = {
    planner: await loginAs(app, db, "planner", institution.slug),
    editor: await editorOf(app, db, institution.slug, institution.id, gerencia.id),
    otherEditor: await editorOf(app, db, institution.slug, institution.id, rentas.id),
    viewer: await loginAs(app, db, "viewer", institution.slug),
    stranger: await loginAs(app, db, "planner", other.slug),
  };
  const base = `/api/institutions/${institution.id}`;
  return {
    institution,
    other,
    units: { gerencia, finanzas, rentas },
    plan,
    activity,
    progress,
    versions,
    clients,
    base,
  };
}

/** A request as `client` (or anonymous): cookies, CSRF header and an optional JSON body. */
export function call(
  app: FastifyInstance,
  client: Client | undefined,
  method: "GET" | "PUT" | "POST" | "DELETE",
  url: string,
  payload?: object,
) {
  return app.inject({
    method,
    url,
    ...(payload ? { payload } : {}),
    headers: client?.headers ?? {},
    cookies: client?.cookies ?? {},
  });
}
