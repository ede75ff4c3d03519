import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { audit } from "../../src/db/audit.js";
import { allAudit } from "../../src/db/audit-log.js";
import { auditLog } from "../../src/db/schema.js";
import { buildInstitution, buildPlan, buildUnit } from "../helpers/factories.js";
import { type Client, loginAs, setUpTestServer } from "../helpers/server.js";

const server = setUpTestServer();

let institution: { id: string; slug: string };
let other: { id: string; slug: string };
let viewer: Client;
let planner: Client;
let outsider: Client;
let superAdmin: Client;
let planId: string;
let unitId: string;

const get = (client: Client | undefined, url: string) =>
  server.app.inject({ method: "GET", url, cookies: client?.cookies ?? {} });
const base = () => `/api/institutions/${institution.id}/audit`;

beforeAll(async () => {
  const { db } = server.database;
  institution = await buildInstitution(db, { name: "SAT Piura" });
  other = await buildInstitution(db, { name: "Municipalidad de San Juan", locale: "es-ES" });
  viewer = await loginAs(server.app, db, "viewer", institution.slug);
  planner = await loginAs(server.app, db, "planner", institution.slug);
  outsider = await loginAs(server.app, db, "admin", other.slug);
  superAdmin = await loginAs(server.app, db, "super-admin");
  planId = (await buildPlan(db, institution.id)).id;
  unitId = (await buildUnit(db, institution.id)).id;
  const entries = [
    {
      at: "2026-03-30T10:00:00Z",
      action: "update",
      entity: "activity",
      planId,
      unitId,
      userId: planner.userId,
    },
    { at: "2026-03-31T23:30:00Z", action: "update", entity: "activity", planId, userId: planner.userId },
    { at: "2026-04-01T08:00:00Z", action: "execution", entity: "execution_entry", planId, unitId },
    {
      at: "2026-04-02T08:00:00Z",
      action: "delete",
      entity: "activity",
      planId,
      userId: planner.userId,
      reason: '=HYPERLINK("http://x")',
      before: { name: 'ATENCIÓN, "URGENTE"', annualTarget: "12.5" },
    },
  ];
  for (const e of entries) await audit(db, { institutionId: institution.id, ...e, at: new Date(e.at) });
  await audit(db, { institutionId: other.id, action: "update", entity: "activity", after: { secret: 1 } });
});
describe("GET /api/institutions/:id/audit", () => {
  it("lists the institution's entries newest first, with the user's email", async () => {
    const response = await get(viewer, `${base()}?planId=${planId}`);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ total: 4, page: 1, pageSize: 50 });
    expect(body.items.map((item: { action: string }) => item.action)).toEqual([
      "delete",
      "execution",
      "update",
      "update",
    ]);
    expect(body.items[0]).toMatchObject({
      at: "2026-04-02T08:00:00.000Z",
      user: { id: planner.userId, email: planner.email },
      entity: "activity",
      before: { name: 'ATENCIÓN, "URGENTE"', annualTarget: "12.5" },
      after: null,
    });
    expect(body.items[1].user).toBeNull();
  });

  it("filters by unit, user, action and dates (a day as `to` includes the whole day)", async () => {
    const count = async (query: string) =>
      (await get(viewer, `${base()}?planId=${planId}&${query}`)).json().total;
    expect(await count(`unitId=${unitId}`)).toBe(2);
    expect(await count(`userId=${planner.userId}`)).toBe(3);
    expect(await count("action=update")).toBe(2);
    expect(await count("from=2026-03-31&to=2026-03-31")).toBe(1);
    expect(await count("from=2026-04-01")).toBe(2);
    expect(await count("to=2026-03-31T18:00:00-05:00")).toBe(1);
  });

  it("paginates with the total of all matching entries", async () => {
    const body = (await get(viewer, `${base()}?planId=${planId}&page=2&pageSize=3`)).json();
    expect(body).toMatchObject({ total: 4, page: 2, pageSize: 3 });
    expect(body.items.map((item: { at: string }) => item.at)).toEqual(["2026-03-30T10:00:00.000Z"]);
  });

  it("refuses bad filters in Spanish, naming the field", async () => {
    const big = await get(viewer, `${base()}?pageSize=501`);
    expect(big.statusCode).toBe(400);
    expect(big.json()).toMatchObject({ field: "pageSize" });
    expect(big.json().detail).toContain("Admite como máximo 500");
    const plan = await get(viewer, `${base()}?planId=plan-1`);
    expect(plan.json()).toMatchObject({ status: 400, field: "planId" });
    expect(plan.json().detail).toContain("identificador (UUID) de un plan");
    const from = await get(viewer, `${base()}?from=31/03/2026`);
    expect(from.json()).toMatchObject({ status: 400, field: "from" });
    expect(from.json().detail).toContain("AAAA-MM-DD");
  });

  it("answers 401 without a session and the same 404 for another institution as for none", async () => {
    expect((await get(undefined, base())).statusCode).toBe(401);
    const foreign = await get(outsider, base());
    const missing = await get(outsider, "/api/institutions/00000000-0000-4000-8000-000000000000/audit");
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json()).toEqual(missing.json());
    expect((await get(superAdmin, "/api/institutions/not-an-id/audit")).statusCode).toBe(404);
  });

  it("never shows another institution's entries", async () => {
    const body = (await get(viewer, `${base()}?pageSize=500`)).json();
    expect(body.items.some((item: { after: unknown }) => JSON.stringify(item.after).includes("secret"))).toBe(
      false,
    );
    // The super-admin reading the other institution sees it there.
    const theirs = (await get(superAdmin, `/api/institutions/${other.id}/audit?action=update`)).json();
    expect(theirs.total).toBe(1);
  });

  it("exports every matching entry as a CSV file Excel opens (BOM, locale delimiter, no formulas)", async () => {
    const response = await get(viewer, `${base()}?planId=${planId}&format=csv&pageSize=1`);
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(response.headers["content-disposition"]).toMatch(
      new RegExp(`^attachment; filename="bitacora-${institution.slug}-\\d{4}-\\d{2}-\\d{2}\\.csv"$`),
    );
    const text = response.rawPayload.toString("utf8");
    expect(text.startsWith("\uFEFFfecha y hora (UTC),correo,nombre,IP,acción,")).toBe(true);
    const lines = text.trim().split("\r\n");
    // Every entry, not one page.
    expect(lines).toHaveLength(5);
    expect(lines[1]).toContain(`2026-04-02 08:00:00,${planner.email},`);
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(lines[1]).toContain('"{""name"":""ATENCIÓN, \\""URGENTE\\"""",""annualTarget"":""12.5""}"');
  });

  it("uses `;` where the decimal mark is a comma (es-ES)", async () => {
    const response = await get(outsider, `/api/institutions/${other.id}/audit?format=csv`);
    const [header] = response.rawPayload.toString("utf8").split("\r\n");
    expect(header).toBe(
      "\uFEFFfecha y hora (UTC);correo;nombre;IP;acción;entidad;id de la entidad;plan;unidad;motivo;antes;después;id del plan;id de la unidad",
    );
  });

  it("words actions and entity types in Spanish and names the plan and the unit in the CSV, their ids apart", async () => {
    const { db } = server.database;
    const plan = await buildPlan(db, institution.id, { year: 2027, kind: "POA", title: "PLAN 2027" });
    const unit = await buildUnit(db, institution.id, { name: "OFICINA DE PLANEAMIENTO" });
    const at = (day: string) => new Date(`2026-05-${day}T08:00:00Z`);
    const entry = { institutionId: institution.id, planId: plan.id, userId: planner.userId };
    await audit(db, { ...entry, at: at("01"), action: "start", entity: "plan", entityId: plan.id });
    await audit(db, { ...entry, at: at("02"), action: "reopen", entity: "month", entityId: `${plan.id}:4` });
    await audit(db, { ...entry, at: at("03"), action: "move", entity: "org_unit", unitId: unit.id });
    const response = await get(viewer, `${base()}?planId=${plan.id}&format=csv`);
    const [header, ...lines] = response.rawPayload.toString("utf8").trim().split("\r\n");
    const cells = (line: string | undefined) => (line ?? "").split(",");
    const named = (line: string | undefined) => {
      const [, , , , action, entity, , planName, unitName, , , , planId, unitId] = cells(line);
      return [action, entity, planName, unitName, planId, unitId];
    };
    expect(cells(header).slice(-2)).toEqual(["id del plan", "id de la unidad"]);
    expect(lines.map(named)).toEqual([
      ["Traslado", "unidad orgánica", "POA 2027 · PLAN 2027", "OFICINA DE PLANEAMIENTO", plan.id, unit.id],
      ["Reapertura", "mes", "POA 2027 · PLAN 2027", "", plan.id, ""],
      ["Inicio de la ejecución", "plan", "POA 2027 · PLAN 2027", "", plan.id, ""],
    ]);
  });

  it("walks every matching entry in batches without losing or repeating one", async () => {
    const ids: number[] = [];
    for await (const row of allAudit(server.database.db, { institutionId: institution.id }, 2))
      ids.push(row.id);
    const all = await server.database.db
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(eq(auditLog.institutionId, institution.id));
    expect(ids).toEqual(all.map((row) => row.id).sort((a, b) => b - a));
    expect(ids.length).toBeGreaterThan(4);
  });
});

describe("GET /api/audit (deployment)", () => {
  it("shows super-admins the entries without institution (logins, users)", async () => {
    const response = await get(superAdmin, "/api/audit?action=login&pageSize=500");
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.total).toBe(4);
    expect(body.items.every((item: { action: string }) => item.action === "login")).toBe(true);
    expect(body.items[0].user.email).toBe(superAdmin.email);
    const csv = await get(superAdmin, "/api/audit?format=csv&action=login");
    expect(csv.rawPayload.toString("utf8").trim().split("\r\n")).toHaveLength(5);
  });

  it("is refused to everyone else", async () => {
    expect((await get(planner, "/api/audit")).statusCode).toBe(403);
    expect((await get(undefined, "/api/audit")).statusCode).toBe(401);
  });
});

describe("append-only", () => {
  it("has no route that changes or deletes an entry", async () => {
    const spec = (await server.app.inject({ method: "GET", url: "/api/docs/json" })).json();
    const auditPaths = Object.entries(spec.paths as Record<string, object>).filter(([path]) =>
      path.includes("audit"),
    );
    expect(auditPaths.map(([path]) => path).sort()).toEqual([
      "/api/audit",
      "/api/institutions/{institutionId}/audit",
    ]);
    for (const [, methods] of auditPaths) expect(Object.keys(methods)).toEqual(["get"]);
    for (const method of ["POST", "PUT", "PATCH", "DELETE"] as const) {
      const response = await server.app.inject({
        method,
        url: `${base()}/1`,
        cookies: superAdmin.cookies,
        headers: superAdmin.headers,
      });
      expect(response.statusCode).toBe(404);
    }
  });

  it("is enforced by the database: UPDATE, DELETE and TRUNCATE are refused and nothing changes", async () => {
    const { db } = server.database;
    const before = await db.select().from(auditLog).orderBy(auditLog.id);
    await expect(db.execute(sql`update audit_log set action = 'x'`)).rejects.toThrow();
    await expect(db.execute(sql`delete from audit_log`)).rejects.toThrow();
    await expect(db.execute(sql`truncate audit_log`)).rejects.toThrow();
    expect(await db.select().from(auditLog).orderBy(auditLog.id)).toEqual(before);
  });
});
