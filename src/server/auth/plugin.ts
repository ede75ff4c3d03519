/**
 * Authentication for the whole app: `registerAuth(app, …)` (called once by `buildApp`, before
 * any other route) parses cookies, fills `request.auth` on every request, enforces CSRF on
 * cookie-authenticated writes and registers the `/api/auth/*` routes and the invited person's
 * (`routes/invitations.ts`).
 *
 * Credentials, in order:
 * - `Authorization: Bearer avk_…` (scripts). A present but unknown/expired token is a 401: there
 *   is no falling back to the cookie. Exempt from CSRF: a browser never adds this header on
 *   its own, so a cross-site request cannot carry it.
 * - The `avance_session` cookie (browsers). An unknown or expired session is simply no session
 *   (public routes keep working); routes that need one answer 401 through `requireUser`.
 *
 * CSRF: a cookie-authenticated POST/PUT/PATCH/DELETE must carry the session's CSRF token (given
 * by login and /me) in `x-csrf-token`, compared in constant time; else 403. Routes that need no
 * session (login) opt out with `config: { csrf: false }`. SameSite=Lax already keeps the cookie off
 * most cross-site writes; the token also covers same-site attackers and old browsers.
 */
import cookie from "@fastify/cookie";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Database } from "../../db/connection.js";
import { AppError } from "../../domain/errors.js";
import { safeEqual } from "../../security/secrets.js";
import { authenticateSession } from "../../services/auth/authenticate-session.js";
import { authenticateToken } from "../../services/auth/authenticate-token.js";
import type { Auth } from "../../services/auth/caller.js";
import { authRoutes } from "../routes/auth.js";
import { invitationRoutes } from "../routes/invitations.js";
import { SESSION_COOKIE } from "./cookies.js";
import { LoginLimiter, type LoginLimits } from "./login-limiter.js";

declare module "fastify" {
  interface FastifyRequest {
    /** Who is asking; null without (valid) credentials. Use the helpers of `permissions.ts`. */
    auth: Auth | null;
  }
  interface FastifyContextConfig {
    /** false: cookie-authenticated writes to this route need no CSRF token (login). */
    csrf?: boolean;
  }
}

export const CSRF_HEADER = "x-csrf-token";

export type AuthOptions = { database: Database; loginLimits?: LoginLimits };

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export const authMessages = {
  badToken: "El token de API no es válido, expiró o fue revocado.",
  csrfMissing: `Falta el token CSRF: envíe el encabezado ${CSRF_HEADER} que entregan el inicio de sesión y /api/auth/me.`,
  csrfInvalid: "El token CSRF no corresponde a esta sesión: obtenga el vigente con GET /api/auth/me.",
} as const;

/** Returns the login limiter, for the other routes that end or reset a login (a password reset). */
export async function registerAuth(
  // biome-ignore lint/suspicious/noExplicitAny: any type provider (buildApp's is zod's).
  app: FastifyInstance<any, any, any, any, any>,
  options: AuthOptions,
): Promise<LoginLimiter> {
  const { db } = options.database;
  await app.register(cookie);
  app.decorateRequest("auth", null);

  app.addHook("onRequest", async (request: FastifyRequest) => {
    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
      const found = token ? await authenticateToken(db, token) : undefined;
      if (!found)
        throw new AppError("unauthorized", authMessages.badToken, undefined, { code: "invalid_api_token" });
      request.auth = found;
      return;
    }
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    const session = await authenticateSession(db, token);
    if (!session) return;
    request.auth = session;
    checkCsrf(request, session.credential.csrfToken);
  });

  const limiter = new LoginLimiter(options.loginLimits);
  await app.register(authRoutes, { database: options.database, limiter });
  await app.register(invitationRoutes, { database: options.database });
  return limiter;
}

function checkCsrf(request: FastifyRequest, expected: string): void {
  if (SAFE_METHODS.has(request.method) || request.routeOptions.config?.csrf === false) return;
  const given = request.headers[CSRF_HEADER];
  if (typeof given !== "string" || given === "")
    throw new AppError("forbidden", authMessages.csrfMissing, undefined, { code: "csrf_missing" });
  if (!safeEqual(given, expected))
    throw new AppError("forbidden", authMessages.csrfInvalid, undefined, { code: "csrf_invalid" });
}

/**
 * Fastify's `trustProxy` from `AVANCE_TRUST_PROXY`: unset/`false` = trust no proxy (the default:
 * X-Forwarded-* headers are ignored, anyone could forge them); `true` = trust every hop; a
 * number = trust that many hops; otherwise a comma-separated list of proxy addresses / CIDRs
 * (`127.0.0.1,10.0.0.0/8`). Behind a proxy it decides `request.ip` (rate limits, audit) and
 * `request.protocol` (Secure cookie from `X-Forwarded-Proto: https`).
 */
export function trustProxyFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): boolean | string[] | ((address: string, hop: number) => boolean) {
  const value = env.AVANCE_TRUST_PROXY?.trim() ?? "";
  if (value === "" || value.toLowerCase() === "false") return false;
  if (value.toLowerCase() === "true") return true;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return (_address: string, hop: number) => hop < hops;
  }
  return value
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);
}
