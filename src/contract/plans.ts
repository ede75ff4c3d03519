/**
 * Plans of an institution: the list's filters, the bodies that create and edit a draft, and a
 * plan as every plan route answers it.
 */
import { z } from "zod";
import { planKinds, planStatuses } from "../domain/plan-status.js";
import { idParam, institutionParam, pageOf, pageQuery } from "./common.js";
import { dateField, optionalText, strictBody, text } from "./fields.js";

export const planParams = z.object({ ...institutionParam, planId: idParam("Plan id") });
/** `GET /api/plans/:planId`: a plan by its id alone, answered with its institution. */
export const planIdParams = z.object({ planId: idParam("Plan id") });

const NOT_A_YEAR = "Debe ser un año, p. ej. 2025.";
const OUT_OF_RANGE = "Debe estar entre 2000 y 2100.";

/** A plan's year, from a body (a number) or from a query string (digits). */
function year<Year extends z.ZodNumber | z.ZodCoercedNumber>(number: Year) {
  return number.int(NOT_A_YEAR).min(2000, OUT_OF_RANGE).max(2100, OUT_OF_RANGE);
}

const planKind = z.enum(planKinds, { error: "Use POI o POA." });

export const PlanListQuery = z.object({
  ...pageQuery,
  year: year(z.coerce.number({ error: NOT_A_YEAR })).optional(),
  status: z.enum(planStatuses, { error: `Use ${planStatuses.join(", ")}.` }).optional(),
});
export type PlanListQuery = z.infer<typeof PlanListQuery>;

const fields = {
  generalObjective: optionalText(4000),
  department: optionalText(300),
  responsible: optionalText(200),
  documentDate: dateField,
};

export const CreatePlanBody = strictBody({
  year: year(z.number({ error: NOT_A_YEAR })),
  kind: planKind,
  title: text(500),
  ...fields,
});
export type CreatePlanBody = z.infer<typeof CreatePlanBody>;

export const PatchPlanBody = strictBody({
  year: year(z.number({ error: NOT_A_YEAR })).optional(),
  kind: planKind.optional(),
  title: text(500).optional(),
  ...fields,
});
export type PatchPlanBody = z.infer<typeof PatchPlanBody>;

export const Plan = z.object({
  id: z.string(),
  institutionId: z.string(),
  year: z.number().int(),
  kind: z.enum(planKinds),
  title: z.string(),
  status: z.enum(planStatuses),
  generalObjective: z.string().nullable(),
  department: z.string().nullable(),
  responsible: z.string().nullable(),
  documentDate: z.string().nullable().describe("AAAA-MM-DD"),
  sourceFile: z.string().nullable().describe("El documento importado del que viene, si viene de uno"),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Plan = z.infer<typeof Plan>;

export const PlanPage = pageOf(Plan);
export type PlanPage = z.infer<typeof PlanPage>;

/** «Nuevo plan a partir de…»: a draft of another year with the source plan's activities. */
export const CopyPlanBody = strictBody({
  year: year(z.number({ error: NOT_A_YEAR })),
  title: text(500).optional().describe("Por omisión, el título del plan de origen"),
  withProgramming: z
    .boolean({ error: "Debe ser true o false." })
    .describe("true: copia también la programación mensual vigente"),
});
export type CopyPlanBody = z.infer<typeof CopyPlanBody>;

export const PlanCopy = z.object({
  plan: Plan,
  activities: z.number().int().describe("Actividades copiadas"),
  units: z.number().int().describe("Unidades orgánicas con actividades copiadas"),
  programmed: z.number().int().describe("Actividades con programación copiada"),
});
export type PlanCopy = z.infer<typeof PlanCopy>;
