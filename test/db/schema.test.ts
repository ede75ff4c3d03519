import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, migrationStatus, queryRows } from "../../src/db/connection.js";
import {
  activities,
  auditLog,
  executedValues,
  programmedValues,
  programmingVersions,
} from "../../src/db/schema.js";
import { openTestDatabase, testDatabaseUrl } from "../helpers/database.js";
import { buildActivity, buildInstitution, buildPlan, buildUnit } from "../helpers/factories.js";

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database?.close());

describe(`schema on ${testDatabaseUrl ? "PostgreSQL" : "PGlite"}`, () => {
  it("applies every migration", async () => {
    const status = await migrationStatus(database.db);
    expect(status.applied).toBe(status.known);
    expect(status.migration).toMatch(/^\d{4}_/);
  });

  it("stores decimal quantities exactly and sums them without float error", async () => {
    const { db } = database;
    const institution = await buildInstitution(db);
    const unit = await buildUnit(db, institution.id);
    const plan = await buildPlan(db, institution.id);
    const ids = { institutionId: institution.id, planId: plan.id, unitId: unit.id };
    const [version] = await db
      .insert(programmingVersions)
      .values({
        institutionId: institution.id,
        planId: plan.id,
        code: "PROGRAMADO",
        name: "Programación",
        role: "current",
      })
      .returning();
    for (const value of ["0.1", "0.2", "12.5"]) {
      const activity = await buildActivity(db, ids, {
        name: `TRAMO ${value}`,
        annualTarget: value,
        unitOfMeasure: "KM",
      });
      await db.insert(programmedValues).values({
        institutionId: institution.id,
        versionId: version?.id as string,
        activityId: activity.id,
        q01: value,
      });
    }
    const [sum] = await queryRows<{ total: string }>(
      db,
      sql`select sum(q01)::text as total from programmed_values where institution_id = ${institution.id}`,
    );
    expect(sum?.total).toBe("12.8000");
    const [stored] = await db.select().from(activities).where(eq(activities.name, "TRAMO 12.5"));
    expect(stored?.annualTarget).toBe("12.5000");
  });

  it("keeps 'nothing registered' (null) apart from 0", async () => {
    const { db } = database;
    const institution = await buildInstitution(db);
    const unit = await buildUnit(db, institution.id);
    const plan = await buildPlan(db, institution.id);
    const activity = await buildActivity(db, {
      institutionId: institution.id,
      planId: plan.id,
      unitId: unit.id,
    });
    await db
      .insert(executedValues)
      .values({ institutionId: institution.id, activityId: activity.id, q01: "0" });
    const [row] = await db.select().from(executedValues).where(eq(executedValues.activityId, activity.id));
    expect(row?.q01).toBe("0.0000");
    expect(row?.q02).toBeNull();
  });

  it("refuses a reference into another institution", async () => {
    const { db } = database;
    const mine = await buildInstitution(db);
    const theirs = await buildInstitution(db);
    const theirUnit = await buildUnit(db, theirs.id);
    const myPlan = await buildPlan(db, mine.id);
    await expect(
      buildActivity(db, { institutionId: mine.id, planId: myPlan.id, unitId: theirUnit.id }),
    ).rejects.toThrow();
  });

  it("refuses negative targets, end before start and months outside 1..12", async () => {
    const { db } = database;
    const institution = await buildInstitution(db);
    const unit = await buildUnit(db, institution.id);
    const plan = await buildPlan(db, institution.id);
    const ids = { institutionId: institution.id, planId: plan.id, unitId: unit.id };
    await expect(buildActivity(db, ids, { annualTarget: "-1" })).rejects.toThrow();
    await expect(
      buildActivity(db, ids, { startDate: "2021-05-01", endDate: "2021-04-30" }),
    ).rejects.toThrow();
    const activity = await buildActivity(db, ids);
    await expect(
      db.execute(
        sql`insert into execution_entries (institution_id, activity_id, month, value) values (${institution.id}, ${activity.id}, 13, 1)`,
      ),
    ).rejects.toThrow();
  });

  it("keeps the audit log append-only", async () => {
    const { db } = database;
    const institution = await buildInstitution(db);
    await db
      .insert(auditLog)
      .values({ institutionId: institution.id, action: "create", entity: "plan", after: { a: 1 } });
    const refused = { cause: expect.objectContaining({ message: expect.stringMatching(/solo inserción/) }) };
    await expect(
      db.update(auditLog).set({ action: "forged" }).where(eq(auditLog.institutionId, institution.id)),
    ).rejects.toMatchObject(refused);
    await expect(db.delete(auditLog).where(eq(auditLog.institutionId, institution.id))).rejects.toMatchObject(
      refused,
    );
    const rows = await db.select().from(auditLog).where(eq(auditLog.institutionId, institution.id));
    expect(rows.map((row) => row.action)).toEqual(["create"]);
  });
});
