/**
 * `/api/setup`: the first administrator of an empty installation, through the one-time link
 * `serve` prints (see `first-run.ts`). `GET` says whether it is still needed; `POST` creates a
 * super-admin and logs them in, only while there are no users at all.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { strictBody, text } from "../../contract/fields.js";
import type { Database } from "../../db/connection.js";
import { setUpFirstAdmin } from "../../services/setup/set-up-first-admin.js";
import { countUsers } from "../../services/users/count-users.js";
import type { FirstRunSetup } from "../first-run.js";
import { Me, previousSessionOf, sendSession } from "./auth.js";

export const SETUP_PASSWORD_MIN = 12;

const SetupBody = strictBody({
  token: text(100),
  email: text(320),
  name: text(200),
  password: text(1024, { min: SETUP_PASSWORD_MIN }),
});

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
        response: { 200: z.object({ needed: z.boolean() }) },
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
        body: SetupBody,
        response: { 200: Me },
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
