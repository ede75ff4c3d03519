/**
 * The helpers the workflow pages share: every page of a list, month names, institution paths.
 * The answers' types are `z.infer` of the server's schemas (src/contract).
 */
import type { z } from "zod";
import type { pageOf } from "../../src/contract/common.js";
import { api } from "./api.js";
import type { MessageKey } from "./i18n/es.js";

/** A page of a list, as `pageOf` (src/contract/common.ts) answers it. */
type Page<Item> = z.infer<ReturnType<typeof pageOf<z.ZodType<Item>>>>;

const ALL_PAGE_SIZE = 500;

/** Every page of a list (`?page=&pageSize=`, src/contract/common.ts): the first, then the rest at once. */
export async function allPages<T>(path: string): Promise<T[]> {
  const at = (page: number) => api<Page<T>>(`${path}?page=${page}&pageSize=${ALL_PAGE_SIZE}`);
  const first = await at(1);
  const pages = Math.ceil(first.total / ALL_PAGE_SIZE);
  const rest = await Promise.all(Array.from({ length: Math.max(0, pages - 1) }, (_, index) => at(index + 2)));
  return [first, ...rest].flatMap((page) => page.items);
}

export const MONTHS = Array.from({ length: 12 }, (_, index) => index + 1);

/** The catalog key of a month's name (`period.M04` = Abril). */
export const monthKey = (month: number) => `period.M${String(month).padStart(2, "0")}` as MessageKey;

export const institutionPath = (institutionId: string, rest: string) =>
  `/api/institutions/${institutionId}/${rest}`;
