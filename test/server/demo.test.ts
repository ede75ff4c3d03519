import { and, count, eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/connection.js";
import { auditLog, closedMonths, institutions, plans } from "../../src/db/schema.js";
import { buildApp } from "../../src/server/app.js";
import { openTestDatabase } from "../helpers/database.js";
import { buildInstitution } from "../helpers/factories.js";
import { type Client, loginAs } from "../helpers/server.js";

let database: Database;
let app: FastifyInstance;
let superAdmin: Client;
let otherAdmin: Client;
let viewer: Client;

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildApp({ database, version: "test" });
  const other = await buildInstitution(database.db, { name: "Municipalidad de San Juan" });
  superAdmin = await loginAs(app, database.db, "super-admin");
  otherAdmin = await loginAs(app, database.db, "admin", other.slug);
  viewer = await loginAs(app, database.db, "viewer", other.slug);
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

const demo = (client?: Client) =>
  app.inject({
    method: "POST",
    url: "/api/demo",
    cookies: client?.cookies ?? {},
    headers: client?.headers ?? {},
  });

async function demoInstitutions() {
  return database.db.select().from(institutions).where(eq(institutions.name, "SAT Piura (ejemplo)"));
}

describe("POST /api/demo (Cargar ejemplo)", () => {
  it("refuses anonymous callers (401) and viewers (403), creating nothing", async () => {
    expect((await demo()).statusCode).toBe(401);
    const refused = await demo(viewer);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().detail).toBe("No tiene permiso para esta acción.");
    expect(await demoInstitutions()).toHaveLength(0);
  });

  it("imports both samples, reports the POI through March and opens it at Q1: 96.8 %", async () => {
    const response = await demo(superAdmin);
    expect(response.statusCode).toBe(200);
    const answer = response.json();
    expect(answer).toMatchObject({ period: "Q1", created: true });

    const [institution] = await demoInstitutions();
    expect(answer.institutionId).toBe(institution?.id);
    const rows = await database.db
      .select({ kind: plans.kind, year: plans.year, status: plans.status })
      .from(plans)
      .where(eq(plans.institutionId, answer.institutionId))
      .orderBy(plans.year);
    expect(rows).toEqual([
      { kind: "POI", year: 2021, status: "in_execution" },
      { kind: "POA", year: 2023, status: "draft" },
    ]);
    const closed = await database.db
      .select({ month: closedMonths.month })
      .from(closedMonths)
      .where(eq(closedMonths.planId, answer.planId))
      .orderBy(closedMonths.month);
    expect(closed.map((row) => row.month)).toEqual([1, 2, 3]);

    // The caller is now an admin of the demo, so the dashboard's report answers them.
    for (const period of ["Q1", "YTD"]) {
      const report = await app.inject({
        method: "GET",
        url: `/api/plans/${answer.planId}/reports/units?period=${period}&format=json`,
        cookies: superAdmin.cookies,
      });
      expect(report.statusCode, period).toBe(200);
      expect(report.json().totals, period).toMatchObject({
        programmed: 1543,
        executed: 1494,
        executionPct: 96.82,
      });
    }
    const me = await app.inject({ method: "GET", url: "/api/auth/me", cookies: superAdmin.cookies });
    expect(me.json().user.memberships).toEqual([
      expect.objectContaining({
        institution: expect.objectContaining({ name: "SAT Piura (ejemplo)" }),
        role: "admin",
      }),
    ]);

    const [closes] = await database.db
      .select({ n: count() })
      .from(auditLog)
      .where(
        and(
          eq(auditLog.planId, answer.planId),
          eq(auditLog.entity, "month"),
          eq(auditLog.userId, superAdmin.userId),
        ),
      );
    expect(closes?.n).toBe(3);
  });

  it("a second call changes nothing and answers the same plan; another admin becomes a member", async () => {
    const first = await demo(superAdmin);
    expect(first.json()).toMatchObject({ created: false });
    const again = await demo(otherAdmin);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ ...first.json(), created: false });
    expect(await demoInstitutions()).toHaveLength(1);
    const [planCount] = await database.db
      .select({ n: count() })
      .from(plans)
      .where(eq(plans.institutionId, first.json().institutionId));
    expect(planCount?.n).toBe(2);
    const report = await app.inject({
      method: "GET",
      url: `/api/plans/${again.json().planId}/reports/units?period=Q1&format=json`,
      cookies: otherAdmin.cookies,
    });
    expect(report.statusCode).toBe(200);
  });
});
