/**
 * `/api/setup`: the first administrator of an empty installation, through the one-time link
 * `serve` prints (see `first-run.ts`). `GET` says whether it is still needed; `POST` creates a
 * super-admin and logs them in, only while there are no users at all.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { Me } from "../../contract/auth.js";
import { Problem } from "../../contract/common.js";
import { FirstAdminBody, SetupState } from "../../contract/setup.js";
import type { Database } from "../../db/connection.js";
import { setUpFirstAdmin } from "../../services/setup/set-up-first-admin.js";
import { countUsers } from "../../services/users/count-users.js";
import type { FirstRunSetup } from "../first-run.js";
import { previousSessionOf, sendSession } from "./auth.js";

export const setupRoutes: FastifyPluginAsyncZod<{ database: Database; setup: FirstRunSetup }> = async (
  app,
  { database, setup },
) => {
  const { db } = database;

  app.get(
    "/api/setup",
    {
      schema: {
        tags: ["auth"],
        summary: "¿Falta crear el primer administrador?",
        response: { 200: SetupState },
      },
    },
    async () => ({ needed: (await countUsers(db)) === 0 }),
  );

  app.post(
    "/api/setup",
    {
      // No session exists yet; the one-time token is the proof.
      config: { csrf: false },
      schema: {
        tags: ["auth"],
        summary: "Crear el primer administrador con el enlace de la consola (y abrir su sesión)",
        body: FirstAdminBody,
        response: {
          200: Me,
          403: Problem.describe("The token is not the one the console printed"),
          409: Problem.describe("The installation has users already"),
        },
      },
    },
    async (request, reply) => {
      const started = await setUpFirstAdmin(db, setup, {
        ...request.body,
        ip: request.ip,
        userAgent: request.headers["user-agent"],
        previousSessionId: previousSessionOf(request),
      });
      return sendSession(request, reply, started);
    },
  );
};
