/**
 * Slows password guessing: at most `accountLimit` failed logins per account and `ipLimit` per
 * client IP within a sliding `windowMs`; past that, attempts are refused (429) without checking
 * the password, until the oldest failure leaves the window. A successful login clears the
 * account's failures (not the IP's: an attacker with an account of their own must not be able to
 * reset the counter of the address they guess from). The account key is the email as typed
 * (normalised), whether or not such a user exists, so a 429 reveals nothing about accounts.
 *
 * Store: memory, per process. Counting in the database would add a write to every failed
 * attempt, which is the very traffic an attack produces, and on PGlite (one connection) it would
 * queue every other request behind the attacker. The price: counters reset on restart, and with
 * several server instances each counts on its own (the effective limit is multiplied by the
 * number of instances); such a deployment needs a shared store (Redis, or a table) here.
 * Memory is bounded: at most MAX_KEYS keys, the oldest dropped first.
 */

export type LoginLimits = { accountLimit: number; ipLimit: number; windowMs: number };

export const defaultLoginLimits: LoginLimits = {
  accountLimit: 5,
  ipLimit: 20,
  windowMs: 15 * 60 * 1000,
};

const MAX_KEYS = 100_000;

export class LoginLimiter {
  /** key → times of recent failures, oldest first (never more than the limit of the key). */
  private readonly failures = new Map<string, number[]>();

  constructor(
    readonly limits: LoginLimits = defaultLoginLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until an attempt for this account from this IP is allowed again; 0 = allowed now. */
  retryAfter(account: string, ip: string): number {
    const now = this.now();
    const wait = Math.max(
      this.waitFor(`a:${account}`, this.limits.accountLimit, now),
      this.waitFor(`i:${ip}`, this.limits.ipLimit, now),
    );
    return wait > 0 ? Math.max(1, Math.ceil(wait / 1000)) : 0;
  }

  fail(account: string, ip: string): void {
    const now = this.now();
    this.record(`a:${account}`, this.limits.accountLimit, now);
    this.record(`i:${ip}`, this.limits.ipLimit, now);
  }

  succeed(account: string): void {
    this.failures.delete(`a:${account}`);
  }

  private recent(key: string, now: number): number[] {
    const times = this.failures.get(key);
    if (!times) return [];
    const kept = times.filter((time) => now - time < this.limits.windowMs);
    if (kept.length === 0) this.failures.delete(key);
    else if (kept.length !== times.length) this.failures.set(key, kept);
    return kept;
  }

  private waitFor(key: string, limit: number, now: number): number {
    const times = this.recent(key, now);
    const oldest = times[0];
    if (times.length < limit || oldest === undefined) return 0;
    return oldest + this.limits.windowMs - now;
  }

  private record(key: string, limit: number, now: number): void {
    const times = [...this.recent(key, now), now].slice(-limit);
    this.failures.delete(key);
    this.failures.set(key, times);
    while (this.failures.size > MAX_KEYS) {
      const first = this.failures.keys().next().value;
      if (first === undefined) break;
      this.failures.delete(first);
    }
  }
}
