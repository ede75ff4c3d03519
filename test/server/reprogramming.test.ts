import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, programmedValues, reprogrammings } from "../../src/db/schema.js";
import { buildExecutionWorld, call, type ExecutionWorld, PROGRAMMED } from "../helpers/execution-world.js";
import { setUpTestServer } from "../helpers/server.js";

const server = setUpTestServer();
let world: ExecutionWorld;

beforeAll(async () => {
  world = await buildExecutionWorld(server.app, server.database.db);
});

const eights = Array(12).fill(PROGRAMMED);
/** Eight a month, ten in the last quarter. */
const moreInQ4 = [...eights.slice(0, 9), 10, 10, 10];
const request = () => `${world.base}/activities/${world.activity.id}/reprogrammings`;
const review = (id: string, action: "approve" | "reject") => `${world.base}/reprogrammings/${id}/${action}`;

async function programmed(versionId: string): Promise<number[]> {
  const [row] = await server.database.db
    .select()
    .from(programmedValues)
    .where(
      and(eq(programmedValues.versionId, versionId), eq(programmedValues.activityId, world.activity.id)),
    );
  if (!row) throw new Error("no programmed values");
  return Array.from({ length: 12 }, (_, i) => Number(row[`q${String(i + 1).padStart(2, "0")}` as "q01"]));
}

async function requestsInDb() {
  return server.database.db
    .select()
    .from(reprogrammings)
    .where(eq(reprogrammings.institutionId, world.institution.id))
    .orderBy(reprogrammings.requestedAt);
}

async function auditOf(id: string) {
  return server.database.db.select().from(auditLog).where(eq(auditLog.entityId, id)).orderBy(auditLog.id);
}

describe("reprogramming", () => {
  let approvedId = "";

  it("lets the unit's editor ask, with old and new values and the justification audited", async () => {
    const response = await call(server.app, world.clients.editor, "POST", request(), {
      quantities: moreInQ4,
      justification: "Campaña de fin de año: más expedientes",
    });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body).toMatchObject({
      status: "pending",
      oldValues: eights,
      newValues: moreInQ4,
      activity: { id: world.activity.id, name: world.activity.name },
      unit: { name: "GERENCIA DE FINANZAS" },
      requestedBy: { email: world.clients.editor.email },
      reviewedBy: null,
    });
    approvedId = body.id;
    const [record] = await auditOf(body.id);
    expect(record).toMatchObject({
      action: "request",
      entity: "reprogramming",
      userId: world.clients.editor.userId,
      reason: "Campaña de fin de año: más expedientes",
      after: { oldValues: eights, newValues: moreInQ4, status: "pending" },
    });
    // Asking changes nothing yet.
    expect(await programmed(world.versions.currentId)).toEqual(eights);
  });

  it("answers 401, 404 and 403 as the rule says, and refuses bad requests naming the field", async () => {
    const body = { quantities: moreInQ4, justification: "x" };
    expect((await call(server.app, undefined, "POST", request(), body)).statusCode).toBe(401);
    expect((await call(server.app, world.clients.stranger, "POST", request(), body)).statusCode).toBe(404);
    for (const role of ["viewer", "otherEditor"] as const) {
      expect((await call(server.app, world.clients[role], "POST", request(), body)).statusCode, role).toBe(
        403,
      );
    }
    const eleven = await call(server.app, world.clients.editor, "POST", request(), {
      ...body,
      quantities: eights.slice(1),
    });
    expect(eleven.json()).toMatchObject({ status: 400, field: "quantities" });
    expect(eleven.json().detail).toContain("doce meses");
    const negative = [...eights];
    negative[3] = -2;
    const refused = await call(server.app, world.clients.editor, "POST", request(), {
      ...body,
      quantities: negative,
    });
    expect(refused.json()).toMatchObject({ status: 400, field: "quantities.3" });
    // A fifth decimal was rounded away on approval; programmed values refuse it.
    const fine = [...eights];
    fine[10] = 8.00001;
    const tooFine = await call(server.app, world.clients.editor, "POST", request(), {
      ...body,
      quantities: fine,
    });
    expect(tooFine.json()).toMatchObject({
      status: 400,
      field: "quantities.10",
      detail: "Dato no válido en «quantities.10»: Admite hasta 4 decimales (8.00001).",
    });
    const noReason = await call(server.app, world.clients.editor, "POST", request(), {
      ...body,
      justification: " ",
    });
    expect(noReason.json()).toMatchObject({ status: 400, field: "justification" });
    const unchanged = await call(server.app, world.clients.editor, "POST", request(), {
      quantities: eights,
      justification: "x",
    });
    expect(unchanged.json()).toMatchObject({
      status: 400,
      detail: "La reprogramación no cambia ningún mes.",
    });
    expect(await requestsInDb()).toHaveLength(1);
  });

  it("keeps closed months as they are", async () => {
    expect(
      (
        await call(
          server.app,
          world.clients.planner,
          "POST",
          `${world.base}/plans/${world.plan.id}/months/1/close`,
        )
      ).statusCode,
    ).toBe(200);
    const response = await call(server.app, world.clients.planner, "POST", request(), {
      quantities: [5, ...eights.slice(1)],
      justification: "Enero se programó de más",
    });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ field: "quantities.0" });
    expect(response.json().detail).toBe(
      "El mes de enero está cerrado: su programación no se puede cambiar (es 8, se pide 5).",
    );
    expect(await requestsInDb()).toHaveLength(1);
  });

  it("lists requests with old beside new, the activity and its unit, paginated", async () => {
    const second = await call(server.app, world.clients.planner, "POST", request(), {
      quantities: [...eights.slice(0, 11), 20],
      justification: "Diciembre concentra las notificaciones",
    });
    expect(second.statusCode).toBe(201);
    const url = `${world.base}/reprogrammings?status=pending&planId=${world.plan.id}&pageSize=1`;
    const page1 = await call(server.app, world.clients.viewer, "GET", url);
    expect(page1.statusCode).toBe(200);
    expect(page1.json()).toMatchObject({ total: 2, page: 1, pageSize: 1 });
    expect(page1.json().items).toHaveLength(1);
    expect(page1.json().items[0]).toMatchObject({
      id: approvedId,
      oldValues: eights,
      newValues: moreInQ4,
      activity: { name: world.activity.name },
      unit: { name: "GERENCIA DE FINANZAS" },
    });
    const page2 = await call(server.app, world.clients.viewer, "GET", `${url}&page=2`);
    expect(page2.json().items[0].justification).toBe("Diciembre concentra las notificaciones");
    expect((await call(server.app, world.clients.stranger, "GET", url)).statusCode).toBe(404);
    const bad = await call(
      server.app,
      world.clients.viewer,
      "GET",
      `${world.base}/reprogrammings?status=todo`,
    );
    expect(bad.json()).toMatchObject({ status: 400, field: "status" });
  });

  it("approves into the current programming only; the baseline and the POI report keep the old values", async () => {
    expect(
      (await call(server.app, world.clients.editor, "POST", review(approvedId, "approve"), {})).statusCode,
    ).toBe(403);
    expect(
      (await call(server.app, world.clients.stranger, "POST", review(approvedId, "approve"), {})).statusCode,
    ).toBe(404);
    // Their own institution's URL with our request: the same 404 as a request that does not exist.
    const theirs = `/api/institutions/${world.other.id}/reprogrammings`;
    const crossed = await call(
      server.app,
      world.clients.stranger,
      "POST",
      `${theirs}/${approvedId}/approve`,
      {},
    );
    const missing = await call(
      server.app,
      world.clients.stranger,
      "POST",
      `${theirs}/${crypto.randomUUID()}/approve`,
      {},
    );
    expect(crossed.statusCode).toBe(404);
    expect(crossed.json()).toEqual(missing.json());
    expect(await programmed(world.versions.currentId)).toEqual(eights);

    const response = await call(server.app, world.clients.planner, "POST", review(approvedId, "approve"), {
      comment: "Conforme",
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      status: "approved",
      reviewedBy: { email: world.clients.planner.email },
      reviewComment: "Conforme",
    });
    expect(await programmed(world.versions.currentId)).toEqual(moreInQ4);
    expect(await programmed(world.versions.baselineId)).toEqual(eights);
    expect((await auditOf(approvedId)).at(-1)).toMatchObject({
      action: "approve",
      userId: world.clients.planner.userId,
      reason: "Conforme",
      before: { status: "pending", programmed: eights },
      after: { status: "approved", programmed: moreInQ4 },
    });

    const again = await call(server.app, world.clients.planner, "POST", review(approvedId, "reject"), {});
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toBe("La solicitud ya fue aprobada.");

    const report = await call(
      server.app,
      world.clients.viewer,
      "GET",
      `/api/plans/${world.plan.id}/reports/poi?period=Q4&baseline=true&format=json`,
    );
    expect(report.statusCode).toBe(200);
    const row = report
      .json()
      .rows.find((line: { kind: string; activity?: string }) => line.activity === world.activity.name);
    expect(row).toMatchObject({ programmed: 30, baselineProgrammed: 24 });
  });

  it("refuses a request made against values that changed since, and records rejections", async () => {
    const [, second] = await requestsInDb();
    const id = second?.id as string;
    const stale = await call(server.app, world.clients.planner, "POST", review(id, "approve"), {});
    expect(stale.statusCode).toBe(409);
    expect(stale.json().detail).toContain("La programación vigente cambió desde la solicitud");
    expect(await programmed(world.versions.currentId)).toEqual(moreInQ4);

    const rejected = await call(server.app, world.clients.planner, "POST", review(id, "reject"), {
      comment: "Pida de nuevo sobre la programación vigente",
    });
    expect(rejected.statusCode).toBe(200);
    expect(rejected.json()).toMatchObject({
      status: "rejected",
      reviewComment: "Pida de nuevo sobre la programación vigente",
    });
    expect(await programmed(world.versions.currentId)).toEqual(moreInQ4);
    expect((await auditOf(id)).at(-1)).toMatchObject({ action: "reject", after: { status: "rejected" } });
    const pending = await call(
      server.app,
      world.clients.viewer,
      "GET",
      `${world.base}/reprogrammings?status=pending`,
    );
    expect(pending.json().total).toBe(0);
  });
});
