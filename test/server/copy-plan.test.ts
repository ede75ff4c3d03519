import { and, count, countDistinct, eq, isNotNull, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  activities,
  auditLog,
  institutions,
  plans,
  programmedValues,
  programmingVersions,
} from "../../src/db/schema.js";
import { auditCount, call } from "../helpers/management-world.js";
import { type Client, loginAs, setUpTestServer } from "../helpers/server.js";

const server = setUpTestServer();
let planner: Client;
let viewer: Client;
let institutionId: string;
let poi2021: string;
let base: string;

beforeAll(async () => {
  const superAdmin = await loginAs(server.app, server.database.db, "super-admin");
  const demo = await server.app.inject({
    method: "POST",
    url: "/api/demo",
    cookies: superAdmin.cookies,
    headers: superAdmin.headers,
  });
  expect(demo.statusCode).toBe(200);
  institutionId = demo.json().institutionId;
  poi2021 = demo.json().planId;
  const [institution] = await server.database.db
    .select()
    .from(institutions)
    .where(eq(institutions.id, institutionId));
  planner = await loginAs(server.app, server.database.db, "planner", institution?.slug);
  viewer = await loginAs(server.app, server.database.db, "viewer", institution?.slug);
  base = `/api/institutions/${institutionId}/plans`;
});

async function contentOf(planId: string) {
  const db = server.database.db;
  const [shape] = await db
    .select({ activities: count(), units: countDistinct(activities.unitId) })
    .from(activities)
    .where(and(eq(activities.institutionId, institutionId), eq(activities.planId, planId)));
  const [programmed] = await db
    .select({
      rows: count(),
      q1: sql<string>`coalesce(sum(${programmedValues.q01} + ${programmedValues.q02} + ${programmedValues.q03}), 0)`,
    })
    .from(programmedValues)
    .innerJoin(
      activities,
      and(
        eq(activities.institutionId, programmedValues.institutionId),
        eq(activities.id, programmedValues.activityId),
      ),
    )
    .innerJoin(
      programmingVersions,
      and(
        eq(programmingVersions.institutionId, programmedValues.institutionId),
        eq(programmingVersions.id, programmedValues.versionId),
        eq(programmingVersions.role, "current"),
      ),
    )
    .where(and(eq(activities.institutionId, institutionId), eq(activities.planId, planId)));
  return {
    activities: shape?.activities,
    units: shape?.units,
    programmedRows: programmed?.rows,
    q1: Number(programmed?.q1),
  };
}

describe("POST …/plans/{planId}/copy (Nuevo plan a partir de otro)", () => {
  it("a viewer may not copy (403) and nothing is written", async () => {
    const audits = await auditCount(server.database.db, institutionId);
    const refused = await call(server.app, viewer, "POST", `${base}/${poi2021}/copy`, {
      year: 2022,
      withProgramming: true,
    });
    expect(refused.statusCode).toBe(403);
    expect(await auditCount(server.database.db, institutionId)).toBe(audits);
  });

  it("copies the demo POI 2021's 78 activities of 24 units into a 2022 draft, with its programming", async () => {
    const source = await contentOf(poi2021);
    expect(source).toMatchObject({ activities: 78, units: 24 });
    expect(source.q1).toBeGreaterThan(0);

    const response = await call(server.app, planner, "POST", `${base}/${poi2021}/copy`, {
      year: 2022,
      withProgramming: true,
    });
    expect(response.statusCode).toBe(201);
    const answer = response.json();
    expect(answer).toMatchObject({
      plan: { year: 2022, kind: "POI", status: "draft" },
      activities: 78,
      units: 24,
    });
    expect(answer.programmed).toBe(source.programmedRows);
    const copied = await contentOf(answer.plan.id);
    expect(copied).toEqual(source);
    // The source keeps its activities; the copies are new rows with the same names.
    expect(await contentOf(poi2021)).toEqual(source);
    const [dates] = await server.database.db
      .select({ n: count() })
      .from(activities)
      .where(
        and(
          eq(activities.planId, answer.plan.id),
          isNotNull(activities.startDate),
          sql`extract(year from ${activities.startDate}) <> 2022`,
        ),
      );
    expect(dates?.n).toBe(0);

    // Nothing executed travels: the new draft's activities show programming and no execution.
    const listed = await call(
      server.app,
      planner,
      "GET",
      `${base}/${answer.plan.id}/activities?pageSize=200`,
    );
    expect(listed.json().total).toBe(78);
    for (const activity of listed.json().items) {
      expect(activity.executed.every((value: number | null) => value === null)).toBe(true);
    }

    const [entry] = await server.database.db
      .select()
      .from(auditLog)
      .where(
        and(eq(auditLog.planId, answer.plan.id), eq(auditLog.entity, "plan"), eq(auditLog.action, "create")),
      );
    expect(entry?.userId).toBe(planner.userId);
    expect(entry?.after).toMatchObject({
      copiedFrom: poi2021,
      activities: 78,
      units: 24,
      withProgramming: true,
    });
  });

  it("without the programming: the 78 activities and no month programmed", async () => {
    const response = await call(server.app, planner, "POST", `${base}/${poi2021}/copy`, {
      year: 2023,
      title: "POI 2023 SIN PROGRAMACIÓN",
      withProgramming: false,
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      plan: { year: 2023, title: "POI 2023 SIN PROGRAMACIÓN", status: "draft" },
      activities: 78,
      programmed: 0,
    });
    expect(await contentOf(response.json().plan.id)).toMatchObject({
      activities: 78,
      units: 24,
      programmedRows: 0,
    });
  });

  it("refuses a plan of that year and title that already exists (409 on the title), writing nothing", async () => {
    const db = server.database.db;
    const plansBefore = await db
      .select({ n: count() })
      .from(plans)
      .where(eq(plans.institutionId, institutionId));
    const activitiesBefore = await db
      .select({ n: count() })
      .from(activities)
      .where(eq(activities.institutionId, institutionId));
    const audits = await auditCount(db, institutionId);

    const refused = await call(server.app, planner, "POST", `${base}/${poi2021}/copy`, {
      year: 2022,
      withProgramming: true,
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: "plan_title_taken", field: "title" });
    expect(refused.json().detail).toMatch(/^Ya existe el POI 2022 «.+» en esta institución\.$/);

    expect(await db.select({ n: count() }).from(plans).where(eq(plans.institutionId, institutionId))).toEqual(
      plansBefore,
    );
    expect(
      await db.select({ n: count() }).from(activities).where(eq(activities.institutionId, institutionId)),
    ).toEqual(activitiesBefore);
    expect(await auditCount(db, institutionId)).toBe(audits);
  });

  it("another institution's plan is the tenant 404", async () => {
    const response = await call(
      server.app,
      planner,
      "POST",
      `${base}/00000000-0000-4000-8000-000000000000/copy`,
      { year: 2022, withProgramming: false },
    );
    expect(response.statusCode).toBe(404);
  });
});
