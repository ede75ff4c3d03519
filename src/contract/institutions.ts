/**
 * Institutions and their settings (`/api/institutions`): the caller's list, the creation by a
 * super-admin, one institution, and the admin's change of name, locale and traffic-light
 * thresholds.
 */
import { z } from "zod";
import { pageOf } from "./common.js";
import { optionalText, strictBody, text } from "./fields.js";

const locale = z
  .string({ error: "Debe ser un texto." })
  .regex(/^[a-z]{2}(-[A-Z]{2})?$/, "Use un código de idioma y país como es-PE, es-SV o en.")
  .describe("es-PE, es-SV, es-MX, en…");

const threshold = (what: string) =>
  z
    .number({ error: "Debe ser un número (porcentaje)." })
    .min(0, "No puede ser negativo.")
    .max(1000, "Admite como máximo 1000 %.")
    .multipleOf(0.01, "Admite hasta 2 decimales.")
    .describe(what);

export const NewInstitutionBody = strictBody({
  name: text(200),
  slug: z
    .string()
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "Use minúsculas, números y guiones (p. ej. sat-piura).")
    .max(60, "Admite como máximo 60 caracteres.")
    .optional(),
  code: optionalText(50),
  country: optionalText(2),
  locale: locale.optional(),
});
export type NewInstitutionBody = z.infer<typeof NewInstitutionBody>;

export const InstitutionChangeBody = strictBody({
  name: text(200).optional(),
  code: optionalText(50),
  country: optionalText(2),
  locale: locale.optional(),
  greenFrom: threshold("Verde desde este % de ejecución").optional(),
  amberFrom: threshold("Ámbar desde este % (rojo debajo)").optional(),
  overExecutionAbove: threshold("Sobreejecución por encima de este %").optional(),
});
export type InstitutionChangeBody = z.infer<typeof InstitutionChangeBody>;

/** The traffic light's edges, in % of execution: green at or above, amber at or above, red below. */
export const Thresholds = z.object({
  greenFrom: z.number(),
  amberFrom: z.number(),
  overExecutionAbove: z.number(),
});
export type Thresholds = z.infer<typeof Thresholds>;

export const Institution = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  code: z.string().nullable(),
  country: z.string().nullable(),
  locale: z.string(),
  thresholds: Thresholds,
  createdAt: z.string(),
});
export type Institution = z.infer<typeof Institution>;

export const InstitutionPage = pageOf(Institution);
export type InstitutionPage = z.infer<typeof InstitutionPage>;
