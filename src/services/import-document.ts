/**
 * Import = read, preview, then commit. A document with any `error` imports nothing unless the
 * caller chooses to skip the rows in error; a problem that belongs to no row refuses it always.
 */

import type { Db } from "../db/connection.js";
import { addInstitution, findInstitution, findInstitutionById } from "../db/institutions.js";
import type { Actor } from "../domain/actor.js";
import { AppError } from "../domain/errors.js";
import type { Problem, ReadResult, SourceRef } from "../domain/plan-draft.js";
import { readDocument } from "../import/read-document.js";
import { type DraftSummary, summarizeDraft } from "../import/summary.js";
import { type CommitSummary, commitImport } from "./imports/commit-import.js";

export type ImportRequest = {
  fileName: string;
  bytes: Uint8Array;
  year?: number;
  /** Name or slug; defaults to the institution the document names (CEPLAN's UE). */
  institution?: string;
  /** An existing institution, when the caller already knows it (the API). */
  institutionId?: string;
  skipErrorRows?: boolean;
  actor?: Actor;
};

export type Preview = ReadResult & { summary: DraftSummary; importable: boolean; skipped: number };

export type ImportOutcome = Preview & {
  /** `importable`: a dry run found nothing that stops the import. */
  status: "imported" | "importable" | "refused";
  institution?: { id: string; name: string; created: boolean };
  commit?: CommitSummary;
};

/** The row a source reference points at, to match problems with activities. */
function rowKey(ref: SourceRef): string | undefined {
  const row = ref.line ?? ref.row ?? (ref.cell ? Number(/\d+$/.exec(ref.cell)?.[0]) : undefined);
  return row === undefined ? undefined : `${ref.sheet ?? ""}#${row}`;
}

export async function previewDocument(request: ImportRequest): Promise<Preview> {
  const read = await readDocument(
    { fileName: request.fileName, bytes: request.bytes },
    { year: request.year },
  );
  // Readers leave rows in error out of the draft; the problems say which rows those were.
  const errors = read.problems.filter((problem) => problem.severity === "error");
  const errorRows = new Set(errors.map(rowKey).filter((key) => key !== undefined));
  const documentErrors = errors.filter((problem) => rowKey(problem) === undefined);
  const importable =
    read.draft.activities.length > 0 &&
    documentErrors.length === 0 &&
    (errors.length === 0 || request.skipErrorRows === true);
  return { ...read, summary: summarizeDraft(read.draft, read.problems), importable, skipped: errorRows.size };
}

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

/** Writes a previewed document: the plan, and the institution it names if it is new, in one transaction. */
export async function commitPreview(
  db: Db,
  preview: Preview,
  request: Pick<ImportRequest, "fileName" | "institution" | "institutionId" | "actor">,
): Promise<ImportOutcome> {
  if (!preview.importable) {
    throw new AppError("validation", `${request.fileName}: el documento tiene errores; no se importó nada.`);
  }
  const name = request.institution ?? preview.draft.institution?.name;
  if (!request.institutionId && !name) {
    throw new AppError(
      "validation",
      `${request.fileName}: el documento no dice a qué institución pertenece; indíquela (--institution).`,
      "institution",
    );
  }
  return db.transaction(async (tx) => {
    const found = request.institutionId
      ? await findInstitutionById(tx, request.institutionId)
      : await findInstitution(tx, name as string);
    if (request.institutionId && !found) {
      throw new AppError("not_found", "No se encontró la institución.", "institutionId");
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

export function problemLine(problem: Problem): string {
  const where = [
    problem.file,
    problem.sheet && `hoja ${problem.sheet}`,
    problem.cell && `celda ${problem.cell}`,
    problem.line !== undefined && `línea ${problem.line}`,
    problem.row !== undefined && `fila ${problem.row}`,
    problem.column && `columna ${problem.column}`,
  ]
    .filter(Boolean)
    .join(", ");
  return `${problem.severity === "error" ? "ERROR" : "aviso"} (${where}): ${problem.message}`;
}
