import { hashToken, newToken, safeEqual } from "../security/secrets.js";
/**
 * First run without AVANCE_ADMIN_EMAIL/AVANCE_ADMIN_PASSWORD: `serve` prints a one-time setup
 * link and whoever opens it creates the first super-admin. There is never a default password.
 *
 * The token lives only in the memory of the process that printed it (only its SHA-256 is kept),
 * is good for one use, and dies with the process: a restart prints a new one. The link is shown
 * on the server's console, so holding it proves access to the machine.
 */

export class FirstRunSetup {
  #hash: string | undefined;

  /** A new token (replacing any previous one); only its hash stays here. */
  issue(): string {
    const token = newToken();
    this.#hash = hashToken(token);
    return token;
  }

  /**
   * Takes the token if it is the one issued, so two requests can never both use it; `release`
   * gives it back when the first administrator could not be created after all.
   */
  take(token: string): { release(): void } | undefined {
    const hash = this.#hash;
    if (!hash || !safeEqual(hashToken(token), hash)) return undefined;
    this.#hash = undefined;
    return {
      release: () => {
        this.#hash ??= hash;
      },
    };
  }
}
