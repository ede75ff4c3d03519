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
import { type AuditFilter, type AuditRow, allAudit, searchAudit } from "../../db/audit-log.js";
import type { Database } from "../../db/connection.js";
import { findInstitutionById } from "../../db/institutions.js";
import { notFound } from "../../domain/errors.js";
import { isUuid } from "../../domain/ids.js";
import { DEFAULT_LOCALE } from "../../report/format-locale.js";
import { CSV_BOM, CSV_EOL, csvDelimiter, csvLine, defuse } from "../../report/write-csv.js";
import { requireMember, requireSuperAdmin, requireUser } from "../auth/permissions.js";
import { DATE_RANGE_MESSAGE, storableDate } from "../fields.js";
import { pageOf, pageQuery } from "../pagination.js";

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

function entry(row: AuditRow): z.infer<typeof Entry> {
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

const CSV_HEADER = [
  "fecha y hora (UTC)",
  "correo",
  "nombre",
  "IP",
  "acción",
  "entidad",
  "id de la entidad",
  "plan",
  "unidad",
  "motivo",
  "antes",
  "después",
];

function csvCells(row: AuditRow): string[] {
  const json = (value: unknown) => (value === null || value === undefined ? "" : JSON.stringify(value));
  return [
    row.at
      .toISOString()
      .replace("T", " ")
      .replace(/\.\d+Z$/, ""),
    row.userEmail ?? "",
    row.userName ?? "",
    row.ip ?? "",
    row.action,
    row.entity,
    row.entityId ?? "",
    row.planId ?? "",
    row.unitId ?? "",
    row.reason ?? "",
    json(row.before),
    json(row.after),
  ].map(defuse);
}

async function* csvLines(rows: AsyncIterable<AuditRow>, delimiter: string): AsyncGenerator<string> {
  yield CSV_BOM + csvLine(CSV_HEADER, delimiter) + CSV_EOL;
  for await (const row of rows) yield csvLine(csvCells(row), delimiter) + CSV_EOL;
}

function sendCsv(reply: FastifyReply, rows: AsyncIterable<AuditRow>, locale: string, name: string) {
  const day = new Date().toISOString().slice(0, 10);
  return reply
    .header("content-type", "text/csv; charset=utf-8")
    .header("content-disposition", `attachment; filename="bitacora-${name}-${day}.csv"`)
    .header("cache-control", "private, no-store")
    .send(Readable.from(csvLines(rows, csvDelimiter(locale))));
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
      const institution = await findInstitutionById(db, institutionId.toLowerCase());
      if (!institution) throw notFound();
      const { format, page, pageSize, ...rest } = request.query;
      const filter: AuditFilter = { ...rest, institutionId: institution.id };
      if (format === "csv") return sendCsv(reply, allAudit(db, filter), institution.locale, institution.slug);
      const found = await searchAudit(db, filter, { page, pageSize });
      return { items: found.items.map(entry), total: found.total, page, pageSize };
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
      const { format, page, pageSize, ...rest } = request.query;
      const filter: AuditFilter = { ...rest, institutionId: null };
      if (format === "csv") return sendCsv(reply, allAudit(db, filter), DEFAULT_LOCALE, "despliegue");
      const found = await searchAudit(db, filter, { page, pageSize });
      return { items: found.items.map(entry), total: found.total, page, pageSize };
    },
  );
};
