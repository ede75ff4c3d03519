/**
 * A corrected document re-imported into a plan whose execution is being recorded: changed months
 * get a new entry version (an editor's stale write is then a 409), recorded comments stay when the
 * document has none, and a closed month refuses the whole import. Programming and activities are
 * frozen once the plan is approved: only a reprogramming request changes them, never a re-import.
 */
import { readFileSync } from "node:fs";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, queryRows } from "../../src/db/connection.js";
import { activities, closedMonths, executionEntries, plans } from "../../src/db/schema.js";
import { recordExecution } from "../../src/services/execution/record-execution.js";
import { importDocument } from "../../src/services/imports/import-document.js";
import { addUser } from "../../src/services/users/add-user.js";
import { openTestDatabase } from "../helpers/database.js";

const SEED = "004_72e0f0e913d1a590.txt";
const ROW =
  "ORGANO DE CONTROL INSTITUCIONAL\tEJECUCIÓN DEL CONTROL GUBERNAMENTAL\tACCIONES DE CONTROL Y AUDITORÍA\tACCIONES\t49\t2\t2\t4\t5\t5\t5\t5\t4\t4\t5\t6\t2\t2\t1\t2\t8\t5";
const original = readFileSync(`samples/${SEED}`, "utf8");

/** The year's programmed total of the plan's current programming. */
async function programmedTotal() {
  const [row] = await queryRows<{ total: string }>(
    database.db,
    sql`select sum(p.q01 + p.q02)::text as total from programmed_values p
      join programming_versions v on v.institution_id = p.institution_id and v.id = p.version_id
      where v.plan_id = ${planId} and v.role = 'current'`,
  );
  return Number(row?.total);
}

/** Seed 004 with the March executed value of ÓRGANO DE CONTROL set to `march`. */
function withMarch(march: number) {
  const text = original.replace(
    ROW,
    ROW.replace("\t2\t2\t1\t2\t8\t5", `\t2\t2\t1\t${march}\t8\t${3 + march}`),
  );
  expect(text).not.toBe(original);
  return new TextEncoder().encode(text);
}

let database: Database;
let institutionId: string;
let planId: string;
let activityId: string;

const importing = (bytes: Uint8Array) =>
  importDocument(database.db, { fileName: "004-corregido.txt", bytes, institution: "SAT Piura" });

async function march() {
  const [entry] = await database.db
    .select()
    .from(executionEntries)
    .where(
      and(
        eq(executionEntries.institutionId, institutionId),
        eq(executionEntries.activityId, activityId),
        eq(executionEntries.month, 3),
      ),
    );
  const [mirror] = await queryRows<{ q03: string | null }>(
    database.db,
    sql`select q03::text from executed_values where institution_id = ${institutionId} and activity_id = ${activityId}`,
  );
  return { version: entry?.version ?? 0, comment: entry?.comment ?? null, executed: Number(mirror?.q03) };
}

beforeAll(async () => {
  database = await openTestDatabase();
  const outcome = await importing(new TextEncoder().encode(original));
  institutionId = outcome.institution?.id as string;
  planId = outcome.commit?.planId as string;
  await database.db.update(plans).set({ status: "in_execution" }).where(eq(plans.id, planId));
  const [activity] = await database.db
    .select()
    .from(activities)
    .where(and(eq(activities.planId, planId), eq(activities.name, "EJECUCIÓN DEL CONTROL GUBERNAMENTAL")));
  activityId = activity?.id as string;
});
afterAll(() => database?.close());

describe("re-importing execution", () => {
  it("gives every changed month a new version, so a stale editor cannot overwrite it", async () => {
    expect(await march()).toEqual({ version: 0, comment: null, executed: 2 });
    expect((await importing(withMarch(4))).commit?.activities).toEqual({
      created: 0,
      updated: 1,
      unchanged: 77,
    });
    expect(await march()).toEqual({ version: 1, comment: null, executed: 4 });
    // An editor who read March at version 0 (before the import) is told the import's value.
    const editor = await addUser(database.db, {
      email: "editora@sat.gob.pe",
      role: "editor",
      password: "contraseña-de-prueba-larga",
      institution: "SAT Piura",
    });
    const answer = await recordExecution(
      database.db,
      { userId: editor.id, ip: "127.0.0.1", planner: false, editsUnit: () => true },
      { institutionId, activityId, month: 3, value: 9, version: 0 },
    );
    expect(answer).toMatchObject({ stale: { value: 4, version: 1 } });
    expect(await march()).toEqual({ version: 1, comment: null, executed: 4 });
  });

  it("keeps the comment an editor recorded when the document has no comments", async () => {
    await database.db
      .update(executionEntries)
      .set({ comment: "Se reprogramó una auditoría" })
      .where(and(eq(executionEntries.activityId, activityId), eq(executionEntries.month, 3)));
    await importing(withMarch(5));
    expect(await march()).toEqual({ version: 2, comment: "Se reprogramó una auditoría", executed: 5 });
  });

  it("refuses the whole document when it changes a closed month, and writes nothing", async () => {
    await database.db
      .insert(closedMonths)
      .values([1, 2, 3].map((month) => ({ institutionId, planId, month })));
    const [{ audit: auditBefore } = { audit: "" }] = await queryRows<{ audit: string }>(
      database.db,
      sql`select count(*)::text as audit from audit_log where institution_id = ${institutionId}`,
    );
    await expect(importing(withMarch(6))).rejects.toThrow(
      "004-corregido.txt, la línea 8: el mes de marzo está cerrado y el documento cambia la ejecución de «EJECUCIÓN DEL CONTROL GUBERNAMENTAL» (5 → 6). Reabra el mes o corrija el documento; no se importó nada.",
    );
    expect(await march()).toEqual({ version: 2, comment: "Se reprogramó una auditoría", executed: 5 });
    const [{ audit: auditAfter } = { audit: "" }] = await queryRows<{ audit: string }>(
      database.db,
      sql`select count(*)::text as audit from audit_log where institution_id = ${institutionId}`,
    );
    expect(auditAfter).toBe(auditBefore);
    // The same figures as stored: nothing to change in the closed month, so the import goes through.
    expect((await importing(withMarch(5))).commit?.activities.updated).toBe(0);
  });

  it("refuses a document that changes the programming or adds an activity of a plan in execution", async () => {
    const before = await programmedTotal();
    // The document as stored now (March executed 5), with one change each.
    const stored = new TextDecoder().decode(withMarch(5));
    const row = stored.split("\n").find((line) => line.includes("EJECUCIÓN DEL CONTROL")) as string;
    const reprogrammed = stored.replace(row, row.replace("\t49\t2\t2\t4", "\t49\t3\t1\t4"));
    expect(reprogrammed).not.toBe(stored);
    await expect(importing(new TextEncoder().encode(reprogrammed))).rejects.toThrow(
      "004-corregido.txt, la línea 8: el plan está en ejecución y la actividad «EJECUCIÓN DEL CONTROL GUBERNAMENTAL» tiene otra programación. Lo programado de un plan aprobado cambia solo con una reprogramación, y sus actividades no cambian; no se importó nada.",
    );
    const added = stored.replace(
      row,
      `${row}\n${row.replace("EJECUCIÓN DEL CONTROL", "SEGUIMIENTO DEL CONTROL")}`,
    );
    await expect(importing(new TextEncoder().encode(added))).rejects.toThrow(
      "el plan está en ejecución y la actividad «SEGUIMIENTO DEL CONTROL GUBERNAMENTAL» es nueva en el documento.",
    );
    expect(await programmedTotal()).toBe(before);
    const names = await database.db.select().from(activities).where(eq(activities.planId, planId));
    expect(names).toHaveLength(78);
  });

  it("refuses any change of execution once the plan is closed", async () => {
    await database.db.update(plans).set({ status: "closed" }).where(eq(plans.id, planId));
    await database.db.delete(closedMonths).where(eq(closedMonths.planId, planId));
    await expect(importing(withMarch(7))).rejects.toThrow(
      "el plan está cerrado y la actividad «EJECUCIÓN DEL CONTROL GUBERNAMENTAL» tiene otra ejecución. Un plan cerrado no cambia; no se importó nada.",
    );
    expect((await march()).executed).toBe(5);
  });
});
