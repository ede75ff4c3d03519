/**
 * `POST /api/demo` ("Cargar ejemplo" on the first page): loads the sample plans as the demo
 * institution and answers where its dashboard opens. For a super-admin or an institution admin:
 * it creates an institution, which no other role may do. Once the demo exists, only a super-admin
 * or an admin of the demo itself gets its ids; another institution's admin gets the same 403.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Database } from "../../db/connection.js";
import { forbidden } from "../../domain/errors.js";
import { loadDemo } from "../../services/demo/load-demo.js";
import { hasRole, requireUser } from "../auth/permissions.js";

const DemoAnswer = z.object({
  institutionId: z.string(),
  planId: z.string(),
  period: z
    .literal("Q1")
    .describe("The period the dashboard opens at: the sample POI's last reported quarter"),
  created: z.boolean().describe("false: the demo already existed and was left as it is"),
});

export const demoRoutes: FastifyPluginAsyncZod<{ database: Database }> = async (app, { database }) => {
  app.post(
    "/api/demo",
    {
      schema: {
        summary:
          "Carga el ejemplo: el POI 2021 y el POA 2023 de muestra en la institución «SAT Piura (ejemplo)»",
        response: { 200: DemoAnswer },
      },
    },
    async (request) => {
      const auth = requireUser(request);
      const isAdmin = auth.memberships.some((membership) => membership.role === "admin");
      if (!auth.user.superAdmin && !isAdmin) throw forbidden();
      return loadDemo(database.db, { userId: auth.user.id, ip: request.ip }, (institutionId) =>
        hasRole(auth, institutionId, ["admin"]),
      );
    },
  );
};
