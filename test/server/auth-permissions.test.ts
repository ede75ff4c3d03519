import type { FastifyInstance, FastifyRequest } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/connection.js";
import { membershipUnits } from "../../src/db/schema.js";
import { AppError } from "../../src/domain/errors.js";
import type { Role } from "../../src/domain/roles.js";
import { buildApp } from "../../src/server/app.js";
import { LoginLimiter } from "../../src/server/auth/login-limiter.js";
import {
  type Auth,
  canEditUnit,
  editableUnitIds,
  hasRole,
  requireMember,
  requireRole,
  requireSession,
  requireSuperAdmin,
  requireUnitEditor,
  requireUser,
  toUnitTree,
} from "../../src/server/auth/permissions.js";
import { trustProxyFromEnv } from "../../src/server/auth/plugin.js";
import { addUser } from "../../src/services/users/add-user.js";
import { openTestDatabase } from "../helpers/database.js";
import { buildInstitution, buildUnit } from "../helpers/factories.js";

const A = "0a0a0a0a-0000-4000-8000-00000000000a";
const B = "0b0b0b0b-0000-4000-8000-00000000000b";

function auth(
  memberships: { institutionId: string; role: Role; unitIds?: string[] }[],
  { superAdmin = false, kind = "session" as "session" | "token" } = {},
): Auth {
  return {
    user: { id: "u1", email: "u@a.pe", name: "U", superAdmin },
    memberships: memberships.map((m) => ({
      institution: { id: m.institutionId, name: m.institutionId, slug: m.institutionId },
      role: m.role,
      unitIds: m.unitIds ?? [],
    })),
    credential:
      kind === "session"
        ? { kind: "session", sessionId: "h", csrfToken: "c", expiresAt: new Date() }
        : { kind: "token", tokenId: "t" },
  };
}
const request = (value: Auth | null) => ({ auth: value }) as FastifyRequest;

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
}

// gerencia ─┬─ finanzas ─── tesorería
//           └─ rentas
// alcaldía (another root)
const tree = toUnitTree([
  { id: "gerencia", parentId: null },
  { id: "finanzas", parentId: "gerencia" },
  { id: "tesoreria", parentId: "finanzas" },
  { id: "rentas", parentId: "gerencia" },
  { id: "alcaldia", parentId: null },
]);

describe("permission helpers", () => {
  it("requireUser: 401 without credentials", () => {
    expect(codeOf(() => requireUser(request(null)))).toBe("unauthorized");
    expect(codeOf(() => requireUser(request(auth([]))))).toBeUndefined();
  });

  it("requireSession: 403 for API tokens", () => {
    expect(codeOf(() => requireSession(request(null)))).toBe("unauthorized");
    expect(codeOf(() => requireSession(request(auth([], { kind: "token" }))))).toBe("forbidden");
    expect(codeOf(() => requireSession(request(auth([]))))).toBeUndefined();
  });

  it("requireSuperAdmin", () => {
    expect(codeOf(() => requireSuperAdmin(request(null)))).toBe("unauthorized");
    expect(codeOf(() => requireSuperAdmin(request(auth([{ institutionId: A, role: "admin" }]))))).toBe(
      "forbidden",
    );
    expect(codeOf(() => requireSuperAdmin(request(auth([], { superAdmin: true }))))).toBeUndefined();
  });

  it("requireRole: 404 outside the institution, 403 with another role, super-admin passes", () => {
    const viewer = request(auth([{ institutionId: A, role: "viewer" }]));
    expect(codeOf(() => requireRole(request(null), A, ["viewer"]))).toBe("unauthorized");
    expect(codeOf(() => requireRole(viewer, B, ["viewer"]))).toBe("not_found");
    expect(codeOf(() => requireRole(viewer, A, ["admin", "planner"]))).toBe("forbidden");
    expect(codeOf(() => requireRole(viewer, A, ["viewer"]))).toBeUndefined();
    expect(codeOf(() => requireMember(viewer, A))).toBeUndefined();
    expect(codeOf(() => requireMember(viewer, B))).toBe("not_found");
    const root = request(auth([], { superAdmin: true }));
    expect(codeOf(() => requireRole(root, B, ["admin"]))).toBeUndefined();
    expect(codeOf(() => requireMember(root, B))).toBeUndefined();
    // What is no id is missing for a super-admin too, never a query's error.
    expect(codeOf(() => requireMember(root, "1e1"))).toBe("not_found");
    // Roles are not a ladder.
    expect(hasRole(auth([{ institutionId: A, role: "admin" }]), A, ["planner"])).toBe(false);
  });

  it("canEditUnit: an editor's units and the units below them, nothing else", () => {
    const editor = auth([{ institutionId: A, role: "editor", unitIds: ["finanzas"] }]);
    expect(canEditUnit(editor, A, "finanzas", tree)).toBe(true);
    expect(canEditUnit(editor, A, "tesoreria", tree)).toBe(true);
    expect(canEditUnit(editor, A, "gerencia", tree)).toBe(false);
    expect(canEditUnit(editor, A, "rentas", tree)).toBe(false);
    expect(canEditUnit(editor, A, "alcaldia", tree)).toBe(false);
    expect(canEditUnit(editor, A, "no-existe", tree)).toBe(false);
    // Same unit ids, another institution: no.
    expect(canEditUnit(editor, B, "finanzas", tree)).toBe(false);
    // Unit rows work as well as the map.
    expect(
      canEditUnit(
        editor,
        A,
        "tesoreria",
        [...tree].map(([id, parentId]) => ({ id, parentId })),
      ),
    ).toBe(true);
    for (const role of ["admin", "planner", "viewer"] as const) {
      expect(
        canEditUnit(auth([{ institutionId: A, role, unitIds: ["finanzas"] }]), A, "finanzas", tree),
      ).toBe(false);
    }
    expect(canEditUnit(auth([], { superAdmin: true }), B, "anything", tree)).toBe(true);
    expect([...(editableUnitIds(editor, A, tree) as Set<string>)].sort()).toEqual(["finanzas", "tesoreria"]);
    expect(editableUnitIds(auth([], { superAdmin: true }), A, tree)).toBe("all");
  });

  it("canEditUnit survives a cycle in a corrupt tree", () => {
    const editor = auth([{ institutionId: A, role: "editor", unitIds: ["z"] }]);
    const cyclic = new Map<string, string | null>([
      ["x", "y"],
      ["y", "x"],
    ]);
    expect(canEditUnit(editor, A, "x", cyclic)).toBe(false);
  });

  it("requireUnitEditor: 404 outside, 403 for another unit", () => {
    const editor = request(auth([{ institutionId: A, role: "editor", unitIds: ["finanzas"] }]));
    expect(codeOf(() => requireUnitEditor(editor, B, "finanzas", tree))).toBe("not_found");
    expect(codeOf(() => requireUnitEditor(editor, A, "rentas", tree))).toBe("forbidden");
    expect(codeOf(() => requireUnitEditor(editor, A, "tesoreria", tree))).toBeUndefined();
  });
});

describe("login limiter", () => {
  it("slides its window and clears an account on success", () => {
    let now = 0;
    const limiter = new LoginLimiter({ accountLimit: 2, ipLimit: 3, windowMs: 60_000 }, () => now);
    limiter.fail("a@b.pe", "1.1.1.1");
    now = 10_000;
    limiter.fail("a@b.pe", "1.1.1.1");
    expect(limiter.retryAfter("a@b.pe", "2.2.2.2")).toBe(50);
    expect(limiter.retryAfter("c@b.pe", "1.1.1.1")).toBe(0);
    now = 59_000;
    expect(limiter.retryAfter("a@b.pe", "2.2.2.2")).toBe(1);
    // The failure at 0 leaves the window: one failure left, allowed.
    now = 60_000;
    expect(limiter.retryAfter("a@b.pe", "2.2.2.2")).toBe(0);
    limiter.fail("a@b.pe", "1.1.1.1");
    expect(limiter.retryAfter("a@b.pe", "2.2.2.2")).toBe(10);
    // IP: three failures within a minute (10 s, 60 s, and this one).
    limiter.fail("d@b.pe", "1.1.1.1");
    expect(limiter.retryAfter("e@b.pe", "1.1.1.1")).toBe(10);
    limiter.succeed("a@b.pe");
    expect(limiter.retryAfter("a@b.pe", "9.9.9.9")).toBe(0);
    expect(limiter.retryAfter("a@b.pe", "1.1.1.1")).toBe(10);
  });
});

describe("AVANCE_TRUST_PROXY", () => {
  it("parses booleans, hop counts and address lists", () => {
    expect(trustProxyFromEnv({})).toBe(false);
    expect(trustProxyFromEnv({ AVANCE_TRUST_PROXY: "false" })).toBe(false);
    expect(trustProxyFromEnv({ AVANCE_TRUST_PROXY: "true" })).toBe(true);
    expect(trustProxyFromEnv({ AVANCE_TRUST_PROXY: "127.0.0.1, 10.0.0.0/8" })).toEqual([
      "127.0.0.1",
      "10.0.0.0/8",
    ]);
    const hops = trustProxyFromEnv({ AVANCE_TRUST_PROXY: "1" }) as (address: string, hop: number) => boolean;
    expect([hops("x", 0), hops("x", 1)]).toEqual([true, false]);
  });
});

describe("request.auth in other routes", () => {
  let database: Database;
  let app: FastifyInstance;
  const ids: Record<string, string> = {};
  const PASSWORD = "caballo-correcto-bateria";

  beforeAll(async () => {
    database = await openTestDatabase();
    app = await buildApp({ database, version: "test" });
    // A route as another engineer would write it.
    app.post<{ Params: { institutionId: string; unitId: string } }>(
      "/api/test/:institutionId/units/:unitId/execution",
      async (req) => {
        requireMember(req, req.params.institutionId);
        const units = toUnitTree([{ id: req.params.unitId, parentId: null }]);
        requireUnitEditor(req, req.params.institutionId, req.params.unitId, units);
        return { ok: true };
      },
    );
    const mine = await buildInstitution(database.db);
    const theirs = await buildInstitution(database.db);
    const unit = await buildUnit(database.db, mine.id);
    const otherUnit = await buildUnit(database.db, mine.id);
    Object.assign(ids, { mine: mine.id, theirs: theirs.id, unit: unit.id, otherUnit: otherUnit.id });
    const editor = await addUser(database.db, {
      email: "editora@a.pe",
      role: "editor",
      institution: mine.slug,
      password: PASSWORD,
    });
    await database.db
      .insert(membershipUnits)
      .values({ institutionId: mine.id, userId: editor.id, unitId: unit.id });
    await addUser(database.db, {
      email: "lectora@a.pe",
      role: "viewer",
      institution: mine.slug,
      password: PASSWORD,
    });
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  async function session(email: string) {
    const response = await app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { email, password: PASSWORD },
    });
    const cookie = response.cookies.find((c) => c.name === "avance_session")?.value ?? "";
    return { cookies: { avance_session: cookie }, headers: { "x-csrf-token": response.json().csrfToken } };
  }

  it("answers 401, 404, 403 and 200 as the rule says", async () => {
    const url = (institution: string, unit: string) => `/api/test/${institution}/units/${unit}/execution`;
    const editor = await session("editora@a.pe");
    const viewer = await session("lectora@a.pe");
    const post = (path: string, credentials: object = {}) =>
      app.inject({ method: "POST", url: path, ...credentials });

    expect((await post(url(ids.mine as string, ids.unit as string))).statusCode).toBe(401);
    const foreign = await post(url(ids.theirs as string, ids.unit as string), editor);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json()).toEqual({
      type: "not_found",
      title: "No encontrado",
      status: 404,
      detail: "No se encontró el recurso solicitado.",
      code: "not_found",
    });
    const notMine = await post(url(ids.mine as string, ids.otherUnit as string), editor);
    expect(notMine.statusCode).toBe(403);
    expect(notMine.json()).toEqual({
      type: "forbidden",
      title: "Sin permiso",
      status: 403,
      detail: "No tiene permiso para esta acción.",
      code: "forbidden",
    });
    expect((await post(url(ids.mine as string, ids.unit as string), viewer)).statusCode).toBe(403);
    expect((await post(url(ids.mine as string, ids.unit as string), editor)).statusCode).toBe(200);
    // CSRF applies to every route, not only /api/auth/*.
    const noCsrf = await post(url(ids.mine as string, ids.unit as string), { cookies: editor.cookies });
    expect(noCsrf.statusCode).toBe(403);
  });
});
