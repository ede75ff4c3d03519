import { randomBytes } from "node:crypto";
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

/** A password to hand over once (the user should change it). */
export function generatePassword(): string {
  return randomBytes(12).toString("base64url");
}
