import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { orgUnits } from "../../src/db/schema.js";
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
let units: string;

beforeAll(async () => {
  world = await buildManagementWorld(server.app, server.database.db);
  units = `/api/institutions/${world.mine.id}/units`;
});

async function create(body: object) {
  const response = await call(server.app, world.planner, "POST", units, body);
  expect(response.statusCode).toBe(201);
  return response.json() as { id: string; name: string; parentId: string | null };
}

async function unitRows() {
  return server.database.db.select().from(orgUnits).where(eq(orgUnits.institutionId, world.mine.id));
}

describe("org units", () => {
  it("creates a tree and lists it in tree order, parents before children, paginated", async () => {
    const general = await create({ name: "GERENCIA GENERAL", code: "01", responsible: "Ana Quispe" });
    const finanzas = await create({ name: "GERENCIA DE FINANZAS", parentId: general.id });
    await create({ name: "TESORERÍA", parentId: finanzas.id });
    await create({ name: "ALCALDÍA" });

    const list = await call(server.app, world.viewer, "GET", units);
    expect(list.statusCode).toBe(200);
    expect(list.json().total).toBe(4);
    expect(list.json().items.map((unit: { name: string; depth: number }) => [unit.name, unit.depth])).toEqual(
      [
        ["GERENCIA GENERAL", 0],
        ["GERENCIA DE FINANZAS", 1],
        ["TESORERÍA", 2],
        ["ALCALDÍA", 0],
      ],
    );
    expect(list.json().items[0]).toMatchObject({
      code: "01",
      responsible: "Ana Quispe",
      active: true,
      parentId: null,
    });
    const second = await call(server.app, world.viewer, "GET", `${units}?page=2&pageSize=3`);
    expect(second.json()).toMatchObject({ total: 4, page: 2, pageSize: 3 });
    expect(second.json().items.map((unit: { name: string }) => unit.name)).toEqual(["ALCALDÍA"]);
  });

  it("answers 401, 403 for viewers and editors, 404 for strangers, on every write", async () => {
    const [unit] = await unitRows();
    const writes = [
      ["POST", units, { name: "NUEVA" }],
      ["PATCH", `${units}/${unit?.id}`, { name: "NUEVA" }],
      ["POST", `${units}/${unit?.id}/retire`, undefined],
    ] as const;
    for (const [method, path, body] of writes) {
      expect((await call(server.app, undefined, method, path, body)).statusCode).toBe(401);
      expect((await call(server.app, world.viewer, method, path, body)).statusCode).toBe(403);
      expect((await call(server.app, world.editor, method, path, body)).statusCode).toBe(403);
      const foreign = await call(server.app, world.stranger, method, path, body);
      expect(foreign.statusCode).toBe(404);
      expect(foreign.json()).toEqual(NOT_FOUND);
    }
    expect((await call(server.app, world.stranger, "GET", units)).json()).toEqual(NOT_FOUND);
    // A unit id of another institution, from inside mine: the same 404 as a missing one.
    const theirs = await buildUnit(server.database.db, world.theirs.id);
    const crossed = await call(server.app, world.planner, "PATCH", `${units}/${theirs.id}`, { name: "X" });
    const missing = await call(
      server.app,
      world.planner,
      "PATCH",
      `${units}/00000000-0000-4000-8000-000000000000`,
      {
        name: "X",
      },
    );
    expect(crossed.json()).toEqual(NOT_FOUND);
    expect(missing.json()).toEqual(NOT_FOUND);
  });

  it("renames and moves; refuses a cycle, a twin name among siblings and a parent of another institution", async () => {
    const byName = new Map((await unitRows()).map((unit) => [unit.name, unit]));
    const general = byName.get("GERENCIA GENERAL")?.id as string;
    const tesoreria = byName.get("TESORERÍA")?.id as string;
    const alcaldia = byName.get("ALCALDÍA")?.id as string;

    const moved = await call(server.app, world.admin, "PATCH", `${units}/${alcaldia}`, {
      parentId: general,
      name: "ALCALDÍA MUNICIPAL",
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ parentId: general, name: "ALCALDÍA MUNICIPAL" });

    const before = await unitRows();
    const audits = await auditCount(server.database.db, world.mine.id);
    const cycle = await call(server.app, world.planner, "PATCH", `${units}/${general}`, {
      parentId: tesoreria,
    });
    expect(cycle.statusCode).toBe(400);
    expect(cycle.json()).toMatchObject({
      field: "parentId",
      detail: "Una unidad no puede quedar debajo de sí misma ni de una de sus sub-unidades.",
    });
    const self = await call(server.app, world.planner, "PATCH", `${units}/${general}`, { parentId: general });
    expect(self.statusCode).toBe(400);
    // Accents and case do not make another name.
    const twin = await call(server.app, world.planner, "POST", units, {
      name: "gerencia de finanzas",
      parentId: general,
    });
    expect(twin.statusCode).toBe(409);
    expect(twin.json()).toMatchObject({
      field: "name",
      detail: "Ya existe la unidad «GERENCIA DE FINANZAS» en el mismo nivel: use otro nombre.",
    });
    const theirs = await buildUnit(server.database.db, world.theirs.id);
    const foreignParent = await call(server.app, world.planner, "POST", units, {
      name: "OTRA",
      parentId: theirs.id,
    });
    expect(foreignParent.statusCode).toBe(400);
    expect(foreignParent.json().detail).toBe("La unidad superior no existe en esta institución.");
    const unknown = await call(server.app, world.planner, "POST", units, { name: "OTRA", nivel: 2 });
    expect(unknown.json()).toMatchObject({ field: "nivel", detail: "Campo no permitido: «nivel»." });
    const empty = await call(server.app, world.planner, "POST", units, { name: "" });
    expect(empty.json()).toMatchObject({
      field: "name",
      detail: expect.stringContaining("No puede estar vacío"),
    });

    expect(await unitRows()).toEqual(before);
    expect(await auditCount(server.database.db, world.mine.id)).toBe(audits);
  });

  it("reorders a unit among its siblings: the list shows the new order, the audit the change", async () => {
    const parent = await create({ name: "GERENCIA A ORDENAR" });
    const first = await create({ name: "PRIMERA", parentId: parent.id });
    const second = await create({ name: "SEGUNDA", parentId: parent.id });
    const third = await create({ name: "TERCERA", parentId: parent.id });
    const names = async () => {
      const list = await call(server.app, world.viewer, "GET", `${units}?pageSize=500`);
      return (list.json().items as { name: string; parentId: string | null }[])
        .filter((unit) => unit.parentId === parent.id)
        .map((unit) => unit.name);
    };
    expect(await names()).toEqual(["PRIMERA", "SEGUNDA", "TERCERA"]);
    const audits = await auditCount(server.database.db, world.mine.id);
    const moved = await call(server.app, world.planner, "PATCH", `${units}/${third.id}`, { position: 0 });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ name: "TERCERA", position: 0 });
    expect(await names()).toEqual(["TERCERA", "PRIMERA", "SEGUNDA"]);
    expect(await auditCount(server.database.db, world.mine.id)).toBe(audits + 1);
    await call(server.app, world.planner, "PATCH", `${units}/${first.id}`, { position: 2 });
    expect(await names()).toEqual(["TERCERA", "SEGUNDA", "PRIMERA"]);
    expect(second.name).toBe("SEGUNDA");
    const refused = await call(server.app, world.planner, "PATCH", `${units}/${first.id}`, { position: -1 });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().field).toBe("position");
  });

  it("retires a unit only when nothing running depends on it, and never moves a unit under a retired one", async () => {
    const general = await create({ name: "GERENCIA DE RENTAS" });
    const child = await create({ name: "SUBGERENCIA DE FISCALIZACIÓN", parentId: general.id });
    const plan = await buildPlan(server.database.db, world.mine.id, { status: "in_execution" });
    await buildActivity(server.database.db, {
      institutionId: world.mine.id,
      planId: plan.id,
      unitId: child.id,
    });

    const withChild = await call(server.app, world.planner, "POST", `${units}/${general.id}/retire`);
    expect(withChild.statusCode).toBe(409);
    expect(withChild.json().detail).toBe(
      "La unidad «GERENCIA DE RENTAS» tiene 1 sub-unidad(es) activa(s): retírelas o muévalas primero.",
    );
    const withWork = await call(server.app, world.planner, "POST", `${units}/${child.id}/retire`);
    expect(withWork.statusCode).toBe(409);
    expect(withWork.json().detail).toBe(
      "La unidad «SUBGERENCIA DE FISCALIZACIÓN» tiene 1 actividad(es) activa(s) en planes no cerrados: retírelas o páselas a otra unidad primero.",
    );
    const [stillActive] = await server.database.db.select().from(orgUnits).where(eq(orgUnits.id, child.id));
    expect(stillActive?.active).toBe(true);

    // Once the plan is closed, its activities stay in history and the unit may go.
    const closed = await call(
      server.app,
      world.planner,
      "POST",
      `/api/institutions/${world.mine.id}/plans/${plan.id}/close`,
    );
    expect(closed.json()).toMatchObject({ status: "closed" });
    const retired = await call(server.app, world.planner, "POST", `${units}/${child.id}/retire`);
    expect(retired.statusCode).toBe(200);
    expect(retired.json()).toMatchObject({ id: child.id, active: false });

    const under = await call(server.app, world.planner, "POST", units, { name: "NUEVA", parentId: child.id });
    expect(under.statusCode).toBe(400);
    expect(under.json().detail).toBe(
      "La unidad superior «SUBGERENCIA DE FISCALIZACIÓN» está retirada: no puede recibir unidades.",
    );
    const onlyRetired = await call(server.app, world.viewer, "GET", `${units}?active=false`);
    expect(onlyRetired.json().items.map((unit: { name: string }) => unit.name)).toEqual([
      "SUBGERENCIA DE FISCALIZACIÓN",
    ]);
  });

  it("two creations of the same name at once: one unit, one 409", async () => {
    const answers = await Promise.all(
      [world.planner, world.admin].map((client) =>
        call(server.app, client, "POST", units, { name: "OFICINA DE CONTROL" }),
      ),
    );
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([201, 409]);
    expect((await unitRows()).filter((unit) => unit.name === "OFICINA DE CONTROL")).toHaveLength(1);
  });

  it("stores hostile names verbatim and returns them as inert JSON", async () => {
    for (const name of HOSTILE_TEXTS) {
      const created = await call(server.app, world.planner, "POST", units, { name, responsible: name });
      expect(created.statusCode).toBe(201);
      expect(created.headers["content-type"]).toMatch(/^application\/json/);
      expect(created.json()).toMatchObject({ name, responsible: name });
    }
    const list = await call(server.app, world.viewer, "GET", `${units}?pageSize=500`);
    const names = list.json().items.map((unit: { name: string }) => unit.name);
    expect(names).toEqual(expect.arrayContaining([...HOSTILE_TEXTS]));
  });
});

describe("request limits", () => {
  it("refuses a body over 64 KB and broken JSON with Spanish problem details, creating nothing", async () => {
    const before = await unitRows();
    const big = await call(server.app, world.planner, "POST", units, {
      name: "X",
      responsible: "x".repeat(70_000),
    });
    expect(big.statusCode).toBe(413);
    expect(big.json()).toMatchObject({
      status: 413,
      detail: "La solicitud es demasiado grande para esta operación.",
      code: "body_too_large",
    });
    const broken = await server.app.inject({
      method: "POST",
      url: units,
      payload: '{"name": ',
      headers: { ...world.planner.headers, "content-type": "application/json" },
      cookies: world.planner.cookies,
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json()).toMatchObject({ detail: "El cuerpo no es JSON válido.", code: "invalid_json" });
    expect(await unitRows()).toEqual(before);
  });
});
