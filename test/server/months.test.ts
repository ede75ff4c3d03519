import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, closedMonths, plans } from "../../src/db/schema.js";
import { buildExecutionWorld, call, type ExecutionWorld } from "../helpers/execution-world.js";
import { setUpTestServer } from "../helpers/server.js";

const server = setUpTestServer();
let world: ExecutionWorld;

beforeAll(async () => {
  world = await buildExecutionWorld(server.app, server.database.db);
});

const months = () => `${world.base}/plans/${world.plan.id}/months`;
const close = (month: number) => `${months()}/${month}/close`;
const reopen = (month: number) => `${months()}/${month}/reopen`;

async function closedInDb(): Promise<number[]> {
  const rows = await server.database.db
    .select({ month: closedMonths.month })
    .from(closedMonths)
    .where(and(eq(closedMonths.institutionId, world.institution.id), eq(closedMonths.planId, world.plan.id)))
    .orderBy(closedMonths.month);
  return rows.map((row) => row.month);
}

async function monthAudit(month: number) {
  return server.database.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entity, "month"), eq(auditLog.entityId, `${world.plan.id}:${month}`)))
    .orderBy(auditLog.id);
}

describe("months of a plan", () => {
  it("lists twelve open months to any member; 401 and 404 otherwise", async () => {
    const response = await call(server.app, world.clients.viewer, "GET", months());
    expect(response.statusCode).toBe(200);
    expect(response.json().months).toHaveLength(12);
    expect(response.json().months[0]).toEqual({ month: 1, closed: false, closedBy: null, closedAt: null });
    expect((await call(server.app, undefined, "GET", months())).statusCode).toBe(401);
    expect((await call(server.app, world.clients.stranger, "GET", months())).statusCode).toBe(404);
  });

  it("closes months for planners only, in order", async () => {
    expect((await call(server.app, undefined, "POST", close(1))).statusCode).toBe(401);
    expect((await call(server.app, world.clients.stranger, "POST", close(1))).statusCode).toBe(404);
    for (const role of ["viewer", "editor"] as const) {
      expect((await call(server.app, world.clients[role], "POST", close(1))).statusCode, role).toBe(403);
    }
    expect(await closedInDb()).toEqual([]);

    const outOfOrder = await call(server.app, world.clients.planner, "POST", close(2));
    expect(outOfOrder.statusCode).toBe(409);
    expect(outOfOrder.json().detail).toBe("Cierre primero el mes de enero: los meses se cierran en orden.");

    const january = await call(server.app, world.clients.planner, "POST", close(1));
    expect(january.statusCode).toBe(200);
    expect(january.json()).toMatchObject({
      month: 1,
      closed: true,
      closedBy: { email: world.clients.planner.email },
    });
    expect((await call(server.app, world.clients.planner, "POST", close(2))).statusCode).toBe(200);
    expect(await closedInDb()).toEqual([1, 2]);
    const again = await call(server.app, world.clients.planner, "POST", close(2));
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toBe("El mes de febrero ya está cerrado.");

    const [record] = await monthAudit(1);
    expect(record).toMatchObject({
      action: "close",
      userId: world.clients.planner.userId,
      planId: world.plan.id,
      after: { month: 1, closed: true },
    });

    // A closed month takes no entries.
    const write = await call(
      server.app,
      world.clients.editor,
      "PUT",
      `${world.base}/activities/${world.activity.id}/execution/1`,
      {
        value: 1,
        version: 0,
      },
    );
    expect(write.statusCode).toBe(409);
    expect(write.json().detail).toBe("El mes de enero está cerrado: pida reabrirlo.");
  });

  it("reopens a closed month with a reason kept in the audit log", async () => {
    const noReason = await call(server.app, world.clients.planner, "POST", reopen(1), {});
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json()).toMatchObject({ field: "reason" });
    const blank = await call(server.app, world.clients.planner, "POST", reopen(1), { reason: "   " });
    expect(blank.json()).toMatchObject({ status: 400, field: "reason" });
    expect(
      (await call(server.app, world.clients.editor, "POST", reopen(1), { reason: "corrección" })).statusCode,
    ).toBe(403);
    expect(await closedInDb()).toEqual([1, 2]);

    const response = await call(server.app, world.clients.planner, "POST", reopen(1), {
      reason: "La unidad corrigió el número de expedientes",
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ month: 1, closed: false, closedBy: null, closedAt: null });
    // February stays closed: correcting January does not reopen the months after it.
    expect(await closedInDb()).toEqual([2]);
    const records = await monthAudit(1);
    expect(records.at(-1)).toMatchObject({
      action: "reopen",
      reason: "La unidad corrigió el número de expedientes",
      before: { month: 1, closed: true },
      after: { month: 1, closed: false },
    });

    const write = await call(
      server.app,
      world.clients.editor,
      "PUT",
      `${world.base}/activities/${world.activity.id}/execution/1`,
      {
        value: 1,
        version: 0,
      },
    );
    expect(write.statusCode).toBe(200);

    const notClosed = await call(server.app, world.clients.planner, "POST", reopen(3), {
      reason: "por si acaso",
    });
    expect(notClosed.statusCode).toBe(409);
    expect(notClosed.json().detail).toBe("El mes de marzo no está cerrado.");
    // January can close again: every month before it (none) is closed.
    expect((await call(server.app, world.clients.planner, "POST", close(1))).statusCode).toBe(200);
    expect(await closedInDb()).toEqual([1, 2]);
  });

  it("closes nothing in a plan that is not in execution", async () => {
    await server.database.db.update(plans).set({ status: "closed" }).where(eq(plans.id, world.plan.id));
    try {
      const response = await call(server.app, world.clients.planner, "POST", close(3));
      expect(response.statusCode).toBe(409);
      expect(response.json().detail).toBe(
        "El plan está cerrado: los meses se cierran solo con el plan en ejecución.",
      );
      expect(await closedInDb()).toEqual([1, 2]);
    } finally {
      await server.database.db
        .update(plans)
        .set({ status: "in_execution" })
        .where(eq(plans.id, world.plan.id));
    }
  });
});
