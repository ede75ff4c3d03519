/**
 * List endpoints: `?page=1&pageSize=50` (at most 500) in, `{ items, total, page, pageSize }` out.
 * Spread `pageQuery` into a route's querystring schema and wrap its item schema in `pageOf`.
 */
import { z } from "zod";

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
