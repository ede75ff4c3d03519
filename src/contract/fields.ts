/**
 * The fields of request bodies and queries, with Spanish messages: texts, exact quantities
 * (numeric(18,4): at most 4 decimals, below 10^14, never negative), the twelve months of a
 * programming (errors name the month), whole numbers and dates. Browser-safe: the web checks
 * its forms with the same rules the server applies.
 */
import { z } from "zod";
import { MONTH_NAMES } from "../domain/periods.js";

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

/** An optional text; null or "" clears it. */
export function optionalText(max: number) {
  return text(max, { min: 0 })
    .nullable()
    .optional()
    .transform((value) => (value === "" ? null : value));
}

const MAX_QUANTITY = 1e14;

/** Why `value` cannot be stored as an exact quantity, or undefined when it can. */
export function quantityProblem(value: unknown): string | undefined {
  if (typeof value !== "number") return "debe ser un número o null";
  if (!Number.isFinite(value)) return "no es un número válido";
  if (value < 0) return `no puede ser negativo (${value})`;
  if (value >= MAX_QUANTITY) return `es demasiado grande (${value})`;
  const [, decimals = ""] = value.toString().split(".");
  if (value.toString().includes("e") || decimals.length > 4) return `admite hasta 4 decimales (${value})`;
  return undefined;
}

/** A quantity (annual target…), or null. */
export const quantityField = z
  .number({ error: "La cantidad debe ser un número o null." })
  .nullable()
  .optional()
  .superRefine((value, context) => {
    const problem = value === null || value === undefined ? undefined : quantityProblem(value);
    if (problem) context.addIssue({ code: "custom", message: `La cantidad ${problem}.` });
  });

/** Twelve months, January first: numbers or null (nothing programmed). */
export function monthlyField(what: string) {
  return z
    .array(z.unknown(), { error: `Envíe los 12 meses de ${what}, de enero a diciembre.` })
    .length(12, `Envíe los 12 meses de ${what}, de enero a diciembre.`)
    .superRefine((values, context) => {
      values.forEach((value, index) => {
        const problem = value === null ? undefined : quantityProblem(value);
        if (problem) {
          context.addIssue({ code: "custom", path: [index], message: `${MONTH_NAMES[index]}: ${problem}.` });
        }
      });
    })
    .transform((values) => values as (number | null)[]);
}

/** PostgreSQL's `integer`: a larger whole number would fail in the database, not here. */
export const INT4_MAX = 2_147_483_647;

/** A whole number an `integer` column holds. */
export function integerField(what = "un número entero") {
  return z
    .number({ error: `Debe ser ${what}.` })
    .int(`Debe ser ${what}.`)
    .min(-INT4_MAX - 1, `Debe estar entre ${-INT4_MAX - 1} y ${INT4_MAX}.`)
    .max(INT4_MAX, `Debe estar entre ${-INT4_MAX - 1} y ${INT4_MAX}.`);
}

/** PostgreSQL has no year 0, and ISO's four digits stop at 9999. */
export const DATE_RANGE_MESSAGE = "La fecha debe estar entre los años 0001 y 9999.";
export const storableDate = (date: Date) => date.getUTCFullYear() >= 1 && date.getUTCFullYear() <= 9999;

/** `YYYY-MM-DD`, or null. */
export const dateField = z.iso
  .date({ error: "Use una fecha con el formato AAAA-MM-DD." })
  .refine((day) => storableDate(new Date(`${day}T00:00:00Z`)), DATE_RANGE_MESSAGE)
  .nullable()
  .optional();
