/**
 * `/api/setup`: the first administrator of an empty installation, through the one-time link
 * `serve` prints (see `first-run.ts`). `GET` says whether it is still needed; `POST` creates a
 * super-admin and logs them in, only while there are no users at all.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Database } from "../../db/connection.js";
import { addUser, countUsers } from "../../db/users.js";
import { AppError } from "../../domain/errors.js";
import type { FirstRunSetup } from "../first-run.js";
import { strictBody, text } from "../validation.js";
import { Me, startSession } from "./auth.js";

export const SETUP_PASSWORD_MIN = 12;

export const setupMessages = {
  done: "Avance ya tiene usuarios: inicie sesión. El enlace de configuración inicial ya no sirve.",
  badToken:
    "El enlace de configuración inicial no es válido o ya se usó. Use el que muestra la consola del servidor (cambia en cada arranque).",
} as const;

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
      if ((await countUsers(db)) > 0) throw new AppError("conflict", setupMessages.done);
      const claim = setup.take(request.body.token);
      if (!claim) throw new AppError("forbidden", setupMessages.badToken);
      const { email, name, password } = request.body;
      const created = await addUser(
        db,
        { email, name, password, role: "super-admin" },
        { ip: request.ip },
      ).catch((error: unknown) => {
        // A typo in the email must not burn the link.
        claim.release();
        throw error;
      });
      return startSession(db, request, reply, {
        id: created.id,
        email: created.email,
        name,
        superAdmin: true,
      });
    },
  );
};
