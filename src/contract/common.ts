/**
 * What every resource's contract shares: ids in the URL, the month of a route, exact amounts,
 * pages of a list (`?page=1&pageSize=50`, at most 500, in; `{ items, total, page, pageSize }`
 * out) and the problem document every refusal answers with.
 */
import { z } from "zod";
import { quantityProblem } from "./fields.js";

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

export const MAX_PAGE_SIZE = 500;

export const pageQuery = {
  page: z.coerce
    .number({ error: "Debe ser un número entero." })
    .int("Debe ser un número entero.")
    .min(1, "La primera página es la 1.")
    .default(1),
  pageSize: z.coerce
    .number({ error: "Debe ser un número entero." })
    .int("Debe ser un número entero.")
    .min(1, "Debe ser al menos 1.")
    .max(MAX_PAGE_SIZE, `Admite como máximo ${MAX_PAGE_SIZE} por página.`)
    .default(50),
};

export function pageOf<Item extends z.ZodType>(item: Item) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });
}

/** A person as answers name them (who recorded, closed, requested…); null when nobody. */
export const Person = z.object({ name: z.string(), email: z.string() }).nullable();

/** A quantity of an answer: null is "nothing" (not programmed, not recorded). */
export const quantity = z.number().nullable();

/**
 * A refusal (RFC 9457 problem details); `detail` is Spanish, `field` names the input at fault,
 * `code` is the stable reason (src/domain/errors.ts) and `params` the values its text names.
 */
export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  field: z.string().optional(),
  code: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type Problem = z.infer<typeof Problem>;
