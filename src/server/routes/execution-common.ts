/** Parameters and the caller shared by the execution, reprogramming and evidence routes. */
import type { FastifyRequest } from "fastify";
import { z } from "zod";
import type { Actor } from "../../domain/actor.js";
import type { Caller } from "../../services/execution/execution-rules.js";
import { type Auth, canEditUnit, hasRole } from "../auth/permissions.js";
import { quantityProblem } from "../fields.js";

/** An id from the URL, lower-cased (uuids are compared as stored). */
export const idParam = (description: string) =>
  z
    .string()
    .max(100)
    .transform((id) => id.toLowerCase())
    .describe(description);

export const institutionParam = { institutionId: idParam("Institution id") };

export const activityParams = z.object({ ...institutionParam, activityId: idParam("Activity id") });

const NOT_A_MONTH = "Debe ser un número de mes, de 1 a 12.";

/**
 * The month of every route that takes one: 1 to 12 in plain digits. Not a number coercion:
 * `Number()` reads `1e1` as October and ` 3` or `3.0` as March.
 */
export const month = z
  .string({ error: NOT_A_MONTH })
  .regex(/^(?:0?[1-9]|1[0-2])$/, NOT_A_MONTH)
  .transform(Number)
  .describe("1 = enero … 12 = diciembre");

export const activityMonthParams = activityParams.extend({ month });

/**
 * An executed or requested quantity, under the rule of programmed ones (never negative, below
 * 10^14, at most 4 decimals): numeric(18,4) would round a fifth decimal away without a word.
 */
export const exactAmount = (notANumber: string) =>
  z
    .number({ error: notANumber })
    .nonnegative("No puede ser negativo.")
    .lt(1e14, "Es demasiado grande.")
    .superRefine((value, context) => {
      // Sign and size have their messages above; what they cannot see is a fifth decimal.
      const problem = value >= 0 && value < 1e14 ? quantityProblem(value) : undefined;
      if (problem)
        context.addIssue({ code: "custom", message: `${problem[0]?.toUpperCase()}${problem.slice(1)}.` });
    });

export function actorOf(auth: Auth, request: FastifyRequest): Actor {
  return { userId: auth.user.id, ip: request.ip };
}

/** The actor with the rights its session grants in the institution, for the use case to decide. */
export function callerOf(auth: Auth, request: FastifyRequest, institutionId: string): Caller {
  return {
    ...actorOf(auth, request),
    planner: hasRole(auth, institutionId, ["planner"]),
    editsUnit: (unitId, unitChain) => canEditUnit(auth, institutionId, unitId, unitChain),
  };
}

// Answers, for validation of what goes out and for the OpenAPI document.

const Person = z.object({ name: z.string(), email: z.string() }).nullable();
const quantity = z.number().nullable();

export const EntrySchema = z.object({
  value: quantity,
  money: quantity,
  comment: z.string().nullable(),
  version: z.number().int().describe("Envíela al guardar; 0 = el mes no tiene registro"),
  enteredBy: Person,
  enteredAt: z.string().nullable(),
});

export const EvidenceSchema = z.object({
  id: z.string(),
  fileName: z.string(),
  size: z.number().int(),
  contentType: z.string(),
});

export const ExecutionSchema = z.object({
  activityId: z.string(),
  measureKind: z.enum(["quantity", "progress"]),
  months: z.array(
    EntrySchema.extend({
      month: z.number().int(),
      programmed: quantity.describe("Programación vigente"),
      closed: z.boolean(),
      evidence: z.array(EvidenceSchema),
    }),
  ),
});

export const MonthSchema = z.object({
  month: z.number().int(),
  closed: z.boolean(),
  closedBy: Person,
  closedAt: z.string().nullable(),
});

export const ReprogrammingSchema = z.object({
  id: z.string(),
  planId: z.string(),
  activity: z.object({ id: z.string(), name: z.string() }),
  unit: z.object({ id: z.string(), name: z.string() }),
  status: z.enum(["pending", "approved", "rejected"]),
  oldValues: z.array(quantity).describe("Programación vigente al pedir, enero a diciembre"),
  newValues: z.array(quantity).describe("Programación pedida, enero a diciembre"),
  justification: z.string(),
  requestedBy: Person,
  requestedAt: z.string(),
  reviewedBy: Person,
  reviewedAt: z.string().nullable(),
  reviewComment: z.string().nullable(),
});

/** The 409 of a write based on a stale version: the problem and the entry as it is now. */
export const StaleSchema = z.object({
  type: z.literal("conflict"),
  title: z.string(),
  status: z.literal(409),
  detail: z.string(),
  field: z.literal("version"),
  current: EntrySchema,
});

const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  field: z.string().optional(),
});

/** Every 409 of a write: a stale version (with `current`) or a closed month / plan status. */
export const ConflictSchema = z.union([StaleSchema, ProblemSchema]);
