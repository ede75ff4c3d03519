/**
 * Reprogramming requests: the body that asks, the list's filters, the review's body and a request
 * as the routes answer it, with the current and the asked programming side by side.
 */
import { z } from "zod";
import { reprogrammingStatuses } from "../domain/reprogramming.js";
import { exactAmount, idParam, institutionParam, Person, pageOf, pageQuery, quantity } from "./common.js";
import { strictBody, text } from "./fields.js";

export const ReprogrammingRequestBody = strictBody({
  quantities: z
    .array(exactAmount("Cada mes debe ser un número o null.").nullable(), {
      error: "Envíe los doce meses, de enero a diciembre.",
    })
    .length(12, "Envíe los doce meses, de enero a diciembre."),
  justification: text(4000).refine((value) => value.trim() !== "", "No puede estar vacío."),
});
export type ReprogrammingRequestBody = z.infer<typeof ReprogrammingRequestBody>;

export const ReprogrammingListQuery = z.object({
  status: z.enum(reprogrammingStatuses, { error: "Use pending, approved o rejected." }).optional(),
  planId: idParam("Only this plan's requests").optional(),
  ...pageQuery,
});
export type ReprogrammingListQuery = z.infer<typeof ReprogrammingListQuery>;

export const reprogrammingParams = z.object({ ...institutionParam, id: idParam("Reprogramming id") });

export const ReviewBody = strictBody({
  comment: z.string({ error: "Debe ser un texto." }).max(4000).optional(),
}).optional();
export type ReviewBody = z.infer<typeof ReviewBody>;

export const Reprogramming = z.object({
  id: z.string(),
  planId: z.string(),
  activity: z.object({ id: z.string(), name: z.string() }),
  unit: z.object({ id: z.string(), name: z.string() }),
  status: z.enum(reprogrammingStatuses),
  oldValues: z.array(quantity).describe("Programación vigente al pedir, enero a diciembre"),
  newValues: z.array(quantity).describe("Programación pedida, enero a diciembre"),
  justification: z.string(),
  requestedBy: Person,
  requestedAt: z.string(),
  reviewedBy: Person,
  reviewedAt: z.string().nullable(),
  reviewComment: z.string().nullable(),
});
export type Reprogramming = z.infer<typeof Reprogramming>;

export const ReprogrammingPage = pageOf(Reprogramming);
export type ReprogrammingPage = z.infer<typeof ReprogrammingPage>;
