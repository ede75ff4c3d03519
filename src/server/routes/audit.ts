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
import {
  AuditCsv,
  type AuditEntry,
  AuditPage,
  DeploymentAuditQuery,
  InstitutionAuditParams,
  InstitutionAuditQuery,
} from "../../contract/audit.js";
import type { Database } from "../../db/connection.js";
import { notFound } from "../../domain/errors.js";
import { isUuid } from "../../domain/ids.js";
import { exportAudit } from "../../services/audit/export-audit.js";
import { listAudit } from "../../services/audit/list-audit.js";
import { requireMember, requireSuperAdmin, requireUser } from "../auth/permissions.js";

function entry(row: Awaited<ReturnType<typeof listAudit>>["items"][number]): AuditEntry {
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

/** A page of entries, or with `format=csv` the file of them all. */
const auditAnswer = {
  description: "A page of entries, newest first; with format=csv, every matching entry as a file",
  content: { "application/json": { schema: AuditPage }, "text/csv": { schema: AuditCsv } },
};

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
        params: InstitutionAuditParams,
        querystring: InstitutionAuditQuery,
        response: { 200: auditAnswer },
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
        querystring: DeploymentAuditQuery,
        response: { 200: auditAnswer },
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
