/** Import = read, preview, then commit, in one call (the CLI's `avance import`). */
import type { Db } from "../../db/connection.js";
import { commitPreview, type ImportOutcome } from "./commit-preview.js";
import { type ImportRequest, previewDocument } from "./preview-document.js";

/** `db` may be null for a dry run: nothing is read from or written to the database. */
export async function importDocument(
  db: Db | null,
  request: ImportRequest & { dryRun?: boolean },
): Promise<ImportOutcome> {
  const preview = await previewDocument(request);
  if (!preview.importable || request.dryRun || !db) {
    return { ...preview, status: preview.importable ? "importable" : "refused" };
  }
  return commitPreview(db, preview, request);
}
