/** `GET /api/health`: the service's version, its database and the migrations applied. */
import { z } from "zod";

export const Health = z.object({
  status: z.literal("ok"),
  version: z.string(),
  database: z.enum(["pglite", "postgresql"]),
  migration: z.string().nullable().describe("Newest applied migration"),
  migrations: z.object({ applied: z.number().int(), known: z.number().int() }),
});
export type Health = z.infer<typeof Health>;
