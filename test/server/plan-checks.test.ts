/**
 * The checks a planner reads before approving (`GET …/plans/{planId}/checks`) and what a month
 * lacks before it closes (`GET …/plans/{planId}/months/{month}/missing`), on plans built here
 * with exact counts.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { programmedValues } from "../../src/db/schema.js";
import { buildExecutionWorld, call, type ExecutionWorld } from "../helpers/execution-world.js";
import { buildActivity, buildInstitution, buildPlan, buildUnit } from "../helpers/factories.js";
import { type Client, loginAs, setUpTestServer } from "../helpers/server.js";

const server = setUpTestServer();

const months = (values: Record<number, number>) =>
  Array.from({ length: 12 }, (_, i) => values[i + 1] ?? null);

describe("plan checks before approval", () => {
  let planner: Client;
  let viewer: Client;
  let stranger: Client;
  let url: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const db = server.database.db;
    const institution = await buildInstitution(db);
    const other = await buildInstitution(db);
    planner = await loginAs(server.app, db, "planner", institution.slug);
    viewer = await loginAs(server.app, db, "viewer", institution.slug);
    stranger = await loginAs(server.app, db, "planner", other.slug);
    const general = await buildUnit(db, institution.id, { name: "GERENCIA GENERAL", position: 1 });
    const finanzas = await buildUnit(db, institution.id, {
      name: "GERENCIA DE FINANZAS",
      parentId: general.id,
    });
    await buildUnit(db, institution.id, { name: "GERENCIA DE RENTAS", parentId: general.id });
    await buildUnit(db, institution.id, { name: "OFICINA DE CONTROL", position: 2 });
    await buildUnit(db, institution.id, { name: "OFICINA RETIRADA", active: false, position: 3 });
    const plan = await buildPlan(db, institution.id, { year: 2025, title: "POI 2025" });
    const where = { institutionId: institution.id, planId: plan.id, unitId: finanzas.id };
    const base = `/api/institutions/${institution.id}`;
    url = `${base}/plans/${plan.id}/checks`;
    const add = async (
      key: string,
      values: Parameters<typeof buildActivity>[2],
      programmed?: (number | null)[],
    ) => {
      const activity = await buildActivity(db, where, values);
      ids[key] = activity.id;
      if (programmed) {
        const response = await call(
          server.app,
          planner,
          "PUT",
          `${base}/activities/${activity.id}/programmed`,
          {
            quantities: programmed,
          },
        );
        expect(response.statusCode).toBe(200);
      }
    };
    await add("fine", { name: "RECAUDACIÓN MENSUAL", annualTarget: "96" }, Array(12).fill(8));
    await add(
      "over",
      { name: "CAPACITACIONES AL PERSONAL", annualTarget: "12" },
      months({ 1: 4, 2: 4, 3: 4, 4: 4 }),
    );
    await add(
      "progressShort",
      {
        name: "AVANCE DEL SISTEMA DE TESORERÍA",
        measureKind: "progress",
        cumulative: false,
        annualTarget: null,
      },
      months({ 3: 30, 6: 60, 12: 90 }),
    );
    // Progress is a % at each month's end: its year's figure is the last month (100), not a sum.
    await add(
      "progressDone",
      { name: "AVANCE DEL PADRÓN", measureKind: "progress", cumulative: false, annualTarget: "100" },
      months({ 6: 50, 9: 80, 12: 100 }),
    );
    await add("empty", { name: "INFORMES DE GESTIÓN", annualTarget: "10" });
    await add(
      "dates",
      { name: "CAMPAÑA DE FISCALIZACIÓN", annualTarget: "3", startDate: "2024-12-01", endDate: "2025-03-31" },
      months({ 1: 1, 2: 1, 3: 1 }),
    );
    await add("withdrawn", { name: "ACTIVIDAD RETIRADA", annualTarget: "5", active: false });
  });

  it("lists META ≠ programmed, nothing programmed, units without activities and dates outside the year, with counts", async () => {
    const response = await call(server.app, viewer, "GET", url);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ year: 2025, status: "draft", activityCount: 6, warningCount: 6 });
    const byCode = Object.fromEntries(body.checks.map((check: { code: string }) => [check.code, check]));
    expect(body.checks.map((check: { code: string; count: number }) => [check.code, check.count])).toEqual([
      ["target_differs", 2],
      ["nothing_programmed", 1],
      ["unit_without_activities", 2],
      ["dates_outside_year", 1],
    ]);
    // In the grid's order (position, then name).
    expect(byCode.target_differs.items).toEqual([
      expect.objectContaining({
        activityId: ids.progressShort,
        activityName: "AVANCE DEL SISTEMA DE TESORERÍA",
        measureKind: "progress",
        target: 100,
        programmed: 90,
      }),
      expect.objectContaining({
        activityId: ids.over,
        activityName: "CAPACITACIONES AL PERSONAL",
        unitName: "GERENCIA DE FINANZAS",
        measureKind: "quantity",
        target: 12,
        programmed: 16,
      }),
    ]);
    expect(byCode.nothing_programmed.items).toEqual([
      expect.objectContaining({
        activityId: ids.empty,
        activityName: "INFORMES DE GESTIÓN",
        target: 10,
        programmed: 0,
      }),
    ]);
    // GERENCIA GENERAL holds none itself, but FINANZAS below it does; the retired office is left out.
    expect(byCode.unit_without_activities.items.map((item: { unitName: string }) => item.unitName)).toEqual([
      "GERENCIA DE RENTAS",
      "OFICINA DE CONTROL",
    ]);
    expect(byCode.unit_without_activities.items[0]).toMatchObject({ activityId: null, activityName: null });
    expect(byCode.dates_outside_year.items).toEqual([
      expect.objectContaining({
        activityId: ids.dates,
        activityName: "CAMPAÑA DE FISCALIZACIÓN",
        startDate: "2024-12-01",
        endDate: "2025-03-31",
      }),
    ]);
  });

  it("is the tenant 404 to another institution and does not block approval", async () => {
    expect((await call(server.app, stranger, "GET", url)).statusCode).toBe(404);
    expect((await call(server.app, undefined, "GET", url)).statusCode).toBe(401);
    const approved = await call(server.app, planner, "POST", url.replace(/checks$/, "approve"));
    expect(approved.json()).toMatchObject({ status: "approved" });
    expect((await call(server.app, planner, "GET", url)).json()).toMatchObject({
      status: "approved",
      warningCount: 6,
    });
  });
});

describe("what a month lacks before it closes", () => {
  let w: ExecutionWorld;

  beforeAll(async () => {
    const db = server.database.db;
    w = await buildExecutionWorld(server.app, db);
    const ids = { institutionId: w.institution.id, planId: w.plan.id, unitId: w.units.rentas.id };
    const february = await buildActivity(db, ids, { name: "FISCALIZACIÓN DE FEBRERO", annualTarget: "5" });
    const never = await buildActivity(db, ids, { name: "SIN PROGRAMACIÓN", annualTarget: "1" });
    await db.insert(programmedValues).values([
      { institutionId: w.institution.id, versionId: w.versions.currentId, activityId: february.id, q02: "5" },
      { institutionId: w.institution.id, versionId: w.versions.currentId, activityId: never.id, q02: "0" },
    ]);
    const recorded = await call(
      server.app,
      w.clients.editor,
      "PUT",
      `${w.base}/activities/${w.activity.id}/execution/2`,
      {
        value: 7,
        version: 0,
      },
    );
    expect(recorded.statusCode).toBe(200);
  });

  it("lists the activities programmed that month with nothing recorded, by unit, with counts", async () => {
    const february = await call(
      server.app,
      w.clients.viewer,
      "GET",
      `${w.base}/plans/${w.plan.id}/months/2/missing`,
    );
    expect(february.statusCode).toBe(200);
    expect(february.json()).toEqual({
      month: 2,
      count: 2,
      units: [
        {
          unitId: w.units.finanzas.id,
          unitName: "GERENCIA DE FINANZAS",
          count: 1,
          activities: [
            { activityId: w.progress.id, activityName: "AVANCE DEL SISTEMA DE TESORERÍA", programmed: 8 },
          ],
        },
        {
          unitId: w.units.rentas.id,
          unitName: "GERENCIA DE RENTAS",
          count: 1,
          activities: [
            { activityId: expect.any(String), activityName: "FISCALIZACIÓN DE FEBRERO", programmed: 5 },
          ],
        },
      ],
    });
    const march = (
      await call(server.app, w.clients.planner, "GET", `${w.base}/plans/${w.plan.id}/months/3/missing`)
    ).json();
    expect(march).toMatchObject({
      month: 3,
      count: 2,
      units: [{ unitName: "GERENCIA DE FINANZAS", count: 2 }],
    });
    expect(march.units).toHaveLength(1);
  });

  it("refuses a month out of range and another institution's plan", async () => {
    const bad = await call(
      server.app,
      w.clients.planner,
      "GET",
      `${w.base}/plans/${w.plan.id}/months/13/missing`,
    );
    expect(bad.statusCode).toBe(400);
    const foreign = await call(
      server.app,
      w.clients.stranger,
      "GET",
      `${w.base}/plans/${w.plan.id}/months/2/missing`,
    );
    expect(foreign.statusCode).toBe(404);
  });
});
