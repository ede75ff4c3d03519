/** The session cookie: HttpOnly, SameSite=Lax, Path=/, Secure when the request came over HTTPS. */
import type { FastifyReply, FastifyRequest } from "fastify";

export const SESSION_COOKIE = "avance_session";

/** `request.protocol` is https directly, or via `X-Forwarded-Proto` from a trusted proxy (AVANCE_TRUST_PROXY). */
export function sessionCookieOptions(request: FastifyRequest, expiresAt?: Date) {
  return {
    path: "/",
    httpOnly: true,
    sameSite: "lax" as const,
    secure: request.protocol === "https",
    ...(expiresAt ? { expires: expiresAt } : {}),
  };
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, sessionCookieOptions(request));
}
