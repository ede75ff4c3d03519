/** Parameters and the caller shared by the execution, reprogramming and evidence routes. */
import type { FastifyRequest } from "fastify";
import { z } from "zod";
import { Person, Problem, quantity } from "../../contract/common.js";
import type { Actor } from "../../domain/actor.js";
import type { Caller } from "../../services/execution/execution-rules.js";
import { type Auth, canEditUnit, hasRole } from "../auth/permissions.js";

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
  code: z.literal("stale_version"),
  params: Problem.shape.params,
  current: EntrySchema,
});

/** Every 409 of a write: a stale version (with `current`) or a closed month / plan status. */
export const ConflictSchema = z.union([StaleSchema, Problem]);
