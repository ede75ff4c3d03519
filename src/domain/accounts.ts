/**
 * The rules of accounts the server enforces and the web states before sending: password lengths
 * and how long an invitation link works.
 */

/** A changed password, at least (src/security refuses a shorter one to hash). */
export const PASSWORD_MIN = 10;

/** Longer is no safer, and argon2 should not hash megabytes per request. */
export const PASSWORD_MAX = 1024;

/** The password of a new account (the first administrator, an invited person). */
export const NEW_ACCOUNT_PASSWORD_MIN = 12;

/** A week: long enough to reach someone on leave for a few days, short enough for a forgotten link. */
export const INVITATION_DAYS = 7;
