/**
 * The secrets of authentication: session tokens, API tokens, CSRF tokens. Tokens are 32 random
 * bytes (base64url); the database stores only their SHA-256, which is enough for 256-bit random
 * values (no salt or slow hash needed: there is nothing to guess).
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** 32 random bytes, base64url (43 characters). */
export function newToken(): string {
  return randomBytes(32).toString("base64url");
}

/** SHA-256 in hex: what the database keeps of a token. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/**
 * The CSRF token of a session: HMAC of a fixed label keyed by the session token. Only the holder
 * of the (HttpOnly) session cookie and the server can compute it; the database, which keeps only
 * the SHA-256 of the session token, cannot. Stable for the life of the session, so it needs no
 * storage and survives server restarts.
 */
export function csrfTokenFor(sessionToken: string): string {
  return createHmac("sha256", sessionToken).update("avance-csrf-v1").digest("base64url");
}

/** Compares two strings in time independent of where they differ. */
export function safeEqual(a: string, b: string): boolean {
  const left = createHash("sha256").update(a).digest();
  const right = createHash("sha256").update(b).digest();
  return timingSafeEqual(left, right) && a.length === b.length;
}
