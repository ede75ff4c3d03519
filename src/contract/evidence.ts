/**
 * Evidence files of an execution month: a file as the execution and the upload answer it. The
 * download answers the file itself, never JSON.
 */
import { z } from "zod";
import { idParam, institutionParam } from "./common.js";

export const evidenceParams = z.object({ ...institutionParam, evidenceId: idParam("Evidence id") });

export const Evidence = z.object({
  id: z.string(),
  fileName: z.string(),
  size: z.number().int().describe("Bytes"),
  contentType: z.string().describe("El tipo leído de los bytes, no el declarado"),
});
export type Evidence = z.infer<typeof Evidence>;

/** The upload's answer: the file, its month and the SHA-256 of its bytes. */
export const StoredEvidence = Evidence.extend({ month: z.number().int(), sha256: z.string() });
export type StoredEvidence = z.infer<typeof StoredEvidence>;

/** The download: the file's bytes, with the type read from them (PDF, PNG, JPEG, XLSX, DOCX, CSV, TXT). */
export const EvidenceFile = z
  .custom<Uint8Array>((bytes) => bytes instanceof Uint8Array)
  .meta({ type: "string", format: "binary" });
