/**
 * Monthly execution and month closing: the body that records a month, an entry, an activity's
 * twelve months, the 409 of a stale version, and a plan's months as they close and reopen.
 */
import { z } from "zod";
import { measureKinds } from "../domain/figures.js";
import { exactAmount, month, Person, Problem, quantity } from "./common.js";
import { Evidence } from "./evidence.js";
import { strictBody, text } from "./fields.js";
import { planParams } from "./plans.js";

const amount = (what: string) => exactAmount(`Debe ser un número (o null para ${what}).`);

export const ExecutionBody = strictBody({
  value: amount("dejar el mes sin ejecución").nullable(),
  money: amount("dejar el mes sin monto").nullable().optional(),
  comment: z
    .string({ error: "Debe ser un texto." })
    .max(4000, "Admite como máximo 4000 caracteres.")
    .optional(),
  version: z
    .number({ error: "Es obligatorio: la versión que leyó (0 si el mes no tiene registro)." })
    .int("Debe ser un número entero.")
    .nonnegative("No puede ser negativo."),
});
export type ExecutionBody = z.infer<typeof ExecutionBody>;

/** What was recorded for a month, by whom and when. */
export const Entry = z.object({
  value: quantity,
  money: quantity,
  comment: z.string().nullable(),
  version: z.number().int().describe("Envíela al guardar; 0 = el mes no tiene registro"),
  enteredBy: Person,
  enteredAt: z.string().nullable(),
});
export type Entry = z.infer<typeof Entry>;

/** The answer of recording a month. */
export const RecordedEntry = Entry.extend({
  month: z.number().int(),
  warning: z
    .object({
      code: z.literal("progress_decrease"),
      detail: z.string(),
      params: z.object({ month: z.number().int(), previousMonth: z.number().int(), previous: z.number() }),
    })
    .optional()
    .describe("Registrado, con una advertencia: el % de avance bajó respecto de un mes anterior"),
});
export type RecordedEntry = z.infer<typeof RecordedEntry>;

export const ExecutionMonth = Entry.extend({
  month: z.number().int(),
  programmed: quantity.describe("Programación vigente"),
  closed: z.boolean(),
  evidence: z.array(Evidence),
});
export type ExecutionMonth = z.infer<typeof ExecutionMonth>;

export const Execution = z.object({
  activityId: z.string(),
  measureKind: z.enum(measureKinds),
  months: z.array(ExecutionMonth),
});
export type Execution = z.infer<typeof Execution>;

/** The 409 of a write based on a stale version: the problem and the entry as it is now. */
export const Stale = z.object({
  type: z.literal("conflict"),
  title: z.string(),
  status: z.literal(409),
  detail: z.string(),
  field: z.literal("version"),
  code: z.literal("stale_version"),
  params: Problem.shape.params,
  current: Entry,
});
export type Stale = z.infer<typeof Stale>;

/** Every 409 of a write: a stale version (with `current`) or a closed month / plan status. */
export const Conflict = z.union([Stale, Problem]);
export type Conflict = z.infer<typeof Conflict>;

export const planMonthParams = planParams.extend({ month });

export const PlanMonth = z.object({
  month: z.number().int(),
  closed: z.boolean(),
  closedBy: Person,
  closedAt: z.string().nullable(),
});
export type PlanMonth = z.infer<typeof PlanMonth>;

export const PlanMonths = z.object({ months: z.array(PlanMonth) });
export type PlanMonths = z.infer<typeof PlanMonths>;

export const ReopenBody = strictBody({
  reason: text(1000).refine((reason) => reason.trim() !== "", "No puede estar vacío."),
});
export type ReopenBody = z.infer<typeof ReopenBody>;
