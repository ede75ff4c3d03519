import { readFileSync } from "node:fs";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  activities,
  auditLog,
  closedMonths,
  evidenceFiles,
  executedValues,
  executionEntries,
  membershipUnits,
  plans,
} from "../../src/db/schema.js";
import { buildExecutionWorld, call, type ExecutionWorld, PROGRAMMED } from "../helpers/execution-world.js";
import { buildActivity } from "../helpers/factories.js";
import { loginAs, setUpTestServer } from "../helpers/server.js";

const server = setUpTestServer();
let world: ExecutionWorld;

beforeAll(async () => {
  world = await buildExecutionWorld(server.app, server.database.db);
});

const url = (month?: number, activityId = world.activity.id, base = world.base) =>
  `${base}/activities/${activityId}/execution${month ? `/${month}` : ""}`;

async function entry(month: number, activityId = world.activity.id) {
  const [row] = await server.database.db
    .select()
    .from(executionEntries)
    .where(
      and(
        eq(executionEntries.institutionId, world.institution.id),
        eq(executionEntries.activityId, activityId),
        eq(executionEntries.month, month),
      ),
    );
  return row;
}

async function mirror(activityId = world.activity.id) {
  const [row] = await server.database.db
    .select()
    .from(executedValues)
    .where(
      and(eq(executedValues.institutionId, world.institution.id), eq(executedValues.activityId, activityId)),
    );
  return row;
}

async function auditOf(entityId: string) {
  return server.database.db
    .select()
    .from(auditLog)
    .where(eq(auditLog.entityId, entityId))
    .orderBy(auditLog.id);
}

describe("GET execution", () => {
  it("shows the twelve months to any member, 404 to other institutions, 401 without a session", async () => {
    const response = await call(server.app, world.clients.viewer, "GET", url());
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.months).toHaveLength(12);
    expect(body.months[3]).toEqual({
      month: 4,
      programmed: PROGRAMMED,
      value: null,
      money: null,
      comment: null,
      version: 0,
      enteredBy: null,
      enteredAt: null,
      closed: false,
      evidence: [],
    });
    expect((await call(server.app, undefined, "GET", url())).statusCode).toBe(401);
    const foreign = await call(server.app, world.clients.stranger, "GET", url());
    expect(foreign.statusCode).toBe(404);
    // Their own institution's URL with our activity: the same 404 as an activity that does not exist.
    const crossed = await call(
      server.app,
      world.clients.stranger,
      "GET",
      url(undefined, world.activity.id, `/api/institutions/${world.other.id}`),
    );
    const missing = await call(
      server.app,
      world.clients.stranger,
      "GET",
      url(undefined, crypto.randomUUID(), `/api/institutions/${world.other.id}`),
    );
    expect(crossed.statusCode).toBe(404);
    expect(crossed.json()).toEqual(missing.json());
  });
});

describe("PUT execution", () => {
  it("records a month for the editor of a parent unit, mirrors it and audits it", async () => {
    const response = await server.app.inject({
      method: "PUT",
      url: url(1),
      payload: { value: 7, money: 1250.5, comment: "Se atendieron 7 expedientes", version: 0 },
      headers: world.clients.editor.headers,
      cookies: world.clients.editor.cookies,
      remoteAddress: "10.9.8.7",
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      month: 1,
      value: 7,
      money: 1250.5,
      comment: "Se atendieron 7 expedientes",
      version: 1,
      enteredBy: { email: world.clients.editor.email },
    });
    expect(await entry(1)).toMatchObject({ value: "7.0000", money: "1250.5000", version: 1 });
    expect(await mirror()).toMatchObject({ q01: "7.0000", m01: "1250.5000" });
    const [record] = await auditOf(`${world.activity.id}:1`);
    expect(record).toMatchObject({
      institutionId: world.institution.id,
      userId: world.clients.editor.userId,
      ip: "10.9.8.7",
      action: "record",
      entity: "execution_entry",
      planId: world.plan.id,
      unitId: world.units.finanzas.id,
      before: { value: null, money: null, comment: null, version: 0 },
      after: { value: 7, money: 1250.5, comment: "Se atendieron 7 expedientes", version: 1 },
    });

    const read = (await call(server.app, world.clients.viewer, "GET", url())).json().months[0];
    expect(read).toMatchObject({ value: 7, version: 1, comment: "Se atendieron 7 expedientes" });
  });

  it("answers a stale version with 409 and the current entry, and changes nothing", async () => {
    const first = await call(server.app, world.clients.editor, "PUT", url(2), {
      value: 3,
      comment: "primero",
      version: 0,
    });
    expect(first.json().version).toBe(1);
    const second = await call(server.app, world.clients.editor, "PUT", url(2), { value: 4, version: 1 });
    expect(second.statusCode).toBe(200);
    // Omitted comment and money stay as they were.
    expect(second.json()).toMatchObject({ value: 4, comment: "primero", version: 2 });

    const stale = await call(server.app, world.clients.editor, "PUT", url(2), { value: 9, version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({
      type: "conflict",
      status: 409,
      field: "version",
      code: "stale_version",
      params: { month: 2, version: 2, read: 1 },
      current: { value: 4, comment: "primero", version: 2, enteredBy: { email: world.clients.editor.email } },
    });
    expect(stale.json().detail).toContain("febrero");
    expect(await entry(2)).toMatchObject({ value: "4.0000", version: 2 });
    expect((await mirror())?.q02).toBe("4.0000");
    expect(await auditOf(`${world.activity.id}:2`)).toHaveLength(2);

    // Version 0 when an entry already exists is stale too.
    expect(
      (await call(server.app, world.clients.editor, "PUT", url(2), { value: 1, version: 0 })).statusCode,
    ).toBe(409);
  });

  it("lets only the unit's editors write: 401, 404, 403 for viewer, another unit's editor and planner", async () => {
    const body = { value: 5, version: 0 };
    expect((await call(server.app, undefined, "PUT", url(3), body)).statusCode).toBe(401);
    expect((await call(server.app, world.clients.stranger, "PUT", url(3), body)).statusCode).toBe(404);
    for (const role of ["viewer", "otherEditor", "planner"] as const) {
      const response = await call(server.app, world.clients[role], "PUT", url(3), body);
      expect(response.statusCode, role).toBe(403);
      expect(response.json().detail).toBe("No tiene permiso para esta acción.");
    }
    expect(await entry(3)).toBeUndefined();
    expect(await auditOf(`${world.activity.id}:3`)).toHaveLength(0);
  });

  it("refuses bad values with a Spanish message naming the field", async () => {
    const negative = await call(server.app, world.clients.editor, "PUT", url(5), { value: -1, version: 0 });
    expect(negative.statusCode).toBe(400);
    expect(negative.json()).toMatchObject({ field: "value" });
    expect(negative.json().detail).toContain("No puede ser negativo");
    const unknown = await call(server.app, world.clients.editor, "PUT", url(5), {
      value: 1,
      version: 0,
      extra: 1,
    });
    expect(unknown.json()).toMatchObject({ status: 400, field: "extra" });
    const noVersion = await call(server.app, world.clients.editor, "PUT", url(5), { value: 1 });
    expect(noVersion.json()).toMatchObject({ status: 400, field: "version" });
    const month13 = await call(server.app, world.clients.editor, "PUT", url(13), { value: 1, version: 0 });
    expect(month13.json()).toMatchObject({ status: 400, field: "month" });

    const overProgress = await call(server.app, world.clients.editor, "PUT", url(5, world.progress.id), {
      value: 120,
      version: 0,
    });
    expect(overProgress.statusCode).toBe(400);
    expect(overProgress.json()).toMatchObject({ field: "value" });
    expect(overProgress.json().detail).toContain("porcentaje entre 0 y 100");
    expect(await entry(5)).toBeUndefined();
    expect(await entry(5, world.progress.id)).toBeUndefined();
    const progress = await call(server.app, world.clients.editor, "PUT", url(5, world.progress.id), {
      value: 60,
      version: 0,
    });
    expect(progress.statusCode).toBe(200);
  });

  it("refuses a fifth decimal in value or money, as in programmed values, storing nothing", async () => {
    for (const [body, field] of [
      [{ value: 1.23456, version: 0 }, "value"],
      [{ value: 1, money: 1250.00001, version: 0 }, "money"],
      [{ value: 1e-7, version: 0 }, "value"],
    ] as const) {
      const response = await call(server.app, world.clients.editor, "PUT", url(11), body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json()).toMatchObject({ field });
      expect(response.json().detail).toBe(
        `Dato no válido en «${field}»: Admite hasta 4 decimales (${field === "value" ? body.value : 1250.00001}).`,
      );
    }
    expect(await entry(11)).toBeUndefined();
    expect((await mirror())?.q11 ?? null).toBeNull();
    expect(await auditOf(`${world.activity.id}:11`)).toHaveLength(0);
    const four = await call(server.app, world.clients.editor, "PUT", url(11), {
      value: 1.2345,
      money: 1250.0001,
      version: 0,
    });
    expect(four.json()).toMatchObject({ value: 1.2345, money: 1250.0001, version: 1 });
  });

  it("takes a month only as a whole number 1 to 12, on every route with a month", async () => {
    const activity = `${world.base}/activities/${world.activity.id}/execution`;
    const plan = `${world.base}/plans/${world.plan.id}/months`;
    const closedMonthsOfPlan = async () =>
      (
        await server.database.db
          .select({ month: closedMonths.month })
          .from(closedMonths)
          .where(eq(closedMonths.planId, world.plan.id))
      ).map((row) => row.month);
    const closedBefore = await closedMonthsOfPlan();
    const txt = () => {
      const form = new FormData();
      form.append("file", new Blob([new TextEncoder().encode("acta\n")], { type: "text/plain" }), "acta.txt");
      return form;
    };
    const attempts = (month: string) => [
      call(server.app, world.clients.editor, "PUT", `${activity}/${month}`, { value: 9, version: 0 }),
      server.app.inject({
        method: "POST",
        url: `${activity}/${month}/evidence`,
        payload: txt(),
        headers: world.clients.editor.headers,
        cookies: world.clients.editor.cookies,
      }),
      call(server.app, world.clients.planner, "POST", `${plan}/${month}/close`),
      call(server.app, world.clients.planner, "POST", `${plan}/${month}/reopen`, { reason: "corrección" }),
    ];
    // `1e1` and `10.0` were October, ` 3` and `03.0` March.
    for (const month of ["1e1", "10.0", "0", "13", "%203", "3abc", "03.0", "+3", "0x3", "-1", "3%20"]) {
      for (const response of await Promise.all(attempts(month))) {
        expect(response.statusCode, `${month}: ${response.body}`).toBe(400);
        expect(response.json()).toMatchObject({
          field: "month",
          detail: "Dato no válido en «month»: Debe ser un número de mes, de 1 a 12.",
        });
      }
    }
    expect(await entry(3)).toBeUndefined();
    expect(await entry(10)).toBeUndefined();
    const stored = await server.database.db
      .select({ id: evidenceFiles.id })
      .from(evidenceFiles)
      .where(eq(evidenceFiles.activityId, world.activity.id));
    expect(stored).toEqual([]);
    expect(await closedMonthsOfPlan()).toEqual(closedBefore);

    const march = await call(server.app, world.clients.editor, "PUT", `${activity}/3`, {
      value: 9,
      version: 0,
    });
    expect(march.json()).toMatchObject({ month: 3, value: 9, version: 1 });
  });

  it("takes over an imported month (value, no entry) at version 0, keeping its money", async () => {
    await server.database.db
      .update(executedValues)
      .set({ q06: "5", m06: "300" })
      .where(
        and(
          eq(executedValues.institutionId, world.institution.id),
          eq(executedValues.activityId, world.activity.id),
        ),
      );
    const june = (await call(server.app, world.clients.viewer, "GET", url())).json().months[5];
    expect(june).toMatchObject({ value: 5, money: 300, version: 0, enteredBy: null });
    const response = await call(server.app, world.clients.editor, "PUT", url(6), { value: 6, version: 0 });
    expect(response.json()).toMatchObject({ value: 6, money: 300, version: 1 });
    const [record] = await auditOf(`${world.activity.id}:6`);
    expect(record?.before).toEqual({ value: 5, money: 300, comment: null, version: 0 });
  });

  it("refuses a withdrawn activity with 409", async () => {
    const withdrawn = await buildActivity(
      server.database.db,
      { institutionId: world.institution.id, planId: world.plan.id, unitId: world.units.finanzas.id },
      { name: "ACTIVIDAD RETIRADA", active: false },
    );
    const response = await call(server.app, world.clients.editor, "PUT", url(1, withdrawn.id), {
      value: 1,
      version: 0,
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().detail).toBe(
      "La actividad «ACTIVIDAD RETIRADA» está retirada: no admite cambios.",
    );
    expect(await entry(1, withdrawn.id)).toBeUndefined();
  });

  it("refuses closed months and plans not in execution with 409", async () => {
    await server.database.db
      .insert(closedMonths)
      .values({ institutionId: world.institution.id, planId: world.plan.id, month: 4 });
    const closed = await call(server.app, world.clients.editor, "PUT", url(4), { value: 2, version: 0 });
    expect(closed.statusCode).toBe(409);
    expect(closed.json().detail).toBe("El mes de abril está cerrado: pida reabrirlo.");
    expect(closed.json()).toMatchObject({ code: "month_closed", params: { month: 4 } });
    expect(await entry(4)).toBeUndefined();

    await server.database.db.update(plans).set({ status: "approved" }).where(eq(plans.id, world.plan.id));
    try {
      const draft = await call(server.app, world.clients.editor, "PUT", url(7), { value: 2, version: 0 });
      expect(draft.statusCode).toBe(409);
      expect(draft.json()).toMatchObject({ field: "status" });
      expect(draft.json().detail).toBe(
        "El plan está aprobado: la ejecución se registra solo con el plan en ejecución.",
      );
      expect(await entry(7)).toBeUndefined();
    } finally {
      await server.database.db
        .update(plans)
        .set({ status: "in_execution" })
        .where(eq(plans.id, world.plan.id));
    }
  });

  it("takes over the months of an imported plan (seed 004) at version 0", async () => {
    const { planner } = world.clients;
    const previewed = await server.app.inject({
      method: "POST",
      url: `/api/imports?institutionId=${world.institution.id}&fileName=004.txt`,
      payload: readFileSync("samples/004_72e0f0e913d1a590.txt"),
      headers: { "content-type": "text/plain", ...planner.headers },
      cookies: planner.cookies,
    });
    const committed = await server.app.inject({
      method: "POST",
      url: `/api/imports/${previewed.json().token}/commit`,
      payload: {},
      headers: planner.headers,
      cookies: planner.cookies,
    });
    expect(committed.statusCode).toBe(200);
    const [imported] = await server.database.db
      .select({
        id: activities.id,
        planId: activities.planId,
        unitId: activities.unitId,
        q02: executedValues.q02,
      })
      .from(activities)
      .innerJoin(
        executedValues,
        and(
          eq(executedValues.institutionId, activities.institutionId),
          eq(executedValues.activityId, activities.id),
        ),
      )
      .where(
        and(
          eq(activities.institutionId, world.institution.id),
          eq(
            activities.name,
            "ATENCIÓN DE LAS SOLICITUDES DE REVISIÓN Y SUBSANACIÓN DE DATOS DE LOS CIUDADANOS",
          ),
        ),
      );
    if (!imported) throw new Error("seed 004 activity not imported");
    await server.database.db
      .update(plans)
      .set({ status: "in_execution" })
      .where(eq(plans.id, imported.planId));
    const editor = await loginAs(server.app, server.database.db, "editor", world.institution.slug);
    await server.database.db
      .insert(membershipUnits)
      .values({ institutionId: world.institution.id, userId: editor.userId, unitId: imported.unitId });

    const months = (await call(server.app, editor, "GET", url(undefined, imported.id))).json().months;
    // 8 executed of 14 programmed in the quarter, as the document says.
    const quarter = months.slice(0, 3);
    expect(quarter.reduce((sum: number, m: { value: number }) => sum + m.value, 0)).toBe(8);
    expect(quarter.reduce((sum: number, m: { programmed: number }) => sum + m.programmed, 0)).toBe(14);
    expect(quarter.map((m: { version: number }) => m.version)).toEqual([0, 0, 0]);

    const february = Number(imported.q02);
    const response = await call(server.app, editor, "PUT", url(2, imported.id), {
      value: february + 1,
      version: 0,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ value: february + 1, version: 1 });
    expect((await mirror(imported.id))?.q02).toBe(`${february + 1}.0000`);
  });
});
