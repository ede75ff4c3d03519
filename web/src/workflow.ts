/**
 * The answers of the workflow routes (execution, months, reprogrammings, audit, users, settings;
 * the server's zod schemas are the reference, see /api/docs) and the helpers their pages share.
 */
import { api } from "./api.js";
import type { MessageKey } from "./i18n/es.js";

export type Person = { name: string; email: string } | null;

export type PlanMonth = { month: number; closed: boolean; closedBy: Person; closedAt: string | null };

export type Evidence = { id: string; fileName: string; size: number; contentType: string };

export type ExecutionMonth = {
  month: number;
  programmed: number | null;
  value: number | null;
  money: number | null;
  comment: string | null;
  version: number;
  enteredBy: Person;
  enteredAt: string | null;
  closed: boolean;
  evidence: Evidence[];
};

export type Execution = {
  activityId: string;
  measureKind: "quantity" | "progress";
  months: ExecutionMonth[];
};

export type ActivityDetail = {
  id: string;
  planId: string;
  unitId: string;
  unitName: string;
  code: string | null;
  name: string;
  unitOfMeasure: string | null;
  annualTarget: number | null;
  planStatus: string;
  programmed: (number | null)[];
};

export type Reprogramming = {
  id: string;
  planId: string;
  activity: { id: string; name: string };
  unit: { id: string; name: string };
  status: "pending" | "approved" | "rejected";
  oldValues: (number | null)[];
  newValues: (number | null)[];
  justification: string;
  requestedBy: Person;
  requestedAt: string;
  reviewedBy: Person;
  reviewedAt: string | null;
  reviewComment: string | null;
};

export type Page<T> = { items: T[]; total: number; page: number; pageSize: number };

/** A unit of the institution, in the tree's order (`GET …/units`). */
export type UnitItem = { id: string; parentId: string | null; name: string; depth: number };

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
