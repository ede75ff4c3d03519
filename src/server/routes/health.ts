import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { type Database, migrationStatus } from "../../db/connection.js";

const Health = z.object({
  status: z.literal("ok"),
  version: z.string(),
  database: z.enum(["pglite", "postgresql"]),
  migration: z.string().nullable().describe("Newest applied migration"),
  migrations: z.object({ applied: z.number().int(), known: z.number().int() }),
});

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
