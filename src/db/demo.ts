/**
 * The writes of "Cargar ejemplo" that no other use case makes this way: a month closed without
 * the month-closing checks (the demo's plan is reported through it by construction) and a
 * membership granted only if missing. Audited by the demo use case.
 */
import type { Role } from "../domain/roles.js";
import type { Db } from "./connection.js";
import { closedMonths, memberships } from "./schema.js";

/** Closes the month unless it already is. */
export async function insertClosedMonth(
  tx: Pick<Db, "insert">,
  month: { institutionId: string; planId: string; month: number; closedBy: string | null },
): Promise<void> {
  await tx.insert(closedMonths).values(month).onConflictDoNothing();
}

/** Makes the user a member with `role` unless they already are one (their role is kept); true if added. */
export async function insertMembershipIfMissing(
  tx: Pick<Db, "insert">,
  membership: { institutionId: string; userId: string; role: Role },
): Promise<boolean> {
  const added = await tx
    .insert(memberships)
    .values(membership)
    .onConflictDoNothing()
    .returning({ userId: memberships.userId });
  return added.length > 0;
}
