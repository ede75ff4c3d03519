import { and, count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, closedMonths, institutions, memberships, plans } from "../../src/db/schema.js";
import { buildInstitution } from "../helpers/factories.js";
import { auditCount, call, NOT_FOUND } from "../helpers/management-world.js";
import { type Client, loginAs, setUpTestServer } from "../helpers/server.js";

const server = setUpTestServer();
let superAdmin: Client;
let otherAdmin: Client;
let viewer: Client;

beforeAll(async () => {
  const other = await buildInstitution(server.database.db, { name: "Municipalidad de San Juan" });
  superAdmin = await loginAs(server.app, server.database.db, "super-admin");
  otherAdmin = await loginAs(server.app, server.database.db, "admin", other.slug);
  viewer = await loginAs(server.app, server.database.db, "viewer", other.slug);
});

const demo = (client?: Client) =>
  server.app.inject({
    method: "POST",
    url: "/api/demo",
    cookies: client?.cookies ?? {},
    headers: client?.headers ?? {},
  });

async function demoInstitutions() {
  return server.database.db.select().from(institutions).where(eq(institutions.name, "SAT Piura (ejemplo)"));
}

describe("POST /api/demo (Cargar ejemplo)", () => {
  it("refuses anonymous callers (401) and viewers (403), creating nothing", async () => {
    expect((await demo()).statusCode).toBe(401);
    const refused = await demo(viewer);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().detail).toBe("No tiene permiso para esta acción.");
    expect(await demoInstitutions()).toHaveLength(0);
  });

  it("an institution of the demo's name without its plans: another admin cannot import into it (403, nothing written)", async () => {
    const named = await buildInstitution(server.database.db, { name: "SAT Piura (ejemplo)" });
    const refused = await demo(otherAdmin);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().detail).toBe("No tiene permiso para esta acción.");
    expect(await server.database.db.select().from(plans).where(eq(plans.institutionId, named.id))).toEqual(
      [],
    );
    expect(
      await server.database.db.select().from(memberships).where(eq(memberships.institutionId, named.id)),
    ).toEqual([]);
  });

  it("imports both samples, reports the POI through March and opens it at Q1: 96.8 %", async () => {
    const response = await demo(superAdmin);
    expect(response.statusCode).toBe(200);
    const answer = response.json();
    expect(answer).toMatchObject({ period: "Q1", created: true });

    const [institution] = await demoInstitutions();
    expect(answer.institutionId).toBe(institution?.id);
    const rows = await server.database.db
      .select({ kind: plans.kind, year: plans.year, status: plans.status })
      .from(plans)
      .where(eq(plans.institutionId, answer.institutionId))
      .orderBy(plans.year);
    expect(rows).toEqual([
      { kind: "POI", year: 2021, status: "in_execution" },
      { kind: "POA", year: 2023, status: "draft" },
    ]);
    const closed = await server.database.db
      .select({ month: closedMonths.month })
      .from(closedMonths)
      .where(eq(closedMonths.planId, answer.planId))
      .orderBy(closedMonths.month);
    expect(closed.map((row) => row.month)).toEqual([1, 2, 3]);

    // The caller is now an admin of the demo, so the dashboard's report answers them.
    for (const period of ["Q1", "YTD"]) {
      const report = await server.app.inject({
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
    const me = await server.app.inject({ method: "GET", url: "/api/auth/me", cookies: superAdmin.cookies });
    expect(me.json().user.memberships).toEqual([
      expect.objectContaining({
        institution: expect.objectContaining({ name: "SAT Piura (ejemplo)" }),
        role: "admin",
      }),
    ]);

    const [closes] = await server.database.db
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

  it("another institution's admin gets the 403 of a viewer once the demo exists: no membership, and the demo's users, plans and audit stay 404", async () => {
    const [institution] = await demoInstitutions();
    const demoId = institution?.id as string;
    const before = await server.database.db
      .select()
      .from(memberships)
      .where(eq(memberships.institutionId, demoId));
    const audits = await auditCount(server.database.db, demoId);

    const refused = await demo(otherAdmin);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toEqual({
      type: "forbidden",
      title: "Sin permiso",
      status: 403,
      detail: "No tiene permiso para esta acción.",
      code: "forbidden",
    });
    expect(refused.body).not.toContain(demoId);

    const after = await server.database.db
      .select()
      .from(memberships)
      .where(eq(memberships.institutionId, demoId));
    expect(after).toEqual(before);
    expect(after.map((row) => row.userId)).not.toContain(otherAdmin.userId);
    expect(await auditCount(server.database.db, demoId)).toBe(audits);
    for (const path of ["users", "plans", "audit"]) {
      const read = await call(server.app, otherAdmin, "GET", `/api/institutions/${demoId}/${path}`);
      expect(read.json(), path).toEqual(NOT_FOUND);
    }
    const me = await server.app.inject({ method: "GET", url: "/api/auth/me", cookies: otherAdmin.cookies });
    expect(
      me.json().user.memberships.map((m: { institution: { id: string } }) => m.institution.id),
    ).not.toContain(demoId);
  });

  it("a super-admin and the demo's own admin get the same answer again; nothing changes", async () => {
    const first = await demo(superAdmin);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ created: false });
    const [institution] = await demoInstitutions();
    const demoAdmin = await loginAs(server.app, server.database.db, "admin", institution?.slug);
    const again = await demo(demoAdmin);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ ...first.json(), created: false });
    expect(await demoInstitutions()).toHaveLength(1);
    const [planCount] = await server.database.db
      .select({ n: count() })
      .from(plans)
      .where(eq(plans.institutionId, first.json().institutionId));
    expect(planCount?.n).toBe(2);
    const report = await server.app.inject({
      method: "GET",
      url: `/api/plans/${again.json().planId}/reports/units?period=Q1&format=json`,
      cookies: demoAdmin.cookies,
    });
    expect(report.statusCode).toBe(200);
  });

  it("the sample POI went through approval: a reprogramming of +5 in December moves the current YEAR programming to 6,355 and leaves the baseline at 6,350", async () => {
    const { institutionId, planId } = (await demo(superAdmin)).json();
    const base = `/api/institutions/${institutionId}`;
    const yearTotal = async () => {
      const report = await call(
        server.app,
        superAdmin,
        "GET",
        `/api/plans/${planId}/reports/poi?period=YEAR&baseline=true&format=json`,
      );
      expect(report.statusCode).toBe(200);
      return report.json().rows.at(-1);
    };
    expect(await yearTotal()).toMatchObject({ kind: "total", programmed: 6350, baselineProgrammed: 6350 });

    const list = await call(server.app, superAdmin, "GET", `${base}/plans/${planId}/activities?pageSize=500`);
    // A quantity whose months add up, as every activity of the sample is.
    const activity = list
      .json()
      .items.find(
        (item: { measureKind: string; cumulative: boolean }) =>
          item.measureKind === "quantity" && item.cumulative,
      );
    const quantities = activity.programmed.map((value: number | null, index: number) =>
      index === 11 ? (value ?? 0) + 5 : value,
    );
    const asked = await call(
      server.app,
      superAdmin,
      "POST",
      `${base}/activities/${activity.id}/reprogrammings`,
      {
        quantities,
        justification: "Diciembre concentra las notificaciones",
      },
    );
    expect(asked.statusCode).toBe(201);
    const approved = await call(
      server.app,
      superAdmin,
      "POST",
      `${base}/reprogrammings/${asked.json().id}/approve`,
      {},
    );
    expect(approved.statusCode).toBe(200);

    expect(await yearTotal()).toMatchObject({ kind: "total", programmed: 6355, baselineProgrammed: 6350 });
  });
});
