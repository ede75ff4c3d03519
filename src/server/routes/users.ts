/**
 * Users of an institution and their memberships: an admin of the institution (or a super-admin).
 * - `GET /api/institutions/:institutionId/users`: paginated, by email.
 * - `POST …/users` `{ email, name?, role, unitIds? }`: invites the person (202): the same answer
 *   whether the e-mail has an account or not, with the invitation link shown once; they become a
 *   member when they accept it. A member already: 409.
 * - `GET …/invitations`, `DELETE …/invitations/:invitationId`: the pending invitations; revoke one.
 * - `PATCH …/users/:userId` `{ role?, unitIds? }`: editors need units of this institution.
 * - `DELETE …/users/:userId`: removes the membership only.
 * - `POST …/users/:userId/password-reset`: a new generated password, shown once; the user's
 *   sessions and API tokens end.
 * The last admin of an institution can be neither removed nor given another role (409).
 */
import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { institutionParam, Problem, pageQuery } from "../../contract/common.js";
import {
  InstitutionInvitationParams,
  type Invitation,
  InvitationPage,
  Invited,
} from "../../contract/invitations.js";
import {
  InviteMemberBody,
  Member,
  MemberChangeBody,
  MemberPage,
  MemberParams,
  PasswordReset,
} from "../../contract/users.js";
import type { Database } from "../../db/connection.js";
import { inviteMember } from "../../services/invitations/invite-member.js";
import { listInvitations } from "../../services/invitations/list-invitations.js";
import { revokeInvitation } from "../../services/invitations/revoke-invitation.js";
import { listMembers } from "../../services/users/list-members.js";
import { removeMember } from "../../services/users/remove-member.js";
import { resetPassword } from "../../services/users/reset-password.js";
import { updateMember } from "../../services/users/update-member.js";
import type { LoginLimiter } from "../auth/login-limiter.js";
import { changesOf, FORM_BODY_LIMIT } from "../fields.js";
import { callerFirst, requireInstitutionAccess } from "../tenant.js";
import { actorOf } from "./caller.js";

const ADMINS = ["admin"] as const;

function invitation(found: Awaited<ReturnType<typeof listInvitations>>["items"][number]): Invitation {
  return { ...found, createdAt: found.createdAt.toISOString(), expiresAt: found.expiresAt.toISOString() };
}

function member(found: Awaited<ReturnType<typeof listMembers>>["items"][number]): Member {
  return { ...found, since: found.since.toISOString() };
}

/** The web app's page for the token, on the address the admin reached this server at. */
function invitationLink(request: FastifyRequest, token: string): string {
  return `${request.protocol}://${request.host}/invitacion?token=${token}`;
}

export const userRoutes: FastifyPluginAsyncZod<{ database: Database; limiter: LoginLimiter }> = async (
  app,
  { database, limiter },
) => {
  const { db } = database;
  app.addHook("preValidation", callerFirst);

  app.get(
    "/api/institutions/:institutionId/users",
    {
      schema: {
        summary: "Usuarios de la institución con su rol y sus unidades",
        params: z.object(institutionParam),
        querystring: z.object(pageQuery),
        response: { 200: MemberPage },
      },
    },
    async (request) => {
      const { institutionId } = request.params;
      await requireInstitutionAccess(request, db, institutionId, ADMINS);
      const page = await listMembers(db, institutionId, request.query);
      return { ...page, items: page.items.map(member) };
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
        body: InviteMemberBody,
        response: { 202: Invited, 409: Problem.describe("The person is a member already") },
      },
    },
    async (request, reply) => {
      const { institutionId } = request.params;
      const auth = await requireInstitutionAccess(request, db, institutionId, ADMINS);
      const { invitation: created, token } = await inviteMember(
        db,
        institutionId,
        request.body,
        actorOf(auth, request),
      );
      // The link travels once, in this answer: never cache it.
      return reply
        .status(202)
        .header("cache-control", "no-store")
        .send({ invitation: invitation(created), link: invitationLink(request, token) });
    },
  );

  app.get(
    "/api/institutions/:institutionId/invitations",
    {
      schema: {
        summary: "Invitaciones pendientes de la institución (también las vencidas), sin sus enlaces",
        params: z.object(institutionParam),
        querystring: z.object(pageQuery),
        response: { 200: InvitationPage },
      },
    },
    async (request) => {
      const { institutionId } = request.params;
      await requireInstitutionAccess(request, db, institutionId, ADMINS);
      const page = await listInvitations(db, institutionId, request.query);
      return { ...page, items: page.items.map(invitation) };
    },
  );

  app.delete(
    "/api/institutions/:institutionId/invitations/:invitationId",
    {
      schema: {
        summary: "Revoca una invitación: su enlace deja de servir",
        params: InstitutionInvitationParams,
        response: { 204: z.undefined().describe("Revoked: its link no longer works") },
      },
    },
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
      schema: {
        summary: "Cambia el rol o las unidades de un usuario",
        params: MemberParams,
        body: MemberChangeBody,
        response: { 200: Member, 409: Problem.describe("The institution would be left without an admin") },
      },
    },
    async (request) => {
      const { institutionId, userId } = request.params;
      const auth = await requireInstitutionAccess(request, db, institutionId, ADMINS);
      return member(
        await updateMember(db, institutionId, userId, changesOf(request.body), actorOf(auth, request)),
      );
    },
  );

  app.delete(
    "/api/institutions/:institutionId/users/:userId",
    {
      schema: {
        summary: "Quita a un usuario de la institución (su cuenta sigue)",
        params: MemberParams,
        response: {
          204: z.undefined().describe("Removed from the institution; the account stays"),
          409: Problem.describe("The member is the institution's last admin"),
        },
      },
    },
    async (request, reply) => {
      const { institutionId, userId } = request.params;
      const auth = await requireInstitutionAccess(request, db, institutionId, ADMINS);
      await removeMember(db, institutionId, userId, actorOf(auth, request));
      return reply.status(204).send();
    },
  );

  app.post(
    "/api/institutions/:institutionId/users/:userId/password-reset",
    {
      schema: {
        summary:
          "Restablece la contraseña de un usuario: una nueva, generada, se muestra una sola vez; sus sesiones y tokens de API terminan",
        params: MemberParams,
        response: {
          200: PasswordReset,
          403: Problem.describe(
            "Not an admin, or the user is a super-admin or a member of another institution (a super-admin's to reset)",
          ),
          409: Problem.describe(
            "One's own password: change it with the current one (POST /api/auth/password)",
          ),
        },
      },
    },
    async (request, reply) => {
      const { institutionId, userId } = request.params;
      const auth = await requireInstitutionAccess(request, db, institutionId, ADMINS);
      const adminOf = auth.memberships
        .filter((membership) => membership.role === "admin")
        .map((membership) => membership.institution.id);
      const reset = await resetPassword(
        db,
        { ...actorOf(auth, request), userId: auth.user.id, superAdmin: auth.user.superAdmin, adminOf },
        { institutionId, userId },
        limiter,
      );
      // The password travels once, in this answer: never cache it.
      return reply.header("cache-control", "no-store").send(reset);
    },
  );
};
