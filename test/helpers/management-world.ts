/**
 * For the management API tests: two institutions (A, the one under test, and B, a stranger),
 * a client per role in A (admin, planner, editor, viewer), a planner of B and a super-admin,
 * and `call` to send a request as one of them (no client = no session).
 */
import { eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import type { Db } from "../../src/db/connection.js";
import { auditLog } from "../../src/db/schema.js";
import { buildInstitution } from "./factories.js";
import { type Client, loginAs } from "./server.js";

export type ManagementWorld = Awaited<ReturnType<typeof buildManagementWorld>>;

export async function buildManagementWorld(app: FastifyInstance, db: Db) {
  const mine = await buildInstitution(db);
  const theirs = await buildInstitution(db);
  return {
    mine,
    theirs,
    admin: await loginAs(app, db, "admin", mine.slug),
    planner: await loginAs(app, db, "planner", mine.slug),
    editor: await loginAs(app, db, "editor", mine.slug),
    viewer: await loginAs(app, db, "viewer", mine.slug),
    stranger: await loginAs(app, db, "planner", theirs.slug),
    root: await loginAs(app, db, "super-admin"),
  };
}

type Method = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

export function call(
  app: FastifyInstance,
  client: Client | undefined,
  method: Method,
  url: string,
  payload?: object,
) {
  return app.inject({
    method,
    url,
    ...(payload !== undefined ? { payload } : {}),
    headers: client?.headers ?? {},
    cookies: client?.cookies ?? {},
  });
}

/** How many audit entries an institution has: a refused write adds none. */
export async function auditCount(db: Db, institutionId: string): Promise<number> {
  return (await db.select().from(auditLog).where(eq(auditLog.institutionId, institutionId))).length;
}

/** The tenant 404, identical for "missing" and "another institution's". */
export const NOT_FOUND = {
  type: "not_found",
  title: "No encontrado",
  status: 404,
  detail: "No se encontró el recurso solicitado.",
  code: "not_found",
};

/** Payloads that must be stored and returned verbatim, and stay inert in JSON. */
export const HOSTILE_TEXTS = ["'); drop table activities; --", "<script>alert(1)</script>"] as const;
