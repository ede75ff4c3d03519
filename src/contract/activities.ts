/**
 * Activities of a plan: the list's filters, the bodies that create, edit and program a draft's
 * activity, and an activity as the routes answer it, with its twelve current programmed and
 * executed months.
 */
import { z } from "zod";
import { measureKinds } from "../domain/figures.js";
import { planStatuses } from "../domain/plan-status.js";
import { pageOf, pageQuery, quantity } from "./common.js";
import {
  dateField,
  integerField,
  monthlyField,
  optionalText,
  quantityField,
  strictBody,
  text,
} from "./fields.js";

export const ActivityListQuery = z.object({
  ...pageQuery,
  unitId: z.string().max(100).optional().describe("Solo esta unidad y sus sub-unidades"),
  q: z
    .string()
    .max(200, "Admite como máximo 200 caracteres.")
    .optional()
    .describe("Busca en nombre y código, sin importar tildes"),
  withdrawn: z
    .enum(["true", "false"], { error: "Use true o false." })
    .optional()
    .describe("true: incluye las actividades retiradas"),
});
export type ActivityListQuery = z.infer<typeof ActivityListQuery>;

const unitId = z
  .string({ error: "Indique la unidad orgánica (unitId)." })
  .max(100)
  .transform((id) => id.toLowerCase());

const fields = {
  code: optionalText(100),
  project: optionalText(1000),
  objective: optionalText(4000),
  location: optionalText(500),
  budgetActivity: optionalText(1000),
  unitOfMeasure: optionalText(200),
  annualTarget: quantityField,
  startDate: dateField,
  endDate: dateField,
  goal: optionalText(4000),
  responsible: optionalText(200),
  measureKind: z.enum(measureKinds, { error: "Use quantity o progress." }).optional(),
  cumulative: z.boolean({ error: "Debe ser true o false." }).optional(),
  oeiCode: optionalText(50),
  oeiName: optionalText(1000),
  aeiCode: optionalText(50),
  aeiName: optionalText(1000),
  priority: integerField().nullable().optional(),
  active: z.boolean({ error: "Debe ser true o false." }).optional(),
};

export const CreateActivityBody = strictBody({ unitId, name: text(1000), ...fields });
export type CreateActivityBody = z.infer<typeof CreateActivityBody>;

export const PatchActivityBody = strictBody({
  unitId: unitId.optional(),
  name: text(1000).optional(),
  ...fields,
});
export type PatchActivityBody = z.infer<typeof PatchActivityBody>;

export const ProgrammedBody = strictBody({
  quantities: monthlyField("cantidades"),
  money: monthlyField("montos").optional(),
});
export type ProgrammedBody = z.infer<typeof ProgrammedBody>;

const months = (what: string) => z.array(quantity).describe(`${what}, de enero a diciembre`);

export const Activity = z.object({
  id: z.string(),
  planId: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  planStatus: z.enum(planStatuses),
  code: z.string().nullable(),
  name: z.string(),
  project: z.string().nullable(),
  objective: z.string().nullable(),
  location: z.string().nullable(),
  budgetActivity: z.string().nullable(),
  unitOfMeasure: z.string().nullable(),
  annualTarget: quantity,
  startDate: z.string().nullable().describe("AAAA-MM-DD"),
  endDate: z.string().nullable().describe("AAAA-MM-DD"),
  goal: z.string().nullable(),
  responsible: z.string().nullable(),
  measureKind: z.enum(measureKinds),
  cumulative: z.boolean(),
  oeiCode: z.string().nullable(),
  oeiName: z.string().nullable(),
  aeiCode: z.string().nullable(),
  aeiName: z.string().nullable(),
  priority: z.number().int().nullable(),
  active: z.boolean().describe("false: retirada, fuera de toda cifra"),
  position: z.number().int(),
  attributes: z
    .record(z.string(), z.string())
    .describe("Columnas del documento de origen que Avance no tiene como campo"),
  createdAt: z.string(),
  updatedAt: z.string(),
  programmed: months("Programación vigente"),
  programmedMoney: months("Montos programados"),
  executed: months("Ejecución"),
  executedMoney: months("Montos ejecutados"),
});
export type Activity = z.infer<typeof Activity>;

export const ActivityPage = pageOf(Activity);
export type ActivityPage = z.infer<typeof ActivityPage>;
