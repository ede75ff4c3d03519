/** Writes a previewed document: the plan, and the institution it names if it is new, in one transaction. */
import type { Db } from "../../db/connection.js";
import { findInstitution, findInstitutionById } from "../../db/institutions.js";
import { AppError } from "../../domain/errors.js";
import { addInstitution } from "../institutions/add-institution.js";
import { type CommitSummary, commitImport } from "./commit-import.js";
import type { ImportRequest, Preview } from "./preview-document.js";

export type ImportOutcome = Preview & {
  /** `importable`: a dry run found nothing that stops the import. */
  status: "imported" | "importable" | "refused";
  institution?: { id: string; name: string; created: boolean };
  commit?: CommitSummary;
};

/** A commit either imports the document or throws: its outcome is always an import. */
type Imported = ImportOutcome &
  Required<Pick<ImportOutcome, "institution" | "commit">> & { status: "imported" };

export async function commitPreview(
  db: Db,
  preview: Preview,
  request: Pick<ImportRequest, "fileName" | "institution" | "institutionId" | "actor">,
): Promise<Imported> {
  if (!preview.importable) {
    throw new AppError(
      "validation",
      `${request.fileName}: el documento tiene errores; no se importó nada.`,
      undefined,
      {
        code: "document_has_errors",
        params: { file: request.fileName },
      },
    );
  }
  const name = request.institution ?? preview.draft.institution?.name;
  if (!request.institutionId && !name) {
    throw new AppError(
      "validation",
      `${request.fileName}: el documento no dice a qué institución pertenece; indíquela (--institution).`,
      "institution",
      { code: "document_without_institution", params: { file: request.fileName } },
    );
  }
  return db.transaction(async (tx) => {
    const found = request.institutionId
      ? await findInstitutionById(tx, request.institutionId)
      : await findInstitution(tx, name as string);
    if (request.institutionId && !found) {
      throw new AppError("not_found", "No se encontró la institución.", "institutionId", {
        code: "institution_not_found",
      });
    }
    const code = preview.draft.institution?.code;
    const institution =
      found ?? (await addInstitution(tx, { name: name as string, ...(code ? { code } : {}) }, request.actor));
    const commit = await commitImport(tx, {
      institutionId: institution.id,
      draft: preview.draft,
      sourceFile: request.fileName,
      ...(request.actor ? { actor: request.actor } : {}),
    });
    return {
      ...preview,
      status: "imported" as const,
      institution: { id: institution.id, name: institution.name, created: !found },
      commit,
    };
  });
}
