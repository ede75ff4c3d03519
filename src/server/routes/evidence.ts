/**
 * Evidence files, under `/api/institutions/:institutionId/`:
 *
 * - `POST activities/:activityId/execution/:month/evidence`: one file (multipart field `file`;
 *   a second file or any field is refused with 400), at most 10 MB (else 413), PDF, PNG, JPEG,
 *   XLSX, DOCX, CSV or TXT, its real type read from the bytes (a name or declared type that
 *   lies is refused with 400). Who: whoever may record the month (the unit's editors), in an
 *   open month of a plan in execution.
 * - `GET evidence/:evidenceId`: any member (members read every activity of their institution),
 *   always as a download (`Content-Disposition: attachment`, `nosniff`, the detected type), so
 *   a file can never run as a page of Avance.
 * - `DELETE evidence/:evidenceId`: the uploader or a planner, while the month is open.
 */
import multipart from "@fastify/multipart";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { activityMonthParams, Problem } from "../../contract/common.js";
import { EvidenceFile, evidenceParams, StoredEvidence } from "../../contract/evidence.js";
import type { Database } from "../../db/connection.js";
import { AppError } from "../../domain/errors.js";
import { EVIDENCE_MAX_BYTES } from "../../domain/evidence.js";
import { deleteEvidence } from "../../services/evidence/delete-evidence.js";
import { downloadEvidence } from "../../services/evidence/download-evidence.js";
import { type UploadedFile, uploadEvidence } from "../../services/evidence/upload-evidence.js";
import { requireMember } from "../auth/permissions.js";
import { callerOf } from "./caller.js";

const TOO_LARGE = `El archivo supera el máximo de ${EVIDENCE_MAX_BYTES / 1024 / 1024} MB.`;

const ONE_FILE =
  "Envíe un solo archivo, en el campo «file» de un formulario multipart/form-data, sin otros campos.";

/**
 * The one file of a multipart body, with the plugin's limit errors in Spanish. The body is read
 * to its end: stopping at the first file stored it and silently dropped a second one.
 */
async function readSingleFile(
  request: FastifyRequest,
  errors: FastifyInstance["multipartErrors"],
): Promise<UploadedFile> {
  if (!request.isMultipart())
    throw new AppError("validation", ONE_FILE, "file", { code: "one_file_required" });
  try {
    let file: UploadedFile | undefined;
    for await (const part of request.parts()) {
      if (file || part.type !== "file" || part.fieldname !== "file") {
        throw new AppError("validation", ONE_FILE, "file", { code: "one_file_required" });
      }
      file = { fileName: part.filename, declaredType: part.mimetype, data: await part.toBuffer() };
    }
    if (!file) throw new AppError("validation", ONE_FILE, "file", { code: "one_file_required" });
    return file;
  } catch (error) {
    if (error instanceof errors.RequestFileTooLargeError)
      throw new AppError("payload_too_large", TOO_LARGE, "file", {
        code: "file_too_large",
        params: { megabytes: EVIDENCE_MAX_BYTES / 1024 / 1024 },
      });
    if (
      error instanceof errors.FieldsLimitError ||
      error instanceof errors.FilesLimitError ||
      error instanceof errors.PartsLimitError
    ) {
      throw new AppError("validation", ONE_FILE, "file", { code: "one_file_required" });
    }
    throw error;
  }
}

/**
 * `Content-Disposition: attachment` with the name in both forms: an ASCII fallback for old
 * clients and the UTF-8 name (RFC 6266 / 5987) for the rest.
 */
function attachmentHeader(fileName: string): string {
  const ascii = fileName
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^\x20-\x7e]/g, "_")
    .replace(/["\\]/g, "_");
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

export const evidenceRoutes: FastifyPluginAsyncZod<{ database: Database }> = async (app, { database }) => {
  const db = database.db;
  const base = "/api/institutions/:institutionId";
  // Only this plugin accepts multipart bodies; the limits stop reading at 10 MB + 1 byte.
  await app.register(multipart, { limits: { fileSize: EVIDENCE_MAX_BYTES, files: 1, fields: 0, parts: 2 } });

  app.post(
    `${base}/activities/:activityId/execution/:month/evidence`,
    {
      schema: {
        summary: "Adjunta un archivo de evidencia a un mes (multipart, campo «file», hasta 10 MB)",
        params: activityMonthParams,
        consumes: ["multipart/form-data"],
        response: { 201: StoredEvidence, 409: Problem },
      },
    },
    async (request, reply) => {
      const { institutionId, activityId, month } = request.params;
      const auth = requireMember(request, institutionId);
      const stored = await uploadEvidence(db, callerOf(auth, request, institutionId), {
        institutionId,
        activityId,
        month,
        file: () => readSingleFile(request, app.multipartErrors),
      });
      return reply.status(201).send({
        id: stored.id,
        month: stored.month,
        fileName: stored.fileName,
        size: stored.size,
        contentType: stored.contentType,
        sha256: stored.sha256,
      });
    },
  );

  app.get(
    `${base}/evidence/:evidenceId`,
    {
      schema: {
        summary: "Descarga un archivo de evidencia",
        params: evidenceParams,
        response: {
          200: {
            description: "El archivo, siempre como descarga (Content-Disposition: attachment)",
            content: { "*/*": { schema: EvidenceFile } },
          },
        },
      },
    },
    async (request, reply) => {
      const { institutionId, evidenceId } = request.params;
      requireMember(request, institutionId);
      const { file, data } = await downloadEvidence(db, { institutionId, evidenceId });
      return reply
        .header("content-type", file.contentType)
        .header("content-disposition", attachmentHeader(file.fileName))
        .header("x-content-type-options", "nosniff")
        .header("content-security-policy", "default-src 'none'; sandbox")
        .header("cache-control", "private, no-store")
        .send(data);
    },
  );

  app.delete(
    `${base}/evidence/:evidenceId`,
    {
      schema: {
        summary: "Retira un archivo de evidencia (quien lo subió o planificador)",
        params: evidenceParams,
        response: { 204: z.undefined().describe("Retirada"), 409: Problem },
      },
    },
    async (request, reply) => {
      const { institutionId, evidenceId } = request.params;
      const auth = requireMember(request, institutionId);
      await deleteEvidence(db, callerOf(auth, request, institutionId), { institutionId, evidenceId });
      return reply.status(204).send();
    },
  );
};
