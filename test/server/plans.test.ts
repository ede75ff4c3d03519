import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { plans, programmedValues, programmingVersions } from "../../src/db/schema.js";
import { buildProgramming } from "../helpers/execution-world.js";
import { buildActivity, buildPlan, buildUnit } from "../helpers/factories.js";
import {
  auditCount,
  buildManagementWorld,
  call,
  HOSTILE_TEXTS,
  type ManagementWorld,
  NOT_FOUND,
} from "../helpers/management-world.js";
import { setUpTestServer } from "../helpers/server.js";

const server = setUpTestServer();
let world: ManagementWorld;
let base: string;

beforeAll(async () => {
  world = await buildManagementWorld(server.app, server.database.db);
  base = `/api/institutions/${world.mine.id}`;
});

const plan2025 = { year: 2025, kind: "POI", title: "PLAN OPERATIVO INSTITUCIONAL 2025" };

async function programmedByRole(planId: string) {
  const rows = await server.database.db
    .select({ role: programmingVersions.role, q01: programmedValues.q01, q02: programmedValues.q02 })
    .from(programmedValues)
    // A mirroring baseline reads the values of the version it mirrors, as reports do.
    .innerJoin(
      programmingVersions,
      and(
        eq(programmingVersions.institutionId, programmedValues.institutionId),
        eq(
          sql`coalesce(${programmingVersions.mirrors}, ${programmingVersions.id})`,
          programmedValues.versionId,
        ),
      ),
    )
    .where(and(eq(programmingVersions.institutionId, world.mine.id), eq(programmingVersions.planId, planId)));
  return Object.fromEntries(rows.map((row) => [row.role, [Number(row.q01), Number(row.q02)]]));
}

describe("plans", () => {
  it("a planner or an admin creates a draft; members list and read it; strangers get the tenant 404", async () => {
    expect((await call(server.app, undefined, "POST", `${base}/plans`, plan2025)).statusCode).toBe(401);
    expect((await call(server.app, world.viewer, "POST", `${base}/plans`, plan2025)).statusCode).toBe(403);
    expect((await call(server.app, world.editor, "POST", `${base}/plans`, plan2025)).statusCode).toBe(403);
    expect((await call(server.app, world.stranger, "POST", `${base}/plans`, plan2025)).json()).toEqual(
      NOT_FOUND,
    );

    const created = await call(server.app, world.planner, "POST", `${base}/plans`, {
      ...plan2025,
      generalObjective: "Mejorar la recaudación",
      documentDate: "2025-01-15",
    });
    expect(created.statusCode).toBe(201);
    const plan = created.json();
    expect(plan).toMatchObject({ ...plan2025, status: "draft", documentDate: "2025-01-15" });
    const byAdmin = await call(server.app, world.admin, "POST", `${base}/plans`, {
      ...plan2025,
      kind: "POA",
      title: "POA 2025",
    });
    expect(byAdmin.statusCode).toBe(201);

    const list = await call(server.app, world.viewer, "GET", `${base}/plans?year=2025`);
    expect(list.statusCode).toBe(200);
    expect(list.json()).toMatchObject({ total: 2, page: 1, pageSize: 50 });
    expect((await call(server.app, world.viewer, "GET", `${base}/plans/${plan.id}`)).json()).toMatchObject({
      title: plan2025.title,
    });
    const foreign = await call(server.app, world.stranger, "GET", `${base}/plans/${plan.id}`);
    expect(foreign.statusCode).toBe(404);
    const theirPlan = await buildPlan(server.database.db, world.theirs.id);
    const crossed = await call(server.app, world.planner, "GET", `${base}/plans/${theirPlan.id}`);
    expect(crossed.json()).toEqual(NOT_FOUND);
    expect(foreign.json()).toEqual(NOT_FOUND);
  });

  it("a plan found by its id alone names its institution for its members and super-admins; others get the 404", async () => {
    const theirPlan = await buildPlan(server.database.db, world.theirs.id);
    const minePlan = await buildPlan(server.database.db, world.mine.id);
    const seen = await call(server.app, world.viewer, "GET", `/api/plans/${minePlan.id}`);
    expect(seen.statusCode).toBe(200);
    expect(seen.json()).toMatchObject({ id: minePlan.id, institutionId: world.mine.id });
    const byRoot = await call(server.app, world.root, "GET", `/api/plans/${theirPlan.id.toUpperCase()}`);
    expect(byRoot.json()).toMatchObject({ id: theirPlan.id, institutionId: world.theirs.id });
    expect((await call(server.app, world.planner, "GET", `/api/plans/${theirPlan.id}`)).json()).toEqual(
      NOT_FOUND,
    );
    expect((await call(server.app, world.planner, "GET", "/api/plans/no-es-un-id")).json()).toEqual(
      NOT_FOUND,
    );
    expect((await call(server.app, undefined, "GET", `/api/plans/${minePlan.id}`)).statusCode).toBe(401);
  });

  it("refuses a twin plan, bad years and kinds in Spanish, and leaves the server.database unchanged", async () => {
    const before = await server.database.db
      .select()
      .from(plans)
      .where(eq(plans.institutionId, world.mine.id));
    const audits = await auditCount(server.database.db, world.mine.id);
    const twin = await call(server.app, world.planner, "POST", `${base}/plans`, plan2025);
    expect(twin.statusCode).toBe(409);
    expect(twin.json().detail).toBe(
      "Ya existe el POI 2025 «PLAN OPERATIVO INSTITUCIONAL 2025» en esta institución.",
    );
    const year = await call(server.app, world.planner, "POST", `${base}/plans`, { ...plan2025, year: 1999 });
    expect(year.json()).toMatchObject({
      status: 400,
      field: "year",
      detail: expect.stringContaining("entre 2000 y 2100"),
    });
    const kind = await call(server.app, world.planner, "POST", `${base}/plans`, { ...plan2025, kind: "PEI" });
    expect(kind.json()).toMatchObject({ field: "kind", detail: expect.stringContaining("Use POI o POA") });
    const date = await call(server.app, world.planner, "POST", `${base}/plans`, {
      ...plan2025,
      documentDate: "15/01/2025",
    });
    expect(date.json()).toMatchObject({
      field: "documentDate",
      detail: expect.stringContaining("AAAA-MM-DD"),
    });
    const extra = await call(server.app, world.planner, "POST", `${base}/plans`, {
      ...plan2025,
      status: "closed",
    });
    expect(extra.json()).toMatchObject({ field: "status", detail: "Campo no permitido: «status»." });
    expect(
      await server.database.db.select().from(plans).where(eq(plans.institutionId, world.mine.id)),
    ).toEqual(before);
    expect(await auditCount(server.database.db, world.mine.id)).toBe(audits);
  });

  it("edits only while draft; moves draft → approved → in_execution → closed; a wrong step is a 409 naming the status and its code", async () => {
    const plan = (
      await call(server.app, world.planner, "POST", `${base}/plans`, {
        ...plan2025,
        title: "POI 2025 — ciclo",
      })
    ).json();
    const url = `${base}/plans/${plan.id}`;
    const renamed = await call(server.app, world.planner, "PATCH", url, {
      title: "POI 2025 — ciclo completo",
    });
    expect(renamed.json()).toMatchObject({ title: "POI 2025 — ciclo completo" });

    const early = await call(server.app, world.planner, "POST", `${url}/start`);
    expect(early.statusCode).toBe(409);
    expect(early.json().detail).toBe(
      "No se puede iniciar la ejecución del plan: está en borrador (se requiere que esté aprobado).",
    );
    // Only planners (and super-admins) move a plan: not admins, not viewers.
    expect((await call(server.app, world.admin, "POST", `${url}/approve`)).statusCode).toBe(403);
    expect((await call(server.app, world.viewer, "POST", `${url}/approve`)).statusCode).toBe(403);
    expect((await call(server.app, world.stranger, "POST", `${url}/approve`)).json()).toEqual(NOT_FOUND);
    expect((await call(server.app, undefined, "POST", `${url}/approve`)).statusCode).toBe(401);

    expect((await call(server.app, world.planner, "POST", `${url}/approve`)).json()).toMatchObject({
      status: "approved",
    });
    const again = await call(server.app, world.planner, "POST", `${url}/approve`);
    expect(again.statusCode).toBe(409);
    // The web words the refusal from its code and params, in the user's language.
    expect(again.json()).toEqual({
      type: "conflict",
      title: "Conflicto",
      status: 409,
      detail: "No se puede aprobar el plan: está aprobado (se requiere que esté en borrador).",
      field: "status",
      code: "plan_wrong_status",
      params: { transition: "approve", status: "approved", required: "draft" },
    });
    const edit = await call(server.app, world.planner, "PATCH", url, { title: "Otro" });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().detail).toContain("El plan está aprobado: use una reprogramación");
    expect(edit.json()).toMatchObject({ code: "plan_not_draft", params: { status: "approved" } });

    expect((await call(server.app, world.planner, "POST", `${url}/start`)).json()).toMatchObject({
      status: "in_execution",
    });
    expect((await call(server.app, world.root, "POST", `${url}/close`)).json()).toMatchObject({
      status: "closed",
    });
    const reopen = await call(server.app, world.planner, "POST", `${url}/close`);
    expect(reopen.json().detail).toBe(
      "No se puede cerrar el plan: está cerrado (se requiere que esté en ejecución).",
    );
  });

  it("approval copies the current programming into the derived baseline, and keeps a baseline brought by the source", async () => {
    const unit = await buildUnit(server.database.db, world.mine.id);
    const plan = (
      await call(server.app, world.planner, "POST", `${base}/plans`, {
        ...plan2025,
        title: "POI con línea de base",
      })
    ).json();
    const activity = (
      await call(server.app, world.planner, "POST", `${base}/plans/${plan.id}/activities`, {
        unitId: unit.id,
        name: "FISCALIZACIÓN",
      })
    ).json();
    const put = await call(server.app, world.planner, "PUT", `${base}/activities/${activity.id}/programmed`, {
      quantities: [4, 6, null, null, null, null, null, null, null, null, null, null],
    });
    expect(put.statusCode).toBe(200);
    // In a draft, the baseline mirrors the current programming: it holds no values of its own.
    expect(await programmedByRole(plan.id)).toEqual({ current: [4, 6], baseline: [4, 6] });
    const versionsOf = () =>
      server.database.db
        .select()
        .from(programmingVersions)
        .where(
          and(eq(programmingVersions.institutionId, world.mine.id), eq(programmingVersions.planId, plan.id)),
        );
    const current = (await versionsOf()).find((version) => version.role === "current");
    const derived = (await versionsOf()).find((version) => version.role === "baseline");
    expect(derived).toMatchObject({ code: "LINEA_BASE", mirrors: current?.id });
    // Whatever the baseline holds at approval (here: a stray row), approval makes it the current programming.
    await server.database.db.insert(programmedValues).values({
      institutionId: world.mine.id,
      versionId: derived?.id as string,
      activityId: activity.id,
      q01: "99",
    });
    const approved = await call(server.app, world.planner, "POST", `${base}/plans/${plan.id}/approve`);
    expect(approved.statusCode).toBe(200);
    expect((await versionsOf()).find((version) => version.role === "baseline")?.mirrors).toBeNull();
    expect(await programmedByRole(plan.id)).toEqual({ current: [4, 6], baseline: [4, 6] });
    // Frozen: a later change of the current programming (a reprogramming) leaves the baseline as approved.
    await server.database.db
      .update(programmedValues)
      .set({ q01: "5" })
      .where(eq(programmedValues.versionId, current?.id as string));
    expect(await programmedByRole(plan.id)).toEqual({ current: [5, 6], baseline: [4, 6] });

    // A CEPLAN-like plan: its baseline (another code) differs from the current one and stays so.
    const ceplan = await buildPlan(server.database.db, world.mine.id, { title: "POI CEPLAN" });
    const row = await buildActivity(server.database.db, {
      institutionId: world.mine.id,
      planId: ceplan.id,
      unitId: unit.id,
    });
    const { baselineId } = await buildProgramming(
      server.database.db,
      { institutionId: world.mine.id, planId: ceplan.id, activityIds: [row.id] },
      8,
    );
    await server.database.db
      .update(programmedValues)
      .set({ q01: "3" })
      .where(eq(programmedValues.versionId, baselineId));
    expect(
      (await call(server.app, world.planner, "POST", `${base}/plans/${ceplan.id}/approve`)).statusCode,
    ).toBe(200);
    expect(await programmedByRole(ceplan.id)).toEqual({ current: [8, 8], baseline: [3, 8] });
  });

  it("two creations of the same plan at once: one plan, one 409", async () => {
    const twin = { ...plan2025, title: "POI duplicado a la vez" };
    const answers = await Promise.all(
      [world.planner, world.admin].map((client) => call(server.app, client, "POST", `${base}/plans`, twin)),
    );
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([201, 409]);
  });

  it("two approvals at once: one wins, the other is a 409", async () => {
    const plan = (
      await call(server.app, world.planner, "POST", `${base}/plans`, { ...plan2025, title: "POI en carrera" })
    ).json();
    const answers = await Promise.all(
      [world.planner, world.root].map((client) =>
        call(server.app, client, "POST", `${base}/plans/${plan.id}/approve`),
      ),
    );
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([200, 409]);
  });

  it("records each transition in the audit log with before and after", async () => {
    const plan = (
      await call(server.app, world.planner, "POST", `${base}/plans`, { ...plan2025, title: "POI auditado" })
    ).json();
    const audits = await auditCount(server.database.db, world.mine.id);
    await call(server.app, world.planner, "POST", `${base}/plans/${plan.id}/approve`);
    expect(await auditCount(server.database.db, world.mine.id)).toBe(audits + 1);
  });

  it("stores hostile titles verbatim and returns them as inert JSON", async () => {
    for (const title of HOSTILE_TEXTS) {
      const created = await call(server.app, world.planner, "POST", `${base}/plans`, {
        ...plan2025,
        title,
        generalObjective: title,
      });
      expect(created.statusCode).toBe(201);
      expect(created.headers["content-type"]).toMatch(/^application\/json/);
      expect(created.json()).toMatchObject({ title, generalObjective: title });
      expect(
        (await call(server.app, world.viewer, "GET", `${base}/plans/${created.json().id}`)).json().title,
      ).toBe(title);
    }
  });
});
