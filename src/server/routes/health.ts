import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { Health } from "../../contract/health.js";
import { type Database, migrationStatus } from "../../db/connection.js";

export const healthRoutes: FastifyPluginAsyncZod<{ database: Database; version: string }> = async (
  app,
  { database, version },
) => {
  app.get(
    "/api/health",
    { schema: { summary: "Estado del servicio y de la base de datos", response: { 200: Health } } },
    async () => {
      const status = await migrationStatus(database.db);
      return {
        status: "ok" as const,
        version,
        database: database.kind,
        migration: status.migration,
        migrations: { applied: status.applied, known: status.known },
      };
    },
  );
};
