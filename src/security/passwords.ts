import { randomInt } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";
import { AppError } from "../domain/errors.js";

const MIN_LENGTH = 10;

/** argon2id with the library's defaults (OWASP-recommended parameters). */
export async function hashPassword(password: string): Promise<string> {
  if (password.length < MIN_LENGTH) {
    throw new AppError(
      "validation",
      `La contraseña debe tener al menos ${MIN_LENGTH} caracteres.`,
      "password",
      { code: "password_too_short", params: { min: MIN_LENGTH } },
    );
  }
  return hash(password);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return verify(passwordHash, password).catch(() => false);
}

/** Letters and digits no one mistakes for another when reading them aloud or copying by hand (no 0/o, 1/l/i). */
const READABLE = "abcdefghjkmnpqrstuvwxyz23456789";
const GROUPS = 4;
const GROUP_LENGTH = 5;

/**
 * A password to hand over once (a new account of the CLI, an admin's reset): four groups of five
 * readable characters, `k7mqx-3vtz9-hrpwe-2nfa8`: 23 characters, 99 bits from node:crypto.
 */
export function generatePassword(): string {
  const groups = Array.from({ length: GROUPS }, () =>
    Array.from({ length: GROUP_LENGTH }, () => READABLE[randomInt(READABLE.length)]).join(""),
  );
  return groups.join("-");
}
