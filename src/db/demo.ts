/**
 * The writes of "Cargar ejemplo" besides the import itself: the demo's POI reported through a
 * month (its months closed, the plan in execution) and the caller made a member. Each is
 * audited in the caller's transaction.
 */
import { and, eq } from "drizzle-orm";
import type { Actor } from "../domain/actor.js";
import type { Role } from "../domain/roles.js";
import { audit } from "./audit.js";
import type { Db } from "./connection.js";
import { closedMonths, memberships, plans } from "./schema.js";

/** The plan of a kind and year in an institution (the demo has one of each). */
export async function findPlan(
  db: Db,
  institutionId: string,
  kind: "POI" | "POA",
  year: number,
): Promise<{ id: string } | undefined> {
  const [plan] = await db
    .select({ id: plans.id })
    .from(plans)
    .where(and(eq(plans.institutionId, institutionId), eq(plans.kind, kind), eq(plans.year, year)))
    .limit(1);
  return plan;
}

/** Puts the plan in execution with January…`through` closed, as a plan reported that far is. */
export async function markReportedThrough(
  tx: Db,
  input: { institutionId: string; planId: string; through: number },
  actor: Actor,
): Promise<void> {
  const { institutionId, planId, through } = input;
  const where = and(eq(plans.institutionId, institutionId), eq(plans.id, planId));
  const [before] = await tx.select({ status: plans.status }).from(plans).where(where);
  await tx.update(plans).set({ status: "in_execution", updatedAt: new Date() }).where(where);
  await audit(tx, {
    institutionId,
    planId,
    action: "update",
    entity: "plan",
    entityId: planId,
    before: { status: before?.status },
    after: { status: "in_execution" },
    ...actor,
  });
  for (let month = 1; month <= through; month++) {
    await tx
      .insert(closedMonths)
      .values({ institutionId, planId, month, closedBy: actor.userId ?? null })
      .onConflictDoNothing();
    await audit(tx, {
      institutionId,
      planId,
      action: "close",
      entity: "month",
      entityId: String(month),
      after: { month },
      ...actor,
    });
  }
}

/** Makes the user a member with `role`, unless they already are one (their role is kept). */
export async function ensureMembership(
  tx: Db,
  input: { institutionId: string; userId: string; role: Role },
  actor: Actor,
): Promise<void> {
  const added = await tx
    .insert(memberships)
    .values(input)
    .onConflictDoNothing()
    .returning({ userId: memberships.userId });
  if (added.length === 0) return;
  await audit(tx, {
    institutionId: input.institutionId,
    action: "grant",
    entity: "membership",
    entityId: input.userId,
    after: { role: input.role },
    ...actor,
  });
}
