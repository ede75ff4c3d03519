/**
 * Users of an institution and their memberships: an admin of the institution (or a super-admin).
 * - `GET /api/institutions/:institutionId/users`: paginated, by email.
 * - `POST …/users` `{ email, name?, role, unitIds? }`: creates the user if new and answers its
 *   one-time initial password (`initialPassword`, shown once); an existing user gets the membership.
 * - `PATCH …/users/:userId` `{ role?, unitIds? }`: editors need units of this institution.
 * - `DELETE …/users/:userId`: removes the membership only.
 * The last admin of an institution can be neither removed nor given another role (409).
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Database } from "../../db/connection.js";
import { findInstitutionById, type Institution } from "../../db/institutions.js";
import { addMember, listMembers, removeMember, updateMember } from "../../db/memberships.js";
import { roles } from "../../db/schema.js";
import { changesOf, FORM_BODY_LIMIT } from "../fields.js";
import { pageQuery } from "../pagination.js";
import { callerFirst, requireInstitutionAccess } from "../tenant.js";
import { strictBody, text } from "../validation.js";
import { actorOf, idParam, institutionParam } from "./execution-common.js";

const ADMINS = ["admin"] as const;

const UserParams = z.object({ ...institutionParam, userId: idParam("User id") });

const role = z.enum(roles, { error: `Rol desconocido: use ${roles.join(", ")}.` });
const unitIds = z
  .array(z.string().max(100), { error: "Envíe una lista de ids de unidades." })
  .max(500, "Admite como máximo 500 unidades.")
  .transform((ids) => ids.map((id) => id.toLowerCase()));

const CreateBody = strictBody({
  email: z.email({ error: "Escriba un correo válido, p. ej. nombre@institucion.gob.pe." }).max(254),
  name: text(200, { min: 0 }).optional(),
  role,
  unitIds: unitIds.optional(),
});
const PatchBody = strictBody({ role: role.optional(), unitIds: unitIds.optional() });

export const userRoutes: FastifyPluginAsyncZod<{ database: Database }> = async (app, { database }) => {
  const { db } = database;
  app.addHook("preValidation", callerFirst);

  app.get(
    "/api/institutions/:institutionId/users",
    {
      schema: {
        summary: "Usuarios de la institución con su rol y sus unidades",
        params: z.object(institutionParam),
        querystring: z.object(pageQuery),
      },
    },
    async (request) => {
      const { institutionId } = request.params;
      await requireInstitutionAccess(request, db, institutionId, ADMINS);
      return listMembers(db, institutionId, request.query);
    },
  );

  app.post(
    "/api/institutions/:institutionId/users",
    {
      bodyLimit: FORM_BODY_LIMIT,
      schema: {
        summary: "Agrega un usuario (lo crea si es nuevo, con una contraseña inicial que se muestra una vez)",
        params: z.object(institutionParam),
        body: CreateBody,
      },
    },
    async (request, reply) => {
      const { institutionId } = request.params;
      const auth = await requireInstitutionAccess(request, db, institutionId, ADMINS);
      const institution = (await findInstitutionById(db, institutionId)) as Institution;
      const { member, initialPassword } = await addMember(
        db,
        institution,
        request.body,
        actorOf(auth, request),
      );
      // The initial password travels once, in this answer: never cache it.
      return reply
        .status(201)
        .header("cache-control", "no-store")
        .send({ ...member, initialPassword });
    },
  );

  app.patch(
    "/api/institutions/:institutionId/users/:userId",
    {
      bodyLimit: FORM_BODY_LIMIT,
      schema: { summary: "Cambia el rol o las unidades de un usuario", params: UserParams, body: PatchBody },
    },
    async (request) => {
      const { institutionId, userId } = request.params;
      const auth = await requireInstitutionAccess(request, db, institutionId, ADMINS);
      return updateMember(db, institutionId, userId, changesOf(request.body), actorOf(auth, request));
    },
  );

  app.delete(
    "/api/institutions/:institutionId/users/:userId",
    { schema: { summary: "Quita a un usuario de la institución (su cuenta sigue)", params: UserParams } },
    async (request, reply) => {
      const { institutionId, userId } = request.params;
      const auth = await requireInstitutionAccess(request, db, institutionId, ADMINS);
      await removeMember(db, institutionId, userId, actorOf(auth, request));
      return reply.status(204).send();
    },
  );
};
