/**
 * What log-in and change-password tell the server's login limiter (server/auth/login-limiter.ts):
 * a wrong password counts against the account and the address, a right one clears the account.
 */
export type LoginAttempts = {
  fail(account: string, ip: string): void;
  succeed(account: string): void;
};
