/**
 * The execution-side use cases called without HTTP, as the CLI or another use case would: the
 * caller's rights decide (a unit editor, a planner), a refused caller's upload is never read,
 * a stale write comes back with the current entry and the message the user sees, and a write
 * with no user (the CLI's actor) is stored with no author.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/connection.js";
import { reprogrammings } from "../../src/db/schema.js";
import { uploadEvidence } from "../../src/services/evidence/upload-evidence.js";
import type { Caller } from "../../src/services/execution/execution-rules.js";
import { recordExecution } from "../../src/services/execution/record-execution.js";
import { closeMonth } from "../../src/services/months/close-month.js";
import { requestReprogramming } from "../../src/services/reprogramming/request-reprogramming.js";
import { reviewReprogramming } from "../../src/services/reprogramming/review-reprogramming.js";
import { openTestDatabase } from "../helpers/database.js";
import { buildProgramming } from "../helpers/execution-world.js";
import { buildActivity, buildInstitution, buildPlan, buildUnit } from "../helpers/factories.js";

let database: Database;
let ids: { institutionId: string; activityId: string };
let planId: string;

const caller = (rights: { planner?: boolean; editsUnit?: boolean }): Caller => ({
  ip: "127.0.0.1",
  planner: rights.planner ?? false,
  editsUnit: () => rights.editsUnit ?? false,
});

beforeAll(async () => {
  database = await openTestDatabase();
  const db = database.db;
  const institution = await buildInstitution(db);
  const unit = await buildUnit(db, institution.id);
  const plan = await buildPlan(db, institution.id, { status: "in_execution" });
  const activity = await buildActivity(db, {
    institutionId: institution.id,
    planId: plan.id,
    unitId: unit.id,
  });
  await buildProgramming(
    db,
    { institutionId: institution.id, planId: plan.id, activityIds: [activity.id] },
    8,
  );
  ids = { institutionId: institution.id, activityId: activity.id };
  planId = plan.id;
});

afterAll(() => database?.close());

describe("execution use cases", () => {
  it("reads an upload only once the caller may edit the activity's unit", async () => {
    let reads = 0;
    const file = async () => {
      reads += 1;
      return { fileName: "acta.txt", declaredType: "text/plain", data: Buffer.from("Acta de marzo") };
    };
    const upload = (who: Caller) => uploadEvidence(database.db, who, { ...ids, month: 3, file });

    await expect(upload(caller({ planner: true }))).rejects.toMatchObject({ code: "forbidden" });
    expect(reads).toBe(0);
    await expect(upload(caller({ editsUnit: true }))).resolves.toMatchObject({
      fileName: "acta.txt",
      contentType: "text/plain",
      month: 3,
    });
    expect(reads).toBe(1);
  });

  it("lets a planner without unit rights ask for a reprogramming, and refuses a caller with neither", async () => {
    const quantities = [8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 13];
    const ask = (who: Caller) =>
      requestReprogramming(database.db, who, { ...ids, quantities, justification: "Campaña de diciembre" });

    await expect(ask(caller({}))).rejects.toMatchObject({ code: "forbidden" });
    expect(await database.db.select().from(reprogrammings)).toHaveLength(0);
    await expect(ask(caller({ planner: true }))).resolves.toMatchObject({
      status: "pending",
      oldValues: Array(12).fill(8),
      newValues: quantities,
    });
  });

  it("answers a stale version with the current entry and a message naming the month", async () => {
    const editor = caller({ editsUnit: true });
    const write = (value: number) =>
      recordExecution(database.db, editor, { ...ids, month: 4, value, version: 0 });

    await expect(write(5)).resolves.toMatchObject({ entry: { month: 4, value: 5, version: 1 } });
    const stale = await write(6);
    expect(stale).toMatchObject({ stale: { value: 5, version: 1 } });
    expect("detail" in stale && stale.detail).toBe(
      "El registro de abril cambió mientras lo editaba (versión actual 1, usted leyó la 0): revise el valor actual y vuelva a guardar.",
    );
  });

  it("stores a write of an actor with no user (the CLI) with no author", async () => {
    const [asked] = await database.db.select().from(reprogrammings);
    if (!asked) throw new Error("the request of the test above is missing");
    await expect(
      reviewReprogramming(
        database.db,
        {},
        { institutionId: ids.institutionId, id: asked.id, decision: "approved" },
      ),
    ).resolves.toMatchObject({ status: "approved", reviewedBy: null });
    await expect(
      closeMonth(database.db, {}, { institutionId: ids.institutionId, planId, month: 1 }),
    ).resolves.toEqual({
      month: 1,
      closed: true,
      closedBy: null,
      closedAt: expect.any(String),
    });
  });
});
