/**
 * `/api/auth/*`: login, logout, the current user (with the invitations waiting for their answer),
 * password change and API tokens. Every write (and every failed login) is in the audit log, with
 * the IP, in the transaction of the write; passwords and tokens never are. Auth events are
 * deployment-level: `institution_id` is null.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  type ApiToken,
  ApiTokenList,
  ApiTokenParams,
  LoginBody,
  Me,
  NewApiToken,
  NewApiTokenBody,
  PasswordChangeBody,
} from "../../contract/auth.js";
import { Problem } from "../../contract/common.js";
import type { Database } from "../../db/connection.js";
import { AppError } from "../../domain/errors.js";
import { changePassword } from "../../services/auth/change-password.js";
import { createApiToken } from "../../services/auth/create-api-token.js";
import { listApiTokens } from "../../services/auth/list-api-tokens.js";
import { logIn } from "../../services/auth/log-in.js";
import { logOut } from "../../services/auth/log-out.js";
import { logOutEverywhere } from "../../services/auth/log-out-everywhere.js";
import { revokeApiToken } from "../../services/auth/revoke-api-token.js";
import type { StartedSession } from "../../services/auth/start-session.js";
import { whoAmI } from "../../services/auth/who-am-i.js";
import { clearSessionCookie, SESSION_COOKIE, sessionCookieOptions } from "../auth/cookies.js";
import type { LoginLimiter } from "../auth/login-limiter.js";
import { requireSession, requireUser } from "../auth/permissions.js";

export function tooManyAttemptsMessage(seconds: number): string {
  const minutes = Math.ceil(seconds / 60);
  return `Demasiados intentos fallidos de inicio de sesión. Vuelva a intentarlo en ${minutes} minuto${minutes === 1 ? "" : "s"}.`;
}

function tokenInfo(row: Awaited<ReturnType<typeof listApiTokens>>[number]): ApiToken {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  };
}

/** The session a browser had, to end when it logs in again (as another user, maybe). */
export function previousSessionOf(request: FastifyRequest): string | null {
  return request.auth?.credential.kind === "session" ? request.auth.credential.sessionId : null;
}

/** The answer of a started session: its cookie, and the user with the CSRF token. */
export function sendSession(request: FastifyRequest, reply: FastifyReply, started: StartedSession) {
  reply.setCookie(SESSION_COOKIE, started.token, sessionCookieOptions(request, started.expiresAt));
  return started.me;
}

export const authRoutes: FastifyPluginAsyncZod<{ database: Database; limiter: LoginLimiter }> = async (
  app,
  { database, limiter },
) => {
  const { db } = database;

  const refuseIfLimited = (account: string, ip: string, reply: { header(k: string, v: string): unknown }) => {
    const wait = limiter.retryAfter(account, ip);
    if (wait === 0) return;
    reply.header("retry-after", String(wait));
    throw new AppError("rate_limited", tooManyAttemptsMessage(wait), undefined, {
      code: "too_many_attempts",
      params: { minutes: Math.ceil(wait / 60) },
    });
  };

  app.post(
    "/api/auth/login",
    {
      config: { csrf: false },
      schema: {
        tags: ["auth"],
        summary: "Iniciar sesión (cookie de sesión + token CSRF)",
        body: LoginBody,
        response: {
          200: Me,
          401: Problem.describe("Wrong e-mail or password"),
          403: Problem.describe("The account is deactivated"),
          429: Problem.describe("Too many failed attempts: the retry-after header says when to try again"),
        },
      },
    },
    async (request, reply) => {
      const email = request.body.email.trim().toLowerCase();
      refuseIfLimited(email, request.ip, reply);
      const started = await logIn(
        db,
        {
          email,
          password: request.body.password,
          ip: request.ip,
          userAgent: request.headers["user-agent"],
          previousSessionId: previousSessionOf(request),
        },
        limiter,
      );
      return sendSession(request, reply, started);
    },
  );

  app.post(
    "/api/auth/logout",
    {
      schema: {
        tags: ["auth"],
        summary: "Cerrar esta sesión (sin sesión: no hace nada)",
        response: { 204: z.undefined().describe("Logged out: the session cookie is cleared") },
      },
    },
    async (request, reply) => {
      const auth = request.auth;
      if (auth?.credential.kind === "session") {
        await logOut(db, { sessionId: auth.credential.sessionId, userId: auth.user.id, ip: request.ip });
      }
      clearSessionCookie(request, reply);
      return reply.status(204).send();
    },
  );

  app.post(
    "/api/auth/logout-all",
    {
      schema: {
        tags: ["auth"],
        summary: "Cerrar todas las sesiones del usuario (los tokens de API siguen válidos)",
        response: { 204: z.undefined().describe("Every session of the user is closed") },
      },
    },
    async (request, reply) => {
      const auth = requireUser(request);
      await logOutEverywhere(db, { userId: auth.user.id, ip: request.ip });
      clearSessionCookie(request, reply);
      return reply.status(204).send();
    },
  );

  app.get(
    "/api/auth/me",
    {
      schema: { tags: ["auth"], summary: "El usuario de la sesión y sus membresías", response: { 200: Me } },
    },
    async (request) => whoAmI(db, requireUser(request)),
  );

  app.post(
    "/api/auth/password",
    {
      schema: {
        tags: ["auth"],
        summary: "Cambiar la contraseña (cierra las demás sesiones)",
        body: PasswordChangeBody,
        response: {
          204: z.undefined().describe("Changed: the user's other sessions are closed"),
          429: Problem.describe(
            "Too many wrong current passwords: the retry-after header says when to try again",
          ),
        },
      },
    },
    async (request, reply) => {
      const auth = requireSession(request);
      // Guessing the current password here is guessing a login: same counters.
      refuseIfLimited(auth.user.email, request.ip, reply);
      await changePassword(
        db,
        { user: auth.user, sessionId: auth.credential.sessionId, ...request.body, ip: request.ip },
        limiter,
      );
      return reply.status(204).send();
    },
  );

  app.post(
    "/api/auth/tokens",
    {
      schema: {
        tags: ["auth"],
        summary: "Crear un token de API (se muestra una sola vez)",
        body: NewApiTokenBody,
        response: { 201: NewApiToken, 409: Problem.describe("The user has as many tokens as allowed") },
      },
    },
    async (request, reply) => {
      // A token cannot mint tokens: a leaked token must not outlive its own revocation.
      const auth = requireSession(request);
      const created = await createApiToken(db, {
        userId: auth.user.id,
        name: request.body.name,
        expiresAt: request.body.expiresAt ? new Date(request.body.expiresAt) : null,
        ip: request.ip,
      });
      return reply.status(201).send({ ...tokenInfo(created.info), token: created.token });
    },
  );

  app.get(
    "/api/auth/tokens",
    {
      schema: {
        tags: ["auth"],
        summary: "Los tokens de API del usuario (sin sus secretos)",
        response: { 200: ApiTokenList },
      },
    },
    async (request) => {
      const auth = requireUser(request);
      return { items: (await listApiTokens(db, auth.user.id)).map(tokenInfo) };
    },
  );

  app.delete(
    "/api/auth/tokens/:id",
    {
      schema: {
        tags: ["auth"],
        summary: "Revocar un token de API",
        params: ApiTokenParams,
        response: { 204: z.undefined().describe("Revoked: the token no longer works") },
      },
    },
    async (request, reply) => {
      const auth = requireUser(request);
      await revokeApiToken(db, { userId: auth.user.id, tokenId: request.params.id, ip: request.ip });
      return reply.status(204).send();
    },
  );
};
