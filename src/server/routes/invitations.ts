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
import { Me, Membership } from "../../contract/auth.js";
import { Problem } from "../../contract/common.js";
import {
  InvitationExpired,
  InvitationGone,
  InvitationIdParams,
  InvitationOfLink,
  InvitationTokenParams,
  NewAccountBody,
} from "../../contract/invitations.js";
import type { Database } from "../../db/connection.js";
import { acceptInvitation } from "../../services/invitations/accept-invitation.js";
import { acceptInvitationWithNewAccount } from "../../services/invitations/accept-invitation-with-new-account.js";
import { declineInvitation } from "../../services/invitations/decline-invitation.js";
import { invitationOfLink } from "../../services/invitations/invitation-of-link.js";
import { requireSession } from "../auth/permissions.js";
import { previousSessionOf, sendSession } from "./auth.js";

export const invitationRoutes: FastifyPluginAsyncZod<{ database: Database }> = async (app, { database }) => {
  const { db } = database;

  app.get(
    "/api/invitations/:token",
    {
      schema: {
        tags: ["auth"],
        summary: "La invitación de un enlace: institución, rol, correo y vencimiento",
        params: InvitationTokenParams,
        response: { 200: InvitationOfLink, 404: InvitationGone, 409: InvitationExpired },
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
        body: NewAccountBody,
        response: {
          200: Me,
          404: InvitationGone,
          409: Problem.describe("The invitation expired, or the e-mail has an account: log in and accept it"),
        },
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
        params: InvitationIdParams,
        response: { 200: Membership, 404: InvitationGone, 409: InvitationExpired },
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
        params: InvitationIdParams,
        response: { 204: z.undefined().describe("Declined: the invitation is gone"), 404: InvitationGone },
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
