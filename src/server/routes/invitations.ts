/**
 * The invited person's side of an invitation (the admin's side is in users.ts):
 * - `GET /api/invitations/:token`: what the link invites to (institution, role, e-mail, expiry),
 *   for whoever holds the link; nothing about whether the e-mail has an account.
 * - `POST /api/invitations/accept` `{ token, name, password }`: a person without an account
 *   creates it with their own password (12 characters or more) and joins; logged in, as by login.
 * - `POST /api/auth/invitations/:id/accept` / `…/decline`: a logged-in person answers an
 *   invitation to their e-mail (the ones `GET /api/auth/me` lists).
 * A used, revoked or replaced invitation is a 404, an expired one a 409, both in Spanish.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { strictBody, text } from "../../contract/fields.js";
import type { Database } from "../../db/connection.js";
import { roles } from "../../domain/roles.js";
import { acceptInvitation } from "../../services/invitations/accept-invitation.js";
import { acceptInvitationWithNewAccount } from "../../services/invitations/accept-invitation-with-new-account.js";
import { declineInvitation } from "../../services/invitations/decline-invitation.js";
import { invitationOfLink } from "../../services/invitations/invitation-of-link.js";
import { requireSession } from "../auth/permissions.js";
import { Me, previousSessionOf, sendSession } from "./auth.js";
import { SETUP_PASSWORD_MIN } from "./setup.js";

const TokenParams = z.object({ token: z.string().max(100).describe("The token of the invitation link") });
const IdParams = z.object({ id: z.string().max(100).describe("Invitation id") });

const ForInvitee = z.object({
  id: z.string(),
  institution: z.object({ id: z.string(), name: z.string() }),
  email: z.string().describe("The e-mail invited: the account it creates or the one that may accept"),
  name: z.string().describe("The name the admin wrote, to start the form with"),
  role: z.enum(roles),
  expiresAt: z.string(),
});
const Membership = z.object({
  institution: z.object({ id: z.string(), name: z.string(), slug: z.string() }),
  role: z.enum(roles),
  unitIds: z.array(z.string()),
});
const AcceptBody = strictBody({
  token: text(100),
  name: text(200),
  password: text(1024, { min: SETUP_PASSWORD_MIN }),
});

export const invitationRoutes: FastifyPluginAsyncZod<{ database: Database }> = async (app, { database }) => {
  const { db } = database;

  app.get(
    "/api/invitations/:token",
    {
      schema: {
        tags: ["auth"],
        summary: "La invitación de un enlace: institución, rol, correo y vencimiento",
        params: TokenParams,
        response: { 200: ForInvitee },
      },
    },
    async (request, reply) => {
      const invitation = await invitationOfLink(db, request.params.token);
      return reply
        .header("cache-control", "no-store")
        .send({ ...invitation, expiresAt: invitation.expiresAt.toISOString() });
    },
  );

  app.post(
    "/api/invitations/accept",
    {
      // The person has no account yet, so no session: the link's token is the proof.
      config: { csrf: false },
      schema: {
        tags: ["auth"],
        summary: "Crear la cuenta con el enlace de una invitación y entrar a la institución",
        body: AcceptBody,
        response: { 200: Me },
      },
    },
    async (request, reply) => {
      const started = await acceptInvitationWithNewAccount(db, {
        ...request.body,
        ip: request.ip,
        userAgent: request.headers["user-agent"],
        previousSessionId: previousSessionOf(request),
      });
      return sendSession(request, reply, started);
    },
  );

  app.post(
    "/api/auth/invitations/:id/accept",
    {
      schema: {
        tags: ["auth"],
        summary: "Aceptar una invitación al correo de la sesión: la membresía queda creada",
        params: IdParams,
        response: { 200: Membership },
      },
    },
    async (request) => {
      // A grant of membership: a browser session, not a script's token.
      const auth = requireSession(request);
      return acceptInvitation(db, request.params.id.toLowerCase(), auth.user, {
        userId: auth.user.id,
        ip: request.ip,
      });
    },
  );

  app.post(
    "/api/auth/invitations/:id/decline",
    {
      schema: {
        tags: ["auth"],
        summary: "Rechazar una invitación al correo de la sesión",
        params: IdParams,
      },
    },
    async (request, reply) => {
      const auth = requireSession(request);
      await declineInvitation(db, request.params.id.toLowerCase(), auth.user, {
        userId: auth.user.id,
        ip: request.ip,
      });
      return reply.status(204).send();
    },
  );
};
