/**
 * Request validation errors in Spanish, with the field at fault. The app sets
 * `schemaErrorFormatter` so that an unknown body field ("strict" objects) is named in `field`,
 * which zod reports at the object's path.
 */
import type { FastifySchemaValidationError } from "fastify";
import { z } from "zod";
import { AppError } from "../domain/errors.js";

/** A body object that refuses unknown fields, with a Spanish message when it is not an object. */
export function strictBody<Shape extends z.core.$ZodLooseShape>(shape: Shape) {
  return z.strictObject(shape, {
    error: (issue) => (issue.code === "invalid_type" ? "Envíe un objeto JSON." : undefined),
  });
}

/** A required string of at most `max` characters, with Spanish messages. */
export function text(max: number, { min = 1 }: { min?: number } = {}) {
  return z
    .string({ error: (issue) => (issue.input === undefined ? "Es obligatorio." : "Debe ser un texto.") })
    .min(min, min <= 1 ? "No puede estar vacío." : `Debe tener al menos ${min} caracteres.`)
    .max(max, `Admite como máximo ${max} caracteres.`);
}

function fieldOf(path: string, key?: string): string | undefined {
  const parts = path.split("/").filter(Boolean);
  if (key !== undefined) parts.push(key);
  return parts.length > 0 ? parts.join(".") : undefined;
}

export function schemaErrorFormatter(errors: FastifySchemaValidationError[], dataVar: string): Error {
  const error = errors[0];
  if (!error) return new AppError("validation", "Solicitud no válida.");
  if (error.keyword === "unrecognized_keys") {
    const keys = (error.params as { keys?: string[] }).keys ?? [];
    const field = fieldOf(error.instancePath, keys[0]);
    const names = keys.map((key) => `«${key}»`).join(", ");
    return new AppError(
      "validation",
      keys.length > 1 ? `Campos no permitidos: ${names}.` : `Campo no permitido: ${names}.`,
      field,
    );
  }
  const field = fieldOf(error.instancePath);
  const where = field ? ` en «${field}»` : dataVar === "body" ? "" : ` en ${dataVar}`;
  return new AppError(
    "validation",
    `Dato no válido${where}: ${error.message ?? "revise la solicitud"}`,
    field,
  );
}
