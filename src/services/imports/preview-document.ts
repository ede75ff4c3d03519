/**
 * A document read into a preview: its draft, its problems on their rows and its totals. A
 * document with any `error` imports nothing unless the caller chooses to skip the rows in error;
 * a problem that belongs to no row refuses it always.
 */
import type { Actor } from "../../domain/actor.js";
import type { ReadResult, SourceRef } from "../../domain/plan-draft.js";
import { readDocument } from "../../import/read-document.js";
import { type DraftSummary, summarizeDraft } from "../../import/summary.js";

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
