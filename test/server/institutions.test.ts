import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { institutions } from "../../src/db/schema.js";
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

beforeAll(async () => {
  world = await buildManagementWorld(server.app, server.database.db);
});

const url = (id: string) => `/api/institutions/${id}`;

describe("GET /api/institutions", () => {
  it("lists a member's own institutions only, and every institution for a super-admin", async () => {
    expect((await call(server.app, undefined, "GET", "/api/institutions")).statusCode).toBe(401);
    const own = await call(server.app, world.viewer, "GET", "/api/institutions");
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({ total: 1, page: 1, pageSize: 50 });
    expect(own.json().items.map((item: { id: string }) => item.id)).toEqual([world.mine.id]);
    expect(own.json().items[0].thresholds).toEqual({ greenFrom: 90, amberFrom: 75, overExecutionAbove: 110 });

    const all = await call(server.app, world.root, "GET", "/api/institutions?pageSize=1&page=2");
    expect(all.json()).toMatchObject({ total: 2, page: 2, pageSize: 1 });
    expect(all.json().items).toHaveLength(1);
  });

  it("refuses a page size over 500 in Spanish", async () => {
    const response = await call(server.app, world.viewer, "GET", "/api/institutions?pageSize=501");
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      field: "pageSize",
      detail: expect.stringContaining("como máximo 500"),
    });
  });
});

describe("POST /api/institutions", () => {
  it("is for super-admins: 401 without a session, 403 for an institution admin, 201 for a super-admin", async () => {
    const body = { name: "Municipalidad de San Juan", locale: "es-SV" };
    expect((await call(server.app, undefined, "POST", "/api/institutions", body)).statusCode).toBe(401);
    expect((await call(server.app, world.admin, "POST", "/api/institutions", body)).statusCode).toBe(403);
    const created = await call(server.app, world.root, "POST", "/api/institutions", body);
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      name: "Municipalidad de San Juan",
      slug: "municipalidad-de-san-juan",
      locale: "es-SV",
    });
    const again = await call(server.app, world.root, "POST", "/api/institutions", body);
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toBe(
      "Ya existe una institución con el identificador «municipalidad-de-san-juan».",
    );
  });

  it("answers 401 to an anonymous caller before looking at the body", async () => {
    const response = await call(server.app, undefined, "POST", "/api/institutions", { nombre: 1 });
    expect(response.statusCode).toBe(401);
    expect(response.json().detail).toBe("Inicie sesión para continuar.");
  });

  it("refuses unknown fields", async () => {
    const response = await call(server.app, world.root, "POST", "/api/institutions", {
      name: "X",
      plan: "gratis",
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ field: "plan", detail: "Campo no permitido: «plan»." });
  });
});

describe("GET /api/institutions/:id", () => {
  it("answers members, and the same 404 for a stranger and for an id that does not exist", async () => {
    expect((await call(server.app, undefined, "GET", url(world.mine.id))).statusCode).toBe(401);
    const mine = await call(server.app, world.viewer, "GET", url(world.mine.id));
    expect(mine.statusCode).toBe(200);
    expect(mine.json()).toMatchObject({ id: world.mine.id, locale: "es-PE" });
    const foreign = await call(server.app, world.stranger, "GET", url(world.mine.id));
    const missing = await call(server.app, world.root, "GET", url("00000000-0000-4000-8000-000000000000"));
    const garbage = await call(server.app, world.root, "GET", url("no-es-un-id"));
    for (const response of [foreign, missing, garbage]) {
      expect(response.statusCode).toBe(404);
      expect(response.json()).toEqual(NOT_FOUND);
    }
  });
});

describe("PATCH /api/institutions/:id", () => {
  it("lets an admin change name, locale and thresholds, with an audit entry holding before and after", async () => {
    const before = await auditCount(server.database.db, world.mine.id);
    const response = await call(server.app, world.admin, "PATCH", url(world.mine.id), {
      locale: "es-SV",
      greenFrom: 85.5,
      amberFrom: 60,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      locale: "es-SV",
      thresholds: { greenFrom: 85.5, amberFrom: 60, overExecutionAbove: 110 },
    });
    expect(await auditCount(server.database.db, world.mine.id)).toBe(before + 1);
  });

  it("answers 401, 403 (viewer, planner), 404 (stranger)", async () => {
    const body = { name: "Otra" };
    expect((await call(server.app, undefined, "PATCH", url(world.mine.id), body)).statusCode).toBe(401);
    expect((await call(server.app, world.viewer, "PATCH", url(world.mine.id), body)).statusCode).toBe(403);
    expect((await call(server.app, world.planner, "PATCH", url(world.mine.id), body)).statusCode).toBe(403);
    const foreign = await call(server.app, world.stranger, "PATCH", url(world.mine.id), body);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json()).toEqual(NOT_FOUND);
  });

  it("refuses amber above green and green above over-execution, in Spanish, changing nothing", async () => {
    const [stored] = await server.database.db
      .select()
      .from(institutions)
      .where(eq(institutions.id, world.mine.id));
    const audits = await auditCount(server.database.db, world.mine.id);

    const amber = await call(server.app, world.admin, "PATCH", url(world.mine.id), { amberFrom: 95 });
    expect(amber.statusCode).toBe(400);
    expect(amber.json()).toMatchObject({
      field: "amberFrom",
      detail: "El umbral ámbar (95 %) no puede ser mayor que el verde (85.5 %).",
    });
    const green = await call(server.app, world.admin, "PATCH", url(world.mine.id), { greenFrom: 120 });
    expect(green.statusCode).toBe(400);
    expect(green.json().detail).toBe(
      "El umbral verde (120 %) no puede ser mayor que el de sobreejecución (110 %).",
    );
    const negative = await call(server.app, world.admin, "PATCH", url(world.mine.id), { amberFrom: -1 });
    expect(negative.statusCode).toBe(400);
    expect(negative.json()).toMatchObject({
      field: "amberFrom",
      detail: expect.stringContaining("No puede ser negativo"),
    });
    const locale = await call(server.app, world.admin, "PATCH", url(world.mine.id), { locale: "español" });
    expect(locale.json()).toMatchObject({
      field: "locale",
      detail: expect.stringContaining("es-PE, es-SV o en"),
    });
    const empty = await call(server.app, world.admin, "PATCH", url(world.mine.id), {});
    expect(empty.statusCode).toBe(400);
    expect(empty.json().detail).toBe("Envíe al menos un campo para cambiar.");

    const [after] = await server.database.db
      .select()
      .from(institutions)
      .where(eq(institutions.id, world.mine.id));
    expect(after).toEqual(stored);
    expect(await auditCount(server.database.db, world.mine.id)).toBe(audits);
  });

  it("stores hostile names verbatim and returns them as inert JSON", async () => {
    for (const name of HOSTILE_TEXTS) {
      const response = await call(server.app, world.admin, "PATCH", url(world.mine.id), { name });
      expect(response.statusCode).toBe(200);
      expect(response.headers["content-type"]).toMatch(/^application\/json/);
      expect(response.json().name).toBe(name);
      expect((await call(server.app, world.viewer, "GET", url(world.mine.id))).json().name).toBe(name);
    }
  });
});

describe("OpenAPI", () => {
  it("documents every management route with its body", async () => {
    const document = (await server.app.inject({ method: "GET", url: "/api/docs/json" })).json();
    for (const path of [
      "/api/institutions",
      "/api/institutions/{institutionId}",
      "/api/institutions/{institutionId}/units/{unitId}/retire",
      "/api/institutions/{institutionId}/plans/{planId}/approve",
      "/api/institutions/{institutionId}/plans/{planId}/activities",
      "/api/institutions/{institutionId}/activities/{activityId}/programmed",
      "/api/institutions/{institutionId}/users/{userId}",
    ]) {
      expect(document.paths).toHaveProperty([path]);
    }
    const patch = document.paths["/api/institutions/{institutionId}"].patch;
    expect(Object.keys(patch.requestBody.content["application/json"].schema.properties)).toEqual(
      expect.arrayContaining(["greenFrom", "amberFrom", "overExecutionAbove", "locale"]),
    );
  });
});
