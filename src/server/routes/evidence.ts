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
import { findActivityScope } from "../../db/activity-scope.js";
import type { Database } from "../../db/connection.js";
import { addEvidence, deleteEvidence, evidenceBytes, findEvidence } from "../../db/evidence.js";
import { EVIDENCE_MAX_BYTES } from "../../db/schema.js";
import { AppError, messages, notFound } from "../../domain/errors.js";
import { attachmentHeader, checkEvidenceType, sanitizeFileName } from "../../services/evidence-file.js";
import { hasRole, requireMember } from "../auth/permissions.js";
import {
  activityMonthParams,
  actorOf,
  EvidenceSchema,
  idParam,
  institutionParam,
  memberActivity,
  requireActivityEditor,
} from "./execution-common.js";

const TOO_LARGE = `El archivo supera el máximo de ${EVIDENCE_MAX_BYTES / 1024 / 1024} MB.`;

const ONE_FILE =
  "Envíe un solo archivo, en el campo «file» de un formulario multipart/form-data, sin otros campos.";

/**
 * The one file of a multipart body, with the plugin's limit errors in Spanish. The body is read
 * to its end: stopping at the first file stored it and silently dropped a second one.
 */
async function readSingleFile(request: FastifyRequest, errors: FastifyInstance["multipartErrors"]) {
  if (!request.isMultipart()) throw new AppError("validation", ONE_FILE, "file");
  try {
    let file: { fileName: string; declaredType: string; data: Buffer } | undefined;
    for await (const part of request.parts()) {
      if (file || part.type !== "file" || part.fieldname !== "file") {
        throw new AppError("validation", ONE_FILE, "file");
      }
      file = { fileName: part.filename, declaredType: part.mimetype, data: await part.toBuffer() };
    }
    if (!file) throw new AppError("validation", ONE_FILE, "file");
    return file;
  } catch (error) {
    if (error instanceof errors.RequestFileTooLargeError)
      throw new AppError("payload_too_large", TOO_LARGE, "file");
    if (
      error instanceof errors.FieldsLimitError ||
      error instanceof errors.FilesLimitError ||
      error instanceof errors.PartsLimitError
    ) {
      throw new AppError("validation", ONE_FILE, "file");
    }
    throw error;
  }
}

const evidenceParams = z.object({ ...institutionParam, evidenceId: idParam("Evidence id") });

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
        response: { 201: EvidenceSchema.extend({ month: z.number().int(), sha256: z.string() }) },
      },
    },
    async (request, reply) => {
      const { institutionId, activityId, month } = request.params;
      const scope = await memberActivity(db, request, institutionId, activityId);
      const auth = requireActivityEditor(request, scope);
      const { fileName: rawName, declaredType, data } = await readSingleFile(request, app.multipartErrors);
      if (data.length === 0) throw new AppError("validation", "El archivo está vacío.", "file");
      const fileName = sanitizeFileName(rawName);
      const contentType = await checkEvidenceType(fileName, declaredType, data);
      const stored = await addEvidence(
        db,
        scope,
        { month, fileName, contentType, data },
        actorOf(auth, request),
      );
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
    { schema: { summary: "Descarga un archivo de evidencia", params: evidenceParams } },
    async (request, reply) => {
      const { institutionId, evidenceId } = request.params;
      requireMember(request, institutionId);
      const found = await findEvidence(db, institutionId, evidenceId);
      const data = found && (await evidenceBytes(db, institutionId, evidenceId));
      if (!found || !data) throw notFound();
      return reply
        .header("content-type", found.contentType)
        .header("content-disposition", attachmentHeader(found.fileName))
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
      },
    },
    async (request, reply) => {
      const { institutionId, evidenceId } = request.params;
      const auth = requireMember(request, institutionId);
      const found = await findEvidence(db, institutionId, evidenceId);
      const scope = found && (await findActivityScope(db, institutionId, found.activityId));
      if (!found || !scope) throw notFound();
      if (found.uploadedBy !== auth.user.id && !hasRole(auth, institutionId, ["planner"])) {
        throw new AppError("forbidden", messages.forbidden);
      }
      await deleteEvidence(db, scope, found, actorOf(auth, request));
      return reply.status(204).send();
    },
  );
};
