/**
 * The audit log, read-only: `GET /api/institutions/:institutionId/audit` (any member: the domain's
 * auditors are viewers, who "read everything of their institution") and `GET /api/audit`
 * (super-admins: the deployment-level entries, institution null). Newest first, filtered by
 * plan, unit, user, action and date; `format=csv` streams every matching entry (not one page)
 * as a file Excel opens in the institution's locale.
 *
 * There is deliberately no route that changes or deletes an entry, and the database refuses it
 * anyway (trigger of migration 0001).
 */
import { Readable } from "node:stream";
import type { FastifyReply } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { pageOf, pageQuery } from "../../contract/common.js";
import { DATE_RANGE_MESSAGE, storableDate } from "../../contract/fields.js";
import type { Database } from "../../db/connection.js";
import { notFound } from "../../domain/errors.js";
import { isUuid } from "../../domain/ids.js";
import { exportAudit } from "../../services/audit/export-audit.js";
import { listAudit } from "../../services/audit/list-audit.js";
import { requireMember, requireSuperAdmin, requireUser } from "../auth/permissions.js";

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
const InstitutionQuery = z.object({
  planId: id("un plan").describe("Only entries about this plan"),
  unitId: id("una unidad orgánica").describe("Only entries about this unit"),
  activityId: id("una actividad").describe(
    "Only entries about this activity (its months, evidence and reprogrammings)",
  ),
  ...filters,
});
const DeploymentQuery = z.object(filters);
const Params = z.object({ institutionId: z.string().max(100) });

const Entry = z.object({
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
const AuditPage = pageOf(Entry);

function entry(row: Awaited<ReturnType<typeof listAudit>>["items"][number]): z.infer<typeof Entry> {
  return {
    id: row.id,
    at: row.at.toISOString(),
    user: row.userId ? { id: row.userId, email: row.userEmail, name: row.userName } : null,
    ip: row.ip,
    action: row.action,
    entity: row.entity,
    entityId: row.entityId,
    planId: row.planId,
    unitId: row.unitId,
    reason: row.reason,
    before: row.before ?? null,
    after: row.after ?? null,
  };
}

function sendCsv(reply: FastifyReply, csv: Awaited<ReturnType<typeof exportAudit>>) {
  return reply
    .header("content-type", "text/csv; charset=utf-8")
    .header("content-disposition", `attachment; filename="${csv.fileName}"`)
    .header("cache-control", "private, no-store")
    .send(Readable.from(csv.lines));
}

export const auditRoutes: FastifyPluginAsyncZod<{ database: Database }> = async (app, { database }) => {
  const { db } = database;

  app.get(
    "/api/institutions/:institutionId/audit",
    {
      schema: {
        tags: ["audit"],
        summary: "Bitácora de la institución (cualquier miembro; format=csv: todo lo filtrado)",
        params: Params,
        querystring: InstitutionQuery,
        response: { 200: AuditPage },
      },
    },
    async (request, reply) => {
      requireUser(request);
      const { institutionId } = request.params;
      if (!isUuid(institutionId)) throw notFound();
      requireMember(request, institutionId.toLowerCase());
      const { format, page, pageSize, ...filter } = request.query;
      const scope = { institutionId };
      if (format === "csv") return sendCsv(reply, await exportAudit(db, scope, filter));
      const found = await listAudit(db, scope, filter, { page, pageSize });
      return { ...found, items: found.items.map(entry) };
    },
  );

  app.get(
    "/api/audit",
    {
      schema: {
        tags: ["audit"],
        summary: "Bitácora del despliegue: entradas sin institución (solo super-admin)",
        querystring: DeploymentQuery,
        response: { 200: AuditPage },
      },
    },
    async (request, reply) => {
      requireSuperAdmin(request);
      const { format, page, pageSize, ...filter } = request.query;
      if (format === "csv") return sendCsv(reply, await exportAudit(db, "deployment", filter));
      const found = await listAudit(db, "deployment", filter, { page, pageSize });
      return { ...found, items: found.items.map(entry) };
    },
  );
};
