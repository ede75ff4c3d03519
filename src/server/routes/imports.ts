/**
 * Import through the API, as the web wizard does it: upload → preview (problems on their rows,
 * totals) with a token → commit that very preview. The document is read once; the commit
 * writes exactly what the user saw.
 *
 * Previews live in this process's memory for 30 minutes, under a byte budget
 * (services/imports/import-previews.ts): a deployment with several server instances must route a
 * user's requests to one instance (sticky sessions) or re-upload.
 */
import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import {
  ImportCommit,
  ImportCommitBody,
  ImportCommitParams,
  ImportPreview,
  ImportPreviewQuery,
} from "../../contract/imports.js";
import type { Database } from "../../db/connection.js";
import { confirmImport } from "../../services/imports/confirm-import.js";
import type { ImportPreviews } from "../../services/imports/import-previews.js";
import { previewImport } from "../../services/imports/preview-import.js";
import { requireRole, requireUser } from "../auth/permissions.js";
import { requireInstitutionAccess } from "../tenant.js";

const MAX_BYTES = 25 * 1024 * 1024;

export const importRoutes: FastifyPluginAsyncZod<{ database: Database; previews: ImportPreviews }> = async (
  app,
  { database, previews },
) => {
  // The document arrives as the raw request body, whatever its type (text, xlsx, CEPLAN .xls):
  // bytes, never decoded here, so the reader can detect Latin-1 or a BOM itself.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    "application/json",
    { parseAs: "string" },
    app.getDefaultJsonParser("error", "error"),
  );
  app.addContentTypeParser("*", { parseAs: "buffer", bodyLimit: MAX_BYTES }, (_request, body, done) =>
    done(null, body),
  );

  app.post(
    "/api/imports",
    {
      bodyLimit: MAX_BYTES,
      schema: {
        summary: "Vista previa de la importación de un documento (cuerpo: el archivo)",
        querystring: ImportPreviewQuery,
        response: { 200: ImportPreview },
      },
    },
    async (request) => {
      const { institutionId, fileName, year } = request.query;
      // A super-admin's preview for an institution that does not exist is the same 404.
      const auth = await requireInstitutionAccess(request, database.db, institutionId, ["admin", "planner"]);
      const { token, preview } = await previewImport(
        previews,
        { fileName, institutionId, userId: auth.user.id },
        { bytes: takeBody(request), ...(year ? { year } : {}) },
      );
      const errors = preview.problems.some((problem) => problem.severity === "error");
      return {
        token,
        fileName,
        importable: preview.importable && !errors,
        skippable: preview.skipped,
        summary: preview.summary,
        problems: preview.problems,
        units: preview.draft.units.map(({ key, name, parentKey }) => ({
          key,
          name,
          ...(parentKey ? { parentKey } : {}),
        })),
      };
    },
  );

  app.post(
    "/api/imports/:token/commit",
    {
      schema: {
        summary: "Confirma una vista previa: importa el documento en una sola transacción",
        params: ImportCommitParams,
        body: ImportCommitBody,
        response: { 200: ImportCommit },
      },
    },
    async (request) => {
      // No session: 401 like every route, before the token says anything.
      const user = requireUser(request).user;
      return confirmImport(
        database.db,
        previews,
        {
          token: request.params.token,
          userId: user.id,
          ip: request.ip,
          skipErrorRows: request.body.skipErrorRows,
        },
        (institutionId) => requireRole(request, institutionId, ["admin", "planner"]),
      );
    },
  );
};

/**
 * The request's document, taken off the request and viewed, not copied: while a large document
 * is read, its bytes are held once.
 */
function takeBody(request: FastifyRequest): Uint8Array {
  const body = request.body;
  request.body = undefined;
  return Buffer.isBuffer(body)
    ? new Uint8Array(body.buffer, body.byteOffset, body.byteLength)
    : new Uint8Array();
}
