/**
 * `GET /api/backup`: the whole database as an `avance backup` file, streamed (super-admins; an
 * API token works, for `avance backup FILE --server …`). The way to back up an embedded
 * database while the server that locks it keeps running. Who took it, and from where, is audited.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { BackupFile } from "../../contract/backup.js";
import type { Database } from "../../db/connection.js";
import { streamBackup } from "../../services/backup/stream-backup.js";
import { requireSuperAdmin } from "../auth/permissions.js";

export const backupRoutes: FastifyPluginAsyncZod<{ database: Database }> = async (app, { database }) => {
  app.get(
    "/api/backup",
    {
      schema: {
        tags: ["backup"],
        summary: "Copia de seguridad de toda la base (super-admin; gzip, formato de «avance backup»)",
        response: {
          200: {
            description: "The backup file, as a download (avance-YYYYMMDDTHHMMSSZ.jsonl.gz)",
            content: { "application/gzip": { schema: BackupFile } },
          },
        },
      },
    },
    async (request, reply) => {
      const auth = requireSuperAdmin(request);
      const { stream, done } = await streamBackup(database, { userId: auth.user.id, ip: request.ip });
      done.catch((error: unknown) => request.log.error({ err: error }, "la copia de seguridad falló"));
      const stamp = new Date()
        .toISOString()
        .replace(/[-:]/g, "")
        .replace(/\.\d+Z$/, "Z");
      return reply
        .header("content-type", "application/gzip")
        .header("content-disposition", `attachment; filename="avance-${stamp}.jsonl.gz"`)
        .header("cache-control", "private, no-store")
        .send(stream);
    },
  );
};
