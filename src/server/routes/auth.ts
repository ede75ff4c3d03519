/**
 * `/api/auth/*`: login, logout, the current user (with the invitations waiting for their answer),
 * password change and API tokens. Every write (and every failed login) is in the audit log, with
 * the IP, in the transaction of the write; passwords and tokens never are. Auth events are
 * deployment-level: `institution_id` is null.
 */
import { eq } from "drizzle-orm";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  type ApiTokenInfo,
  countApiTokens,
  createApiToken,
  deleteApiToken,
  listApiTokens,
  MAX_TOKENS_PER_USER,
} from "../../db/api-tokens.js";
import { audit } from "../../db/audit.js";
import type { Database, Db } from "../../db/connection.js";
import { pendingInvitationsFor } from "../../db/invitations.js";
import { users } from "../../db/schema.js";
import {
  createSession,
  deleteExpiredSessions,
  deleteSession,
  deleteUserSessions,
} from "../../db/sessions.js";
import { AppError } from "../../domain/errors.js";
import { roles } from "../../domain/roles.js";
import { generatePassword, hashPassword, verifyPassword } from "../../security/passwords.js";
import { csrfTokenFor } from "../../security/secrets.js";
import { type AuthUser, loadMemberships, publicUser } from "../auth/context.js";
import { clearSessionCookie, SESSION_COOKIE, sessionCookieOptions } from "../auth/cookies.js";
import type { LoginLimiter } from "../auth/login-limiter.js";
import { requireSession, requireUser } from "../auth/permissions.js";
import { DATE_RANGE_MESSAGE, storableDate } from "../fields.js";
import { strictBody, text } from "../validation.js";

export const loginMessages = {
  badCredentials: "Correo o contraseña incorrectos.",
  inactive: "Su cuenta está desactivada. Consulte con el administrador de su institución.",
  wrongCurrentPassword: "La contraseña actual no es correcta.",
  samePassword: "La nueva contraseña debe ser distinta de la actual.",
  tooManyTokens: `Tiene ${MAX_TOKENS_PER_USER} tokens de API, el máximo: borre alguno antes de crear otro.`,
  expiryInPast: "La fecha de expiración debe ser futura.",
  tokenNotFound: "No existe ese token de API.",
} as const;

export function tooManyAttemptsMessage(seconds: number): string {
  const minutes = Math.ceil(seconds / 60);
  return `Demasiados intentos fallidos de inicio de sesión. Vuelva a intentarlo en ${minutes} minuto${minutes === 1 ? "" : "s"}.`;
}

const PASSWORD_MIN = 10;
const PASSWORD_MAX = 1024;

const Membership = z.object({
  institution: z.object({ id: z.string(), name: z.string(), slug: z.string() }),
  role: z.enum(roles),
  unitIds: z.array(z.string()),
});
const User = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  superAdmin: z.boolean(),
  memberships: z.array(Membership),
});
/** An invitation waiting for the user's answer (`POST /api/auth/invitations/{id}/accept`). */
export const PendingInvitation = z.object({
  id: z.string(),
  institution: z.object({ id: z.string(), name: z.string() }),
  role: z.enum(roles),
  expiresAt: z.string(),
});
export const Me = z.object({
  user: User,
  csrfToken: z
    .string()
    .nullable()
    .describe("Send it in the x-csrf-token header on every write of this session; null with an API token"),
  invitations: z
    .array(PendingInvitation)
    .describe("Invitations to the user's e-mail waiting for their answer, unexpired"),
});

/** The user's pending invitations as `Me` lists them. */
export async function invitationsOf(db: Db, email: string): Promise<z.infer<typeof PendingInvitation>[]> {
  return (await pendingInvitationsFor(db, email)).map(({ id, institution, role, expiresAt }) => ({
    id,
    institution,
    role,
    expiresAt: expiresAt.toISOString(),
  }));
}
const TokenInfo = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string().describe("The first characters of the token, to recognise it"),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});
const NewToken = TokenInfo.extend({
  token: z.string().describe("The secret: shown this once, never again"),
});

const LoginBody = strictBody({ email: text(320), password: text(PASSWORD_MAX) });
const PasswordBody = strictBody({
  currentPassword: text(PASSWORD_MAX),
  newPassword: text(PASSWORD_MAX, { min: PASSWORD_MIN }),
});
const TokenBody = strictBody({
  name: text(100),
  expiresAt: z.iso
    .datetime({ offset: true, error: "Use una fecha y hora ISO 8601, p. ej. 2027-01-31T23:59:59Z." })
    .refine((value) => storableDate(new Date(value)), DATE_RANGE_MESSAGE)
    .optional(),
});
const TokenParams = z.object({ id: z.string() });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function tokenInfo(row: ApiTokenInfo) {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  };
}

/**
 * Logs `user` in: a new session (replacing the one the browser had, if any) with its audit entry,
 * the session cookie, and the answer of `/api/auth/login` (the user and the CSRF token).
 */
export async function startSession(
  db: Db,
  request: FastifyRequest,
  reply: FastifyReply,
  user: AuthUser,
): Promise<z.infer<typeof Me>> {
  const ip = request.ip;
  const previous = request.auth?.credential.kind === "session" ? request.auth.credential.sessionId : null;
  const session = await db.transaction(async (tx) => {
    if (previous) await deleteSession(tx, previous);
    await deleteExpiredSessions(tx, user.id);
    const created = await createSession(tx, {
      userId: user.id,
      ip,
      userAgent: request.headers["user-agent"],
    });
    await audit(tx, { action: "login", entity: "session", entityId: user.id, userId: user.id, ip });
    return created;
  });
  reply.setCookie(SESSION_COOKIE, session.token, sessionCookieOptions(request, session.expiresAt));
  const memberships = await loadMemberships(db, user.id);
  return {
    user: publicUser({
      user: { id: user.id, email: user.email, name: user.name, superAdmin: user.superAdmin },
      memberships,
    }),
    csrfToken: csrfTokenFor(session.token),
    invitations: await invitationsOf(db, user.email),
  };
}

export const authRoutes: FastifyPluginAsyncZod<{ database: Database; limiter: LoginLimiter }> = async (
  app,
  { database, limiter },
) => {
  const { db } = database;

  // Unknown emails are checked against this hash, so that they cost the same time as known ones.
  // Made at the first login (not at startup: most app instances, in tests, never log anyone in).
  let dummyHash: Promise<string> | undefined;

  const refuseIfLimited = (account: string, ip: string, reply: { header(k: string, v: string): unknown }) => {
    const wait = limiter.retryAfter(account, ip);
    if (wait === 0) return;
    reply.header("retry-after", String(wait));
    throw new AppError("rate_limited", tooManyAttemptsMessage(wait));
  };

  app.post(
    "/api/auth/login",
    {
      config: { csrf: false },
      schema: {
        tags: ["auth"],
        summary: "Iniciar sesión (cookie de sesión + token CSRF)",
        body: LoginBody,
        response: { 200: Me },
      },
    },
    async (request, reply) => {
      const email = request.body.email.trim().toLowerCase();
      const ip = request.ip;
      refuseIfLimited(email, ip, reply);
      dummyHash ??= hashPassword(generatePassword());
      const [user] = await db.select().from(users).where(eq(users.email, email)).limit(1);
      const valid = await verifyPassword(user?.passwordHash ?? (await dummyHash), request.body.password);
      if (!user?.passwordHash || !valid) {
        limiter.fail(email, ip);
        await audit(db, {
          action: "login_failed",
          entity: "session",
          entityId: user?.id ?? null,
          userId: user?.id ?? null,
          ip,
          after: { email },
        });
        throw new AppError("unauthorized", loginMessages.badCredentials);
      }
      if (!user.active) {
        await audit(db, {
          action: "login_refused",
          entity: "session",
          entityId: user.id,
          userId: user.id,
          ip,
          reason: "cuenta desactivada",
        });
        throw new AppError("forbidden", loginMessages.inactive);
      }
      limiter.succeed(email);
      return startSession(db, request, reply, user);
    },
  );

  app.post(
    "/api/auth/logout",
    { schema: { tags: ["auth"], summary: "Cerrar esta sesión (sin sesión: no hace nada)" } },
    async (request, reply) => {
      const auth = request.auth;
      if (auth?.credential.kind === "session") {
        const { sessionId } = auth.credential;
        await db.transaction(async (tx) => {
          if (await deleteSession(tx, sessionId)) {
            await audit(tx, {
              action: "logout",
              entity: "session",
              entityId: auth.user.id,
              userId: auth.user.id,
              ip: request.ip,
            });
          }
        });
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
      },
    },
    async (request, reply) => {
      const auth = requireUser(request);
      await db.transaction(async (tx) => {
        const count = await deleteUserSessions(tx, auth.user.id);
        await audit(tx, {
          action: "logout_all",
          entity: "session",
          entityId: auth.user.id,
          userId: auth.user.id,
          ip: request.ip,
          after: { sessions: count },
        });
      });
      clearSessionCookie(request, reply);
      return reply.status(204).send();
    },
  );

  app.get(
    "/api/auth/me",
    {
      schema: { tags: ["auth"], summary: "El usuario de la sesión y sus membresías", response: { 200: Me } },
    },
    async (request) => {
      const auth = requireUser(request);
      return {
        user: publicUser(auth),
        csrfToken: auth.credential.kind === "session" ? auth.credential.csrfToken : null,
        invitations: await invitationsOf(db, auth.user.email),
      };
    },
  );

  app.post(
    "/api/auth/password",
    {
      schema: {
        tags: ["auth"],
        summary: "Cambiar la contraseña (cierra las demás sesiones)",
        body: PasswordBody,
      },
    },
    async (request, reply) => {
      const auth = requireSession(request);
      const { currentPassword, newPassword } = request.body;
      const ip = request.ip;
      // Guessing the current password here is guessing a login: same counters.
      refuseIfLimited(auth.user.email, ip, reply);
      const [user] = await db
        .select({ passwordHash: users.passwordHash })
        .from(users)
        .where(eq(users.id, auth.user.id))
        .limit(1);
      if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, currentPassword))) {
        limiter.fail(auth.user.email, ip);
        await audit(db, {
          action: "password_change_failed",
          entity: "user",
          entityId: auth.user.id,
          userId: auth.user.id,
          ip,
        });
        throw new AppError("validation", loginMessages.wrongCurrentPassword, "currentPassword");
      }
      if (newPassword === currentPassword) {
        throw new AppError("validation", loginMessages.samePassword, "newPassword");
      }
      limiter.succeed(auth.user.email);
      const passwordHash = await hashPassword(newPassword).catch((error: unknown) => {
        throw error instanceof AppError ? new AppError(error.code, error.message, "newPassword") : error;
      });
      const { sessionId } = auth.credential;
      await db.transaction(async (tx) => {
        await tx.update(users).set({ passwordHash }).where(eq(users.id, auth.user.id));
        const closed = await deleteUserSessions(tx, auth.user.id, sessionId);
        await audit(tx, {
          action: "password_change",
          entity: "user",
          entityId: auth.user.id,
          userId: auth.user.id,
          ip,
          after: { otherSessionsClosed: closed },
        });
      });
      return reply.status(204).send();
    },
  );

  app.post(
    "/api/auth/tokens",
    {
      schema: {
        tags: ["auth"],
        summary: "Crear un token de API (se muestra una sola vez)",
        body: TokenBody,
        response: { 201: NewToken },
      },
    },
    async (request, reply) => {
      // A token cannot mint tokens: a leaked token must not outlive its own revocation.
      const auth = requireSession(request);
      const expiresAt = request.body.expiresAt ? new Date(request.body.expiresAt) : null;
      if (expiresAt && expiresAt.getTime() <= Date.now()) {
        throw new AppError("validation", loginMessages.expiryInPast, "expiresAt");
      }
      const created = await db.transaction(async (tx) => {
        if ((await countApiTokens(tx, auth.user.id)) >= MAX_TOKENS_PER_USER) {
          throw new AppError("conflict", loginMessages.tooManyTokens);
        }
        const result = await createApiToken(tx, { userId: auth.user.id, name: request.body.name, expiresAt });
        await audit(tx, {
          action: "create",
          entity: "api_token",
          entityId: result.info.id,
          userId: auth.user.id,
          ip: request.ip,
          after: { name: result.info.name, expiresAt: result.info.expiresAt?.toISOString() ?? null },
        });
        return result;
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
        response: { 200: z.object({ items: z.array(TokenInfo) }) },
      },
    },
    async (request) => {
      const auth = requireUser(request);
      return { items: (await listApiTokens(db, auth.user.id)).map(tokenInfo) };
    },
  );

  app.delete(
    "/api/auth/tokens/:id",
    { schema: { tags: ["auth"], summary: "Revocar un token de API", params: TokenParams } },
    async (request, reply) => {
      const auth = requireUser(request);
      const { id } = request.params;
      if (!UUID.test(id)) throw new AppError("not_found", loginMessages.tokenNotFound);
      await db.transaction(async (tx) => {
        const deleted = await deleteApiToken(tx, auth.user.id, id);
        if (!deleted) throw new AppError("not_found", loginMessages.tokenNotFound);
        await audit(tx, {
          action: "delete",
          entity: "api_token",
          entityId: deleted.id,
          userId: auth.user.id,
          ip: request.ip,
          before: { name: deleted.name },
        });
      });
      return reply.status(204).send();
    },
  );
};
