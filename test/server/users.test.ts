import { and, eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/connection.js";
import { memberships, membershipUnits, users } from "../../src/db/schema.js";
import { buildApp } from "../../src/server/app.js";
import { openTestDatabase } from "../helpers/database.js";
import { buildInstitution, buildUnit } from "../helpers/factories.js";
import {
  auditCount,
  buildManagementWorld,
  call,
  HOSTILE_TEXTS,
  type ManagementWorld,
  NOT_FOUND,
} from "../helpers/management-world.js";
import { loginAs } from "../helpers/server.js";

let database: Database;
let app: FastifyInstance;
let world: ManagementWorld;
let base: string;

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildApp({ database, version: "test" });
  world = await buildManagementWorld(app, database.db);
  base = `/api/institutions/${world.mine.id}/users`;
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

async function membershipRows() {
  return database.db.select().from(memberships).where(eq(memberships.institutionId, world.mine.id));
}

describe("users and memberships", () => {
  it("an admin lists the institution's users with role and units, paginated; others are refused", async () => {
    const list = await call(app, world.admin, "GET", `${base}?pageSize=2`);
    expect(list.statusCode).toBe(200);
    expect(list.json()).toMatchObject({ total: 4, page: 1, pageSize: 2 });
    expect(list.json().items[0]).toMatchObject({ role: expect.any(String), unitIds: [] });
    expect(list.json().items[0]).not.toHaveProperty("passwordHash");
    expect((await call(app, undefined, "GET", base)).statusCode).toBe(401);
    expect((await call(app, world.planner, "GET", base)).statusCode).toBe(403);
    expect((await call(app, world.viewer, "GET", base)).statusCode).toBe(403);
    expect((await call(app, world.stranger, "GET", base)).json()).toEqual(NOT_FOUND);
    expect((await call(app, world.root, "GET", base)).statusCode).toBe(200);
  });

  it("creates a new user with a one-time initial password that logs in", async () => {
    const unit = await buildUnit(database.db, world.mine.id);
    const created = await call(app, world.admin, "POST", base, {
      email: "Nueva.Editora@SatPiura.gob.pe",
      name: "Rosa Flores",
      role: "editor",
      unitIds: [unit.id],
    });
    expect(created.statusCode).toBe(201);
    expect(created.headers["cache-control"]).toBe("no-store");
    const body = created.json();
    expect(body).toMatchObject({
      email: "nueva.editora@satpiura.gob.pe",
      name: "Rosa Flores",
      role: "editor",
      unitIds: [unit.id],
    });
    expect(body.initialPassword).toMatch(/^[\w-]{16}$/);
    const login = await app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { email: body.email, password: body.initialPassword },
    });
    expect(login.statusCode).toBe(200);
    expect(login.json().user.memberships[0]).toMatchObject({ role: "editor", unitIds: [unit.id] });
  });

  it("adds an existing user of another institution without a new password, and refuses a second membership", async () => {
    const [stranger] = await database.db.select().from(users).where(eq(users.id, world.stranger.userId));
    const added = await call(app, world.admin, "POST", base, {
      email: stranger?.email as string,
      role: "viewer",
    });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({ id: world.stranger.userId, role: "viewer", initialPassword: null });
    const again = await call(app, world.admin, "POST", base, {
      email: stranger?.email as string,
      role: "planner",
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toBe(
      `${stranger?.email} ya es miembro de la institución: cambie su rol en lugar de agregarlo.`,
    );
    // Their own institution is untouched.
    const theirs = await database.db
      .select()
      .from(memberships)
      .where(
        and(eq(memberships.institutionId, world.theirs.id), eq(memberships.userId, world.stranger.userId)),
      );
    expect(theirs[0]?.role).toBe("planner");
  });

  it("refuses bad emails, unknown roles, editors without units and units of another institution; nothing changes", async () => {
    const before = await membershipRows();
    const audits = await auditCount(database.db, world.mine.id);
    const email = await call(app, world.admin, "POST", base, { email: "no-es-un-correo", role: "viewer" });
    expect(email.json()).toMatchObject({
      status: 400,
      field: "email",
      detail: expect.stringContaining("Escriba un correo válido"),
    });
    const role = await call(app, world.admin, "POST", base, { email: "a@b.pe", role: "jefe" });
    expect(role.json()).toMatchObject({
      field: "role",
      detail: expect.stringContaining("Rol desconocido: use admin, planner, editor, viewer."),
    });
    const noUnits = await call(app, world.admin, "POST", base, { email: "a@b.pe", role: "editor" });
    expect(noUnits.json()).toMatchObject({
      field: "unitIds",
      detail: "Indique al menos una unidad para el rol editor.",
    });
    const theirUnit = await buildUnit(database.db, world.theirs.id);
    const foreign = await call(app, world.admin, "POST", base, {
      email: "a@b.pe",
      role: "editor",
      unitIds: [theirUnit.id],
    });
    expect(foreign.json()).toMatchObject({
      field: "unitIds",
      detail: `La unidad «${theirUnit.id}» no existe en esta institución.`,
    });
    const viewerUnits = await call(app, world.admin, "POST", base, {
      email: "a@b.pe",
      role: "viewer",
      unitIds: [theirUnit.id],
    });
    expect(viewerUnits.json().detail).toBe("Solo el rol editor tiene unidades; el rol viewer no.");
    const superAdmin = await call(app, world.admin, "POST", base, { email: "a@b.pe", role: "super-admin" });
    expect(superAdmin.statusCode).toBe(400);
    expect(await database.db.select().from(users).where(eq(users.email, "a@b.pe"))).toHaveLength(0);
    expect(await membershipRows()).toEqual(before);
    expect(await auditCount(database.db, world.mine.id)).toBe(audits);
  });

  it("changes a role and an editor's units; 404 for a user who is not a member", async () => {
    const unit = await buildUnit(database.db, world.mine.id, { name: "GERENCIA DE RENTAS" });
    const url = `${base}/${world.viewer.userId}`;
    expect((await call(app, world.planner, "PATCH", url, { role: "admin" })).statusCode).toBe(403);
    const promoted = await call(app, world.admin, "PATCH", url, { role: "editor", unitIds: [unit.id] });
    expect(promoted.statusCode).toBe(200);
    expect(promoted.json()).toMatchObject({ role: "editor", unitIds: [unit.id] });
    const back = await call(app, world.admin, "PATCH", url, { role: "viewer" });
    expect(back.json()).toMatchObject({ role: "viewer", unitIds: [] });
    expect(
      await database.db.select().from(membershipUnits).where(eq(membershipUnits.userId, world.viewer.userId)),
    ).toHaveLength(0);
    const outsider = await call(app, world.admin, "PATCH", `${base}/${world.root.userId}`, {
      role: "viewer",
    });
    expect(outsider.json()).toEqual(NOT_FOUND);
    const stranger = await call(app, world.stranger, "PATCH", url, { role: "viewer" });
    expect(stranger.statusCode).toBe(403); // a viewer of mine since the previous test, not an admin
  });

  it("never leaves the institution without an admin (409), and removing a membership keeps the account", async () => {
    const lastAdmin = `${base}/${world.admin.userId}`;
    const demote = await call(app, world.admin, "PATCH", lastAdmin, { role: "viewer" });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().detail).toBe(
      "Es el último administrador de la institución: nombre otro administrador antes de cambiarle el rol.",
    );
    const remove = await call(app, world.admin, "DELETE", lastAdmin);
    expect(remove.statusCode).toBe(409);
    expect(remove.json().detail).toBe(
      "Es el último administrador de la institución: nombre otro administrador antes de quitarlo.",
    );

    expect(
      (await call(app, world.admin, "PATCH", `${base}/${world.planner.userId}`, { role: "admin" }))
        .statusCode,
    ).toBe(200);
    expect((await call(app, world.admin, "DELETE", lastAdmin)).statusCode).toBe(204);
    const [account] = await database.db.select().from(users).where(eq(users.id, world.admin.userId));
    expect(account?.active).toBe(true);
    expect((await call(app, world.admin, "GET", base)).json()).toEqual(NOT_FOUND);
  });

  it("two admins removing each other at once: one stays", async () => {
    const institution = await buildInstitution(database.db);
    const first = await loginAs(app, database.db, "admin", institution.slug);
    const second = await loginAs(app, database.db, "admin", institution.slug);
    const users = `/api/institutions/${institution.id}/users`;
    const answers = await Promise.all([
      call(app, first, "DELETE", `${users}/${second.userId}`),
      call(app, second, "DELETE", `${users}/${first.userId}`),
    ]);
    // The loser gets 409 (last admin) when both were authenticated before either removal
    // committed, or 404 when its own membership was already gone as its request arrived.
    const [won, lost] = answers.map((answer) => answer.statusCode).sort();
    expect(won).toBe(204);
    expect([404, 409]).toContain(lost);
    const admins = await database.db
      .select()
      .from(memberships)
      .where(and(eq(memberships.institutionId, institution.id), eq(memberships.role, "admin")));
    expect(admins).toHaveLength(1);
  });

  it("two requests adding the same new email at once: one creates the user, the other gets 409", async () => {
    const email = "simultanea@satpiura.gob.pe";
    const answers = await Promise.all(
      (["viewer", "planner"] as const).map((role) => call(app, world.root, "POST", base, { email, role })),
    );
    const [created, refused] = [...answers].sort((a, b) => a.statusCode - b.statusCode);
    expect(created?.statusCode).toBe(201);
    expect(created?.json().initialPassword).toMatch(/^[\w-]{16}$/);
    expect(refused?.statusCode).toBe(409);
    expect(refused?.json().detail).toBe(
      `${email} ya es miembro de la institución: cambie su rol en lugar de agregarlo.`,
    );
    const accounts = await database.db.select().from(users).where(eq(users.email, email));
    expect(accounts).toHaveLength(1);
    const member = (await membershipRows()).filter((row) => row.userId === accounts[0]?.id);
    expect(member.map((row) => row.role)).toEqual([created?.json().role]);
  });

  it("stores hostile names verbatim and returns them as inert JSON", async () => {
    for (const [index, name] of HOSTILE_TEXTS.entries()) {
      const created = await call(app, world.root, "POST", base, {
        email: `hostil${index}@ejemplo.pe`,
        name,
        role: "viewer",
      });
      expect(created.statusCode).toBe(201);
      expect(created.headers["content-type"]).toMatch(/^application\/json/);
      expect(created.json().name).toBe(name);
    }
  });
});
