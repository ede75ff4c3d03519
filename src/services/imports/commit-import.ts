/**
 * Writes a plan draft into an institution, all-or-nothing, in one transaction: the stored rows
 * read (`db/import-state.ts`), the reconcile deciding what changes (`import/reconcile.ts`, where
 * the matching rules and their messages live), the bulk writer writing it (`db/import-writer.ts`).
 */
import { randomUUID } from "node:crypto";
import type { Db } from "../../db/connection.js";
import { loadStoredImport, takeImportTurn } from "../../db/import-state.js";
import { analyzeImport, writeImport } from "../../db/import-writer.js";
import { orderedIds } from "../../db/ordered-ids.js";
import type { Actor } from "../../domain/actor.js";
import { AppError, refusal } from "../../domain/errors.js";
import type { PlanDraft } from "../../domain/plan-draft.js";
import { reconcileImport } from "../../import/reconcile.js";

export type CommitSummary = {
  planId: string;
  created: boolean;
  units: { created: number };
  activities: { created: number; updated: number; unchanged: number };
};

export async function commitImport(
  db: Db,
  input: { institutionId: string; draft: PlanDraft; sourceFile: string; actor?: Actor },
): Promise<CommitSummary> {
  const { institutionId, draft, sourceFile, actor = {} } = input;
  if (draft.activities.length === 0) {
    throw new AppError(
      "validation",
      `${sourceFile}: el documento no tiene actividades que importar.`,
      undefined,
      {
        code: "document_without_activities",
        params: { file: sourceFile },
      },
    );
  }
  const summary = await db.transaction(async (tx) => {
    await takeImportTurn(tx, institutionId);
    const stored = await loadStoredImport(tx, institutionId, draft);
    const reconciled = reconcileImport({
      institutionId,
      draft,
      sourceFile,
      actor,
      stored,
      newId: randomUUID,
      newActivityId: orderedIds(),
    });
    if (reconciled.problem) throw refusal(reconciled.problem.reason, reconciled.problem.message);
    const { writes } = reconciled;
    await writeImport(tx, institutionId, writes);
    return { planId: writes.planId, created: writes.created, ...writes.counts };
  });
  await analyzeImport(db, summary.activities.created + summary.activities.updated);
  return summary;
}
