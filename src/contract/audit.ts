/**
 * The audit log, read-only: an institution's (`/api/institutions/{institutionId}/audit`) and the
 * deployment's (`/api/audit`), newest first, filtered by plan, unit, activity, user, action and
 * date, a page at a time or (`format=csv`) every matching entry as a file.
 */
import { z } from "zod";
import { isUuid } from "../domain/ids.js";
import { pageOf, pageQuery } from "./common.js";
import { DATE_RANGE_MESSAGE, storableDate } from "./fields.js";

const id = (what: string) =>
  z
    .string()
    .refine(isUuid, `Debe ser el identificador (UUID) de ${what}.`)
    .transform((value) => value.toLowerCase())
    .optional();

const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** A day (`2026-03-31`, whole UTC day) or an instant (`2026-03-31T18:00:00-05:00`). */
const instant = (edge: "from" | "to") =>
  z
    .string()
    .refine(
      (value) => (DAY.test(value) || /^\d{4}-\d{2}-\d{2}T/.test(value)) && !Number.isNaN(Date.parse(value)),
      "Use una fecha AAAA-MM-DD o una fecha y hora ISO 8601 (2026-03-31T18:00:00-05:00).",
    )
    .transform((value) => {
      const date = new Date(DAY.test(value) ? `${value}T00:00:00Z` : value);
      // `to` as a day includes that whole day.
      if (edge === "to" && DAY.test(value)) date.setUTCDate(date.getUTCDate() + 1);
      return date;
    })
    .refine(storableDate, DATE_RANGE_MESSAGE)
    .optional();

const filters = {
  userId: id("un usuario").describe("Only this user's entries"),
  action: z.string().max(100).optional().describe("create, update, delete, login, grant…"),
  from: instant("from").describe("From this day (UTC) or instant, inclusive"),
  to: instant("to").describe("Through this day (UTC, inclusive) or up to this instant"),
  format: z.enum(["json", "csv"]).default("json").describe("csv: every matching entry, as a file"),
  ...pageQuery,
};

export const InstitutionAuditQuery = z.object({
  planId: id("un plan").describe("Only entries about this plan"),
  unitId: id("una unidad orgánica").describe("Only entries about this unit"),
  activityId: id("una actividad").describe(
    "Only entries about this activity (its months, evidence and reprogrammings)",
  ),
  ...filters,
});

export const DeploymentAuditQuery = z.object(filters);

export const InstitutionAuditParams = z.object({ institutionId: z.string().max(100) });

export const AuditEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  user: z.object({ id: z.string(), email: z.string().nullable(), name: z.string().nullable() }).nullable(),
  ip: z.string().nullable(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  planId: z.string().nullable(),
  unitId: z.string().nullable(),
  reason: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditPage = pageOf(AuditEntry);
export type AuditPage = z.infer<typeof AuditPage>;

export const AuditCsv = z
  .string()
  .describe("`format=csv`: every matching entry (not one page), in the institution's locale for Excel");
