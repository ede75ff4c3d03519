/**
 * The API's commit of a preview, by its token: once (a second commit of the token is a 409),
 * by the user who previewed it, and only with the rows in error skipped when asked to.
 */
import type { Db } from "../../db/connection.js";
import { AppError } from "../../domain/errors.js";
import type { CommitSummary } from "./commit-import.js";
import { commitPreview } from "./commit-preview.js";
import type { ImportPreviews } from "./import-previews.js";

/**
 * `authorize` gets the preview's institution before anything is written (the route's role
 * check). A failed commit gives the token back, so the user may try again.
 */
export async function confirmImport(
  db: Db,
  previews: ImportPreviews,
  request: { token: string; userId: string; ip?: string; skipErrorRows: boolean },
  authorize: (institutionId: string) => void,
): Promise<{ status: "imported"; skipped: number } & CommitSummary> {
  const { token, userId } = request;
  const entry = previews.claim(token, userId);
  try {
    authorize(entry.institutionId);
    const errors = entry.preview.problems.some((problem) => problem.severity === "error");
    if (errors && !request.skipErrorRows) {
      throw new AppError(
        "validation",
        `${entry.fileName}: el documento tiene filas con errores; corríjalas o confirme con skipErrorRows para omitirlas.`,
        "skipErrorRows",
        { code: "document_has_error_rows", params: { file: entry.fileName } },
      );
    }
    const outcome = await commitPreview(db, entry.preview, {
      fileName: entry.fileName,
      institutionId: entry.institutionId,
      actor: { userId, ...(request.ip === undefined ? {} : { ip: request.ip }) },
    });
    previews.imported(token);
    return { status: outcome.status, skipped: entry.preview.skipped, ...outcome.commit };
  } catch (error) {
    previews.release(token);
    throw error;
  }
}
