/**
 * Users of an institution and their memberships: an admin of the institution (or a super-admin).
 * - `GET /api/institutions/:institutionId/users`: paginated, by email.
 * - `POST …/users` `{ email, name?, role, unitIds? }`: invites the person (202): the same answer
 *   whether the e-mail has an account or not, with the invitation link shown once; they become a
 *   member when they accept it. A member already: 409.
 * - `GET …/invitations`, `DELETE …/invitations/:invitationId`: the pending invitations; revoke one.
 * - `PATCH …/users/:userId` `{ role?, unitIds? }`: editors need units of this institution.
 * - `DELETE …/users/:userId`: removes the membership only.
 * The last admin of an institution can be neither removed nor given another role (409).
 */
import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { idParam, institutionParam, pageQuery } from "../../contract/common.js";
import { strictBody, text } from "../../contract/fields.js";
import type { Database } from "../../db/connection.js";
import { roles } from "../../domain/roles.js";
import { INVITATION_DAYS } from "../../services/invitations/invitation-rules.js";
import { inviteMember } from "../../services/invitations/invite-member.js";
import { listInvitations } from "../../services/invitations/list-invitations.js";
import { revokeInvitation } from "../../services/invitations/revoke-invitation.js";
import { listMembers } from "../../services/users/list-members.js";
import { removeMember } from "../../services/users/remove-member.js";
import { updateMember } from "../../services/users/update-member.js";
import { changesOf, FORM_BODY_LIMIT } from "../fields.js";
import { callerFirst, requireInstitutionAccess } from "../tenant.js";
import { actorOf } from "./caller.js";

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
const InvitationParams = z.object({ ...institutionParam, invitationId: idParam("Invitation id") });

const InvitationItem = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().describe("As the admin wrote it; the person sets their own when they accept"),
  role: z.enum(roles),
  unitIds: z.array(z.string()),
  createdAt: z.string(),
  expiresAt: z.string().describe(`${INVITATION_DAYS} days after it was made`),
});
const Invited = z.object({
  invitation: InvitationItem,
  link: z
    .string()
    .describe("The link to pass on to the person (`/invitacion?token=…`): shown this once, never again"),
});

function item(
  invitation: Awaited<ReturnType<typeof listInvitations>>["items"][number],
): z.infer<typeof InvitationItem> {
  return {
    ...invitation,
    createdAt: invitation.createdAt.toISOString(),
    expiresAt: invitation.expiresAt.toISOString(),
  };
}

/** The web app's page for the token, on the address the admin reached this server at. */
function invitationLink(request: FastifyRequest, token: string): string {
  return `${request.protocol}://${request.host}/invitacion?token=${token}`;
}

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
        summary:
          "Invita a una persona (con o sin cuenta en Avance: la misma respuesta); es miembro cuando acepta",
        params: z.object(institutionParam),
        body: CreateBody,
        response: { 202: Invited },
      },
    },
    async (request, reply) => {
      const { institutionId } = request.params;
      const auth = await requireInstitutionAccess(request, db, institutionId, ADMINS);
      const { invitation, token } = await inviteMember(
        db,
        institutionId,
        request.body,
        actorOf(auth, request),
      );
      // The link travels once, in this answer: never cache it.
      return reply
        .status(202)
        .header("cache-control", "no-store")
        .send({ invitation: item(invitation), link: invitationLink(request, token) });
    },
  );

  app.get(
    "/api/institutions/:institutionId/invitations",
    {
      schema: {
        summary: "Invitaciones pendientes de la institución (también las vencidas), sin sus enlaces",
        params: z.object(institutionParam),
        querystring: z.object(pageQuery),
        response: {
          200: z.object({
            items: z.array(InvitationItem),
            total: z.number(),
            page: z.number(),
            pageSize: z.number(),
          }),
        },
      },
    },
    async (request) => {
      const { institutionId } = request.params;
      await requireInstitutionAccess(request, db, institutionId, ADMINS);
      const page = await listInvitations(db, institutionId, request.query);
      return { ...page, items: page.items.map(item) };
    },
  );

  app.delete(
    "/api/institutions/:institutionId/invitations/:invitationId",
    { schema: { summary: "Revoca una invitación: su enlace deja de servir", params: InvitationParams } },
    async (request, reply) => {
      const { institutionId, invitationId } = request.params;
      const auth = await requireInstitutionAccess(request, db, institutionId, ADMINS);
      await revokeInvitation(db, institutionId, invitationId, actorOf(auth, request));
      return reply.status(204).send();
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
