import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { activities, executedValues, programmedValues } from "../../src/db/schema.js";
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
let draftId: string;
const unit = { general: "", finanzas: "", rentas: "" };

const months = (...values: (number | null)[]) => [...values, ...Array(12 - values.length).fill(null)];

beforeAll(async () => {
  world = await buildManagementWorld(server.app, server.database.db);
  base = `/api/institutions/${world.mine.id}`;
  const general = await buildUnit(server.database.db, world.mine.id, { name: "GERENCIA GENERAL" });
  const finanzas = await buildUnit(server.database.db, world.mine.id, {
    name: "GERENCIA DE FINANZAS",
    parentId: general.id,
  });
  const rentas = await buildUnit(server.database.db, world.mine.id, { name: "GERENCIA DE RENTAS" });
  Object.assign(unit, { general: general.id, finanzas: finanzas.id, rentas: rentas.id });
  const draft = await call(server.app, world.planner, "POST", `${base}/plans`, {
    year: 2021,
    kind: "POI",
    title: "POI 2021",
  });
  draftId = draft.json().id;
});

async function add(body: object, planId = draftId) {
  const response = await call(server.app, world.planner, "POST", `${base}/plans/${planId}/activities`, body);
  expect(response.statusCode).toBe(201);
  return response.json();
}

async function activityRows() {
  return server.database.db.select().from(activities).where(eq(activities.institutionId, world.mine.id));
}

describe("activities of a draft plan", () => {
  it("a planner adds, programs and reads activities with their 12 programmed and executed months", async () => {
    const created = await add({
      unitId: unit.finanzas,
      name: "ATENCIÓN DE LAS SOLICITUDES DE REVISIÓN",
      unitOfMeasure: "ATENCIONES",
      annualTarget: 14,
      startDate: "2021-01-04",
      endDate: "2021-12-31",
    });
    expect(created).toMatchObject({
      unitName: "GERENCIA DE FINANZAS",
      annualTarget: 14,
      startDate: "2021-01-04",
      planStatus: "draft",
      programmed: months(),
      executed: months(),
    });
    const put = await call(server.app, world.planner, "PUT", `${base}/activities/${created.id}/programmed`, {
      quantities: months(4, 5, 5),
      money: months(1200.5, 0.0001),
    });
    expect(put.statusCode).toBe(200);
    expect(put.json().programmed).toEqual(months(4, 5, 5));
    expect(put.json().programmedMoney).toEqual(months(1200.5, 0.0001));
    // Stored exact: numeric(18,4).
    const [stored] = await server.database.db
      .select()
      .from(programmedValues)
      .where(
        and(eq(programmedValues.institutionId, world.mine.id), eq(programmedValues.activityId, created.id)),
      );
    expect(stored?.m02).toBe("0.0001");

    // Execution recorded elsewhere shows in the list.
    await server.database.db
      .insert(executedValues)
      .values({ institutionId: world.mine.id, activityId: created.id, q01: "3" });
    const got = await call(server.app, world.viewer, "GET", `${base}/activities/${created.id}`);
    expect(got.statusCode).toBe(200);
    expect(got.json().executed).toEqual(months(3));
  });

  it("filters by unit including its sub-units, and searches without regard to accents, paginated", async () => {
    await add({ unitId: unit.general, name: "GESTIÓN DE LA GERENCIA" });
    await add({ unitId: unit.rentas, name: "FISCALIZACIÓN TRIBUTARIA", code: "AO-77" });
    const list = (query: string) =>
      call(server.app, world.viewer, "GET", `${base}/plans/${draftId}/activities?${query}`);

    const all = await list("");
    expect(all.json()).toMatchObject({ total: 3, page: 1, pageSize: 50 });
    const general = await list(`unitId=${unit.general}`);
    expect(general.json().items.map((item: { name: string }) => item.name)).toEqual([
      "ATENCIÓN DE LAS SOLICITUDES DE REVISIÓN",
      "GESTIÓN DE LA GERENCIA",
    ]);
    const finanzas = await list(`unitId=${unit.finanzas}`);
    expect(finanzas.json().total).toBe(1);
    expect(
      (await list("q=atencion%20de%20las")).json().items.map((item: { name: string }) => item.name),
    ).toEqual(["ATENCIÓN DE LAS SOLICITUDES DE REVISIÓN"]);
    expect((await list("q=fiscalizacion")).json().total).toBe(1);
    expect((await list(`q=${encodeURIComponent("ÁTENCIÓN")}`)).json().total).toBe(1);
    expect((await list("q=ao-77")).json().total).toBe(1);
    expect((await list("q=100%25")).json().total).toBe(0);
    const page = await list("pageSize=2&page=2");
    expect(page.json()).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(page.json().items).toHaveLength(1);
    const theirs = await buildUnit(server.database.db, world.theirs.id);
    expect((await list(`unitId=${theirs.id}`)).json()).toEqual(NOT_FOUND);
  });

  it("answers 401, 403 (viewer, editor, admin), 404 (stranger, another institution's ids)", async () => {
    const [row] = await activityRows();
    const id = row?.id as string;
    const writes = [
      ["POST", `${base}/plans/${draftId}/activities`, { unitId: unit.rentas, name: "NUEVA" }],
      ["PATCH", `${base}/activities/${id}`, { name: "NUEVA" }],
      ["PUT", `${base}/activities/${id}/programmed`, { quantities: months(1) }],
      ["DELETE", `${base}/activities/${id}`, undefined],
    ] as const;
    for (const [method, path, body] of writes) {
      expect((await call(server.app, undefined, method, path, body)).statusCode).toBe(401);
      for (const client of [world.viewer, world.editor, world.admin]) {
        expect((await call(server.app, client, method, path, body)).statusCode).toBe(403);
      }
      expect((await call(server.app, world.stranger, method, path, body)).json()).toEqual(NOT_FOUND);
    }
    expect((await call(server.app, undefined, "GET", `${base}/plans/${draftId}/activities`)).statusCode).toBe(
      401,
    );
    const anonymousBadBody = await call(server.app, undefined, "PUT", `${base}/activities/${id}/programmed`, {
      quantities: [-1],
    });
    expect(anonymousBadBody.statusCode).toBe(401);
    expect(
      (await call(server.app, world.stranger, "GET", `${base}/plans/${draftId}/activities`)).json(),
    ).toEqual(NOT_FOUND);
    const theirPlan = await buildPlan(server.database.db, world.theirs.id);
    const theirUnit = await buildUnit(server.database.db, world.theirs.id);
    const theirActivity = await buildActivity(server.database.db, {
      institutionId: world.theirs.id,
      planId: theirPlan.id,
      unitId: theirUnit.id,
    });
    for (const path of [
      `${base}/activities/${theirActivity.id}`,
      `${base}/plans/${theirPlan.id}/activities`,
    ]) {
      expect((await call(server.app, world.planner, "GET", path)).json()).toEqual(NOT_FOUND);
    }
    expect(
      (await call(server.app, world.planner, "DELETE", `${base}/activities/${theirActivity.id}`)).json(),
    ).toEqual(NOT_FOUND);
  });

  it("refuses negative, fractional-beyond-4, non-numeric and short programming, naming the month; nothing changes", async () => {
    const [row] = await activityRows();
    const id = row?.id as string;
    const before = await server.database.db
      .select()
      .from(programmedValues)
      .where(eq(programmedValues.activityId, id));
    const audits = await auditCount(server.database.db, world.mine.id);
    const put = (body: object) =>
      call(server.app, world.planner, "PUT", `${base}/activities/${id}/programmed`, body);

    const negative = await put({ quantities: months(1, 2, -3) });
    expect(negative.statusCode).toBe(400);
    expect(negative.json()).toMatchObject({
      field: "quantities.2",
      detail: "Dato no válido en «quantities.2»: marzo: no puede ser negativo (-3).",
    });
    const text = await put({ quantities: [1, "cinco", ...months().slice(2)] });
    expect(text.json().detail).toBe("Dato no válido en «quantities.1»: febrero: debe ser un número o null.");
    const precise = await put({
      quantities: months(),
      money: months(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1.23456),
    });
    expect(precise.json().detail).toBe(
      "Dato no válido en «money.11»: diciembre: admite hasta 4 decimales (1.23456).",
    );
    const short = await put({ quantities: [1, 2, 3] });
    expect(short.json()).toMatchObject({
      field: "quantities",
      detail: expect.stringContaining("Envíe los 12 meses de cantidades, de enero a diciembre."),
    });
    const huge = await put({ quantities: months(1e20) });
    expect(huge.json().detail).toContain("es demasiado grande");

    const target = await call(server.app, world.planner, "PATCH", `${base}/activities/${id}`, {
      annualTarget: -5,
    });
    expect(target.json()).toMatchObject({
      field: "annualTarget",
      detail: expect.stringContaining("no puede ser negativo"),
    });
    const dates = await call(server.app, world.planner, "PATCH", `${base}/activities/${id}`, {
      startDate: "2021-06-01",
      endDate: "2021-03-01",
    });
    expect(dates.json()).toMatchObject({
      field: "endDate",
      detail: "La fecha final (2021-03-01) es anterior a la inicial (2021-06-01).",
    });
    const twin = await call(server.app, world.planner, "POST", `${base}/plans/${draftId}/activities`, {
      unitId: unit.finanzas,
      name: "atencion de las solicitudes de revision",
    });
    expect(twin.statusCode).toBe(409);
    expect(twin.json().detail).toBe(
      "La unidad ya tiene la actividad «ATENCIÓN DE LAS SOLICITUDES DE REVISIÓN» en este plan.",
    );
    const noUnit = await call(server.app, world.planner, "POST", `${base}/plans/${draftId}/activities`, {
      name: "SIN UNIDAD",
    });
    expect(noUnit.json()).toMatchObject({
      field: "unitId",
      detail: expect.stringContaining("Indique la unidad orgánica"),
    });
    const theirUnit = await buildUnit(server.database.db, world.theirs.id);
    const foreignUnit = await call(server.app, world.planner, "POST", `${base}/plans/${draftId}/activities`, {
      unitId: theirUnit.id,
      name: "UNIDAD AJENA",
    });
    expect(foreignUnit.json()).toMatchObject({
      field: "unitId",
      detail: "La unidad orgánica no existe en esta institución.",
    });

    expect(
      await server.database.db.select().from(programmedValues).where(eq(programmedValues.activityId, id)),
    ).toEqual(before);
    expect(await auditCount(server.database.db, world.mine.id)).toBe(audits);
  });

  it("edits and deletes while draft, with audit entries holding before and after", async () => {
    const created = await add({ unitId: unit.rentas, name: "ACTIVIDAD PASAJERA" });
    const audits = await auditCount(server.database.db, world.mine.id);
    const patched = await call(server.app, world.planner, "PATCH", `${base}/activities/${created.id}`, {
      name: "ACTIVIDAD CORREGIDA",
      unitId: unit.general,
      cumulative: false,
    });
    expect(patched.json()).toMatchObject({
      name: "ACTIVIDAD CORREGIDA",
      unitName: "GERENCIA GENERAL",
      cumulative: false,
    });
    const deleted = await call(server.app, world.planner, "DELETE", `${base}/activities/${created.id}`);
    expect(deleted.statusCode).toBe(204);
    expect((await call(server.app, world.viewer, "GET", `${base}/activities/${created.id}`)).json()).toEqual(
      NOT_FOUND,
    );
    expect(await auditCount(server.database.db, world.mine.id)).toBe(audits + 2);
  });

  it("once the plan is approved: 409 «use una reprogramación» for every write, nothing changes", async () => {
    const plan = (
      await call(server.app, world.planner, "POST", `${base}/plans`, {
        year: 2022,
        kind: "POI",
        title: "POI 2022",
      })
    ).json();
    const activity = await add({ unitId: unit.rentas, name: "ACTIVIDAD APROBADA" }, plan.id);
    expect(
      (await call(server.app, world.planner, "POST", `${base}/plans/${plan.id}/approve`)).statusCode,
    ).toBe(200);
    const before = await activityRows();
    const writes = [
      ["POST", `${base}/plans/${plan.id}/activities`, { unitId: unit.rentas, name: "TARDÍA" }],
      ["PATCH", `${base}/activities/${activity.id}`, { name: "OTRO NOMBRE" }],
      ["PUT", `${base}/activities/${activity.id}/programmed`, { quantities: months(9) }],
      ["DELETE", `${base}/activities/${activity.id}`, undefined],
    ] as const;
    for (const [method, path, body] of writes) {
      const response = await call(server.app, world.planner, method, path, body);
      expect(response.statusCode).toBe(409);
      expect(response.json().detail).toBe(
        "El plan está aprobado: use una reprogramación para cambiar lo programado.",
      );
    }
    expect(await activityRows()).toEqual(before);
  });

  it("stores hostile names verbatim and returns them as inert JSON", async () => {
    for (const name of HOSTILE_TEXTS) {
      const created = await add({ unitId: unit.rentas, name, goal: name });
      expect(created).toMatchObject({ name, goal: name });
      const got = await call(server.app, world.viewer, "GET", `${base}/activities/${created.id}`);
      expect(got.headers["content-type"]).toMatch(/^application\/json/);
      expect(got.json().name).toBe(name);
    }
    const search = await call(
      server.app,
      world.viewer,
      "GET",
      `${base}/plans/${draftId}/activities?q=${encodeURIComponent("drop table")}`,
    );
    expect(search.json().items.map((item: { name: string }) => item.name)).toEqual([HOSTILE_TEXTS[0]]);
    expect(await activityRows()).not.toHaveLength(0);
  });
});
