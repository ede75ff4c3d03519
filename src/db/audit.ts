import type { Db } from "./connection.js";
import { auditLog } from "./schema.js";

export type AuditEntry = typeof auditLog.$inferInsert;

/** Records a write. Call it with the transaction of the write, so both land or neither does. */
export async function audit(tx: Pick<Db, "insert">, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values(entry);
}
