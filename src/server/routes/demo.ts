/**
 * `POST /api/demo` ("Cargar ejemplo" on the first page): loads the sample plans as the demo
 * institution and answers where its dashboard opens. For a super-admin or an institution admin:
 * it creates an institution, which no other role may do. Once the demo exists, only a super-admin
 * or an admin of the demo itself gets its ids; another institution's admin gets the same 403.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { Problem } from "../../contract/common.js";
import { Demo } from "../../contract/demo.js";
import type { Database } from "../../db/connection.js";
import { forbidden } from "../../domain/errors.js";
import { loadDemo } from "../../services/demo/load-demo.js";
import { hasRole, requireUser } from "../auth/permissions.js";

export const demoRoutes: FastifyPluginAsyncZod<{ database: Database }> = async (app, { database }) => {
  app.post(
    "/api/demo",
    {
      schema: {
        summary:
          "Carga el ejemplo: el POI 2021 y el POA 2023 de muestra en la institución «SAT Piura (ejemplo)»",
        response: {
          200: Demo,
          403: Problem.describe("Neither a super-admin nor an admin (of the demo, once it exists)"),
        },
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
