import { beforeAll, describe, expect, it } from "vitest";
import { audit } from "../../src/db/audit.js";
import { reprogrammings } from "../../src/db/schema.js";
import { buildActivity, buildInstitution, buildPlan, buildUnit } from "../helpers/factories.js";
import { type Client, loginAs, setUpTestServer } from "../helpers/server.js";

const server = setUpTestServer();

let viewer: Client;
let base: string;
let activityId: string;

beforeAll(async () => {
  const { db } = server.database;
  const institution = await buildInstitution(db, { name: "SAT Piura" });
  viewer = await loginAs(server.app, db, "viewer", institution.slug);
  base = `/api/institutions/${institution.id}/audit`;
  const institutionId = institution.id;
  const planId = (await buildPlan(db, institutionId)).id;
  const unitId = (await buildUnit(db, institutionId)).id;
  const ids = { institutionId, planId, unitId };
  activityId = (await buildActivity(db, ids)).id;
  const sibling = (await buildActivity(db, ids, { name: "CONTROL PREVIO" })).id;
  const twelve = Array.from({ length: 12 }, () => "8");
  const [request] = await db
    .insert(reprogrammings)
    .values({ institutionId, activityId, oldValues: twelve, newValues: twelve, justification: "Paro" })
    .returning();
  const about = (entity: string, entityId: string, extra: object = {}) =>
    audit(db, { ...ids, action: entity, entity, entityId, ...extra });
  await about("activity", activityId);
  await about("execution_entry", `${activityId}:4`);
  await about("evidence", "e1", { after: { activityId } });
  await about("evidence", "e2", { before: { activityId } });
  await about("reprogramming", String(request?.id));
  await about("activity", sibling);
  await about("execution_entry", `${sibling}:4`);
  await about("evidence", "e3", { after: { activityId: sibling } });
});

describe("GET /api/institutions/:id/audit?activityId=", () => {
  it("lists the activity's own, month, evidence and reprogramming entries, not its sibling's", async () => {
    const response = await server.app.inject({
      url: `${base}?activityId=${activityId}`,
      cookies: viewer.cookies,
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.total).toBe(5);
    expect(body.items.map((item: { entity: string }) => item.entity)).toEqual([
      "reprogramming",
      "evidence",
      "evidence",
      "execution_entry",
      "activity",
    ]);
  });

  it("refuses an activity id that is not a UUID, naming the field in Spanish", async () => {
    const response = await server.app.inject({ url: `${base}?activityId=act-1`, cookies: viewer.cookies });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      field: "activityId",
      detail: expect.stringContaining("Debe ser el identificador (UUID) de una actividad."),
    });
  });
});
