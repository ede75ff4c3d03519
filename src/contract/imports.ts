/**
 * The import API, as the web wizard uses it: `POST /api/imports` (the document as the body) →
 * a preview with its token, its totals and every problem on its row → `POST
 * /api/imports/:token/commit` of that very preview.
 */
import { z } from "zod";
import { planKinds } from "../domain/plan-status.js";
import { quantity } from "./common.js";
import { strictBody } from "./fields.js";

export const ImportPreviewQuery = z.strictObject({
  institutionId: z.uuid(),
  fileName: z.string().min(1).max(255),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
});

export const ImportCommitParams = z.object({ token: z.string().min(10).max(100) });

export const ImportCommitBody = strictBody({ skipErrorRows: z.boolean().default(false) });

/** A problem of the document, where it is: the file, and its line, row or sheet and cell, and column. */
export const ImportProblem = z.object({
  severity: z.enum(["error", "warning"]),
  code: z.string(),
  message: z.string(),
  file: z.string(),
  line: z.number().int().optional(),
  row: z.number().int().optional(),
  sheet: z.string().optional(),
  cell: z.string().optional(),
  column: z.string().optional(),
});
export type ImportProblem = z.infer<typeof ImportProblem>;

const ImportSummary = z.object({
  kind: z.enum(planKinds),
  year: z.number().int(),
  title: z.string(),
  institution: z.string().nullable(),
  units: z.number().int(),
  activities: z.number().int(),
  withdrawn: z.number().int(),
  annualTarget: z.number(),
  programmed: z.array(quantity),
  executed: z.array(quantity),
  errors: z.number().int(),
  warnings: z.number().int(),
});

export const ImportPreview = z.object({
  token: z.string().describe("Para confirmar esta vista previa con POST /api/imports/:token/commit"),
  fileName: z.string(),
  importable: z.boolean().describe("Sin errores: se puede importar tal cual"),
  skippable: z.number().int().describe("Filas con errores que se omitirían con skipErrorRows"),
  summary: ImportSummary,
  problems: z.array(ImportProblem),
  units: z.array(z.object({ key: z.string(), name: z.string(), parentKey: z.string().optional() })),
});
export type ImportPreview = z.infer<typeof ImportPreview>;

export const ImportCommit = z.object({
  status: z.literal("imported"),
  skipped: z.number().int().describe("Filas con errores omitidas"),
  planId: z.string(),
  created: z.boolean().describe("El plan es nuevo"),
  units: z.object({ created: z.number().int() }),
  activities: z.object({ created: z.number().int(), updated: z.number().int(), unchanged: z.number().int() }),
});
export type ImportCommit = z.infer<typeof ImportCommit>;
