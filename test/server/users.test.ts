import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, invitations, memberships, membershipUnits, users } from "../../src/db/schema.js";
import { hashToken } from "../../src/security/secrets.js";
import { invitationMessages } from "../../src/services/invitations/invitation-rules.js";
import { buildInstitution, buildUnit } from "../helpers/factories.js";
import {
  auditCount,
  buildManagementWorld,
  call,
  HOSTILE_TEXTS,
  type ManagementWorld,
  NOT_FOUND,
} from "../helpers/management-world.js";
import { loginAs, setUpTestServer } from "../helpers/server.js";

const server = setUpTestServer();

let world: ManagementWorld;
let base: string;

beforeAll(async () => {
  world = await buildManagementWorld(server.app, server.database.db);
  base = `/api/institutions/${world.mine.id}/users`;
});
async function membershipRows() {
  return server.database.db.select().from(memberships).where(eq(memberships.institutionId, world.mine.id));
}

async function invitationRows(email?: string) {
  const mine = eq(invitations.institutionId, world.mine.id);
  return server.database.db
    .select()
    .from(invitations)
    .where(email ? and(mine, eq(invitations.email, email)) : mine);
}

const invitationsUrl = () => `/api/institutions/${world.mine.id}/invitations`;

/** The token of an invitation link. */
const tokenOf = (link: string) => new URL(link).searchParams.get("token") as string;

/** The link's holder creates their account (no session: a new person has none). */
function acceptWithNewAccount(token: string, name: string, password: string) {
  return server.app.inject({
    method: "POST",
    url: "/api/invitations/accept",
    payload: { token, name, password },
  });
}

describe("users and memberships", () => {
  it("an admin lists the institution's users with role and units, paginated; others are refused", async () => {
    const list = await call(server.app, world.admin, "GET", `${base}?pageSize=2`);
    expect(list.statusCode).toBe(200);
    expect(list.json()).toMatchObject({ total: 4, page: 1, pageSize: 2 });
    expect(list.json().items[0]).toMatchObject({ role: expect.any(String), unitIds: [] });
    expect(list.json().items[0]).not.toHaveProperty("passwordHash");
    expect((await call(server.app, undefined, "GET", base)).statusCode).toBe(401);
    expect((await call(server.app, world.planner, "GET", base)).statusCode).toBe(403);
    expect((await call(server.app, world.viewer, "GET", base)).statusCode).toBe(403);
    expect((await call(server.app, world.stranger, "GET", base)).json()).toEqual(NOT_FOUND);
    expect((await call(server.app, world.root, "GET", base)).statusCode).toBe(200);
  });

  it("invites a new e-mail: 202 with the invitation and a link shown once; the person sets their own password and is a member", async () => {
    const unit = await buildUnit(server.database.db, world.mine.id);
    const invited = await call(server.app, world.admin, "POST", base, {
      email: "Nueva.Editora@SatPiura.gob.pe",
      name: "Rosa Flores",
      role: "editor",
      unitIds: [unit.id],
    });
    expect(invited.statusCode).toBe(202);
    expect(invited.headers["cache-control"]).toBe("no-store");
    const body = invited.json();
    expect(body).toEqual({
      invitation: {
        id: expect.any(String),
        email: "nueva.editora@satpiura.gob.pe",
        name: "Rosa Flores",
        role: "editor",
        unitIds: [unit.id],
        createdAt: expect.any(String),
        expiresAt: expect.any(String),
      },
      link: expect.stringMatching(/^http:\/\/localhost(:\d+)?\/invitacion\?token=[\w-]{43}$/),
    });
    const days = (Date.parse(body.invitation.expiresAt) - Date.parse(body.invitation.createdAt)) / 86_400_000;
    expect(days).toBe(7);
    // No account yet, and only the token's SHA-256 is stored.
    expect(
      await server.database.db.select().from(users).where(eq(users.email, body.invitation.email)),
    ).toEqual([]);
    const [stored] = await server.database.db
      .select()
      .from(invitations)
      .where(eq(invitations.id, body.invitation.id));
    expect(stored?.tokenHash).toBe(hashToken(tokenOf(body.link)));

    const pending = await call(server.app, world.admin, "GET", invitationsUrl());
    expect(pending.json()).toMatchObject({
      total: 1,
      items: [{ id: body.invitation.id, name: "Rosa Flores" }],
    });
    expect(pending.body).not.toContain(tokenOf(body.link));

    const shown = await server.app.inject({ method: "GET", url: `/api/invitations/${tokenOf(body.link)}` });
    expect(shown.json()).toEqual({
      id: body.invitation.id,
      institution: { id: world.mine.id, name: world.mine.name },
      email: "nueva.editora@satpiura.gob.pe",
      name: "Rosa Flores",
      role: "editor",
      expiresAt: body.invitation.expiresAt,
    });
    const accepted = await acceptWithNewAccount(
      tokenOf(body.link),
      "Rosa Flores Ruiz",
      "mi clave de doce o más",
    );
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json().user).toMatchObject({
      email: "nueva.editora@satpiura.gob.pe",
      name: "Rosa Flores Ruiz",
      memberships: [{ institution: { id: world.mine.id }, role: "editor", unitIds: [unit.id] }],
    });
    const login = await server.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { email: "nueva.editora@satpiura.gob.pe", password: "mi clave de doce o más" },
    });
    expect(login.statusCode).toBe(200);
    expect(await invitationRows()).toEqual([]);
    const actions = await server.database.db
      .select({ action: auditLog.action, entity: auditLog.entity })
      .from(auditLog)
      .where(and(eq(auditLog.institutionId, world.mine.id), eq(auditLog.entity, "invitation")));
    expect(actions.map((row) => row.action)).toEqual(["invite", "accept"]);
    // The link is used up.
    const again = await acceptWithNewAccount(tokenOf(body.link), "Otra Persona", "otra clave de doce o más");
    expect(again.json()).toMatchObject({ status: 404, detail: invitationMessages.gone });
  });

  it("inviting a person of another institution reveals nothing: the same answer as an unknown e-mail, and no membership until they accept", async () => {
    await server.database.db
      .update(users)
      .set({ name: "Bruno Beta" })
      .where(eq(users.id, world.stranger.userId));
    const [stranger] = await server.database.db
      .select()
      .from(users)
      .where(eq(users.id, world.stranger.userId));
    const known = await call(server.app, world.admin, "POST", base, {
      email: stranger?.email as string,
      role: "viewer",
    });
    const unknown = await call(server.app, world.admin, "POST", base, {
      email: "nadie.aun@otra.gob.pe",
      role: "viewer",
    });
    expect(known.statusCode).toBe(202);
    expect(unknown.statusCode).toBe(202);
    expect(known.headers["cache-control"]).toBe(unknown.headers["cache-control"]);
    // Field by field the same, but for the e-mail itself, the new ids, the link's token and the times.
    const blank = (answer: typeof known) => {
      const { invitation, link } = answer.json();
      return {
        invitation: { ...invitation, id: "id", email: "email", createdAt: "t", expiresAt: "t" },
        link: link.replace(/token=[\w-]+$/, "token="),
      };
    };
    expect(blank(known)).toEqual(blank(unknown));
    expect(known.json().invitation.name).toBe("");
    for (const hint of [world.stranger.userId, stranger?.name as string, "initialPassword"]) {
      expect(known.body).not.toContain(hint);
    }
    // Not a member of mine (nor is anyone for the unknown e-mail) until they accept.
    const mine = (await membershipRows()).map((row) => row.userId);
    expect(mine).not.toContain(world.stranger.userId);
    expect(
      await server.database.db.select().from(users).where(eq(users.email, "nadie.aun@otra.gob.pe")),
    ).toEqual([]);
    expect((await call(server.app, world.stranger, "GET", base)).json()).toEqual(NOT_FOUND);

    // At their next login (and in /me) they see it: institution and role, and they accept it.
    const me = await call(server.app, world.stranger, "GET", "/api/auth/me");
    expect(me.json().invitations).toEqual([
      {
        id: known.json().invitation.id,
        institution: { id: world.mine.id, name: world.mine.name },
        role: "viewer",
        expiresAt: known.json().invitation.expiresAt,
      },
    ]);
    const accepted = await call(
      server.app,
      world.stranger,
      "POST",
      `/api/auth/invitations/${known.json().invitation.id}/accept`,
    );
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toEqual({
      institution: { id: world.mine.id, name: world.mine.name, slug: world.mine.slug },
      role: "viewer",
      unitIds: [],
    });
    expect((await membershipRows()).find((row) => row.userId === world.stranger.userId)?.role).toBe("viewer");
    expect((await call(server.app, world.stranger, "GET", "/api/auth/me")).json().invitations).toEqual([]);

    const again = await call(server.app, world.admin, "POST", base, {
      email: stranger?.email as string,
      role: "planner",
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toBe(
      `${stranger?.email} ya es miembro de la institución: cambie su rol en lugar de agregarlo.`,
    );
    // Their own institution is untouched.
    const theirs = await server.database.db
      .select()
      .from(memberships)
      .where(
        and(eq(memberships.institutionId, world.theirs.id), eq(memberships.userId, world.stranger.userId)),
      );
    expect(theirs[0]?.role).toBe("planner");
  });

  it("an existing account cannot be taken over through the link: 409 asking to log in, password and name unchanged", async () => {
    const person = await loginAs(server.app, server.database.db, "viewer", world.theirs.slug);
    const invited = await call(server.app, world.admin, "POST", base, {
      email: person.email,
      role: "viewer",
    });
    const [before] = await server.database.db.select().from(users).where(eq(users.id, person.userId));
    const refused = await acceptWithNewAccount(
      tokenOf(invited.json().link),
      "Intrusa",
      "una clave nueva larga",
    );
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toBe(invitationMessages.accountExists);
    expect(refused.cookies).toEqual([]);
    const [after] = await server.database.db.select().from(users).where(eq(users.id, person.userId));
    expect(after).toEqual(before);
    // The invitation is still there for them to accept after logging in.
    expect((await call(server.app, person, "GET", "/api/auth/me")).json().invitations).toHaveLength(1);
  });

  it("declining leaves no membership; another person's invitation is the 404 of a missing one", async () => {
    const person = await loginAs(server.app, server.database.db, "viewer", world.theirs.slug);
    const invited = await call(server.app, world.admin, "POST", base, {
      email: person.email,
      role: "planner",
    });
    const id = invited.json().invitation.id;
    const other = await call(server.app, world.viewer, "POST", `/api/auth/invitations/${id}/accept`);
    const missing = await call(
      server.app,
      world.viewer,
      "POST",
      `/api/auth/invitations/${randomUUID()}/accept`,
    );
    expect(other.statusCode).toBe(404);
    expect(other.json()).toEqual(missing.json());
    expect(other.json().detail).toBe(invitationMessages.gone);
    expect(
      (await call(server.app, world.viewer, "POST", `/api/auth/invitations/${id}/decline`)).statusCode,
    ).toBe(404);

    const declined = await call(server.app, person, "POST", `/api/auth/invitations/${id}/decline`);
    expect(declined.statusCode).toBe(204);
    expect((await membershipRows()).map((row) => row.userId)).not.toContain(person.userId);
    expect(await invitationRows(person.email)).toEqual([]);
    const accepted = await call(server.app, person, "POST", `/api/auth/invitations/${id}/accept`);
    expect(accepted.json()).toMatchObject({ status: 404, detail: invitationMessages.gone });
    const [entry] = await server.database.db
      .select()
      .from(auditLog)
      .where(
        and(eq(auditLog.entity, "invitation"), eq(auditLog.action, "decline"), eq(auditLog.entityId, id)),
      );
    expect(entry).toMatchObject({ institutionId: world.mine.id, userId: person.userId });
  });

  it("refuses an expired or a revoked invitation, in Spanish, and changes nothing", async () => {
    const person = await loginAs(server.app, server.database.db, "viewer", world.theirs.slug);
    const expiring = await call(server.app, world.admin, "POST", base, {
      email: person.email,
      role: "viewer",
    });
    const id = expiring.json().invitation.id;
    const expiresAt = new Date("2026-01-15T12:00:00Z");
    await server.database.db.update(invitations).set({ expiresAt }).where(eq(invitations.id, id));
    const expired = "La invitación venció el 2026-01-15: pida una nueva al administrador de la institución.";
    const byId = await call(server.app, person, "POST", `/api/auth/invitations/${id}/accept`);
    expect(byId.json()).toMatchObject({ status: 409, detail: expired });
    const byLink = await server.app.inject({
      method: "GET",
      url: `/api/invitations/${tokenOf(expiring.json().link)}`,
    });
    expect(byLink.json()).toMatchObject({ status: 409, detail: expired });
    const newAccount = await acceptWithNewAccount(
      tokenOf(expiring.json().link),
      "Nadie",
      "una clave bien larga",
    );
    expect(newAccount.json()).toMatchObject({ status: 409, detail: expired });
    expect((await call(server.app, person, "GET", "/api/auth/me")).json().invitations).toEqual([]);
    // The admin still sees it, expired, until they revoke it or invite again.
    const listed = await call(server.app, world.admin, "GET", `${invitationsUrl()}?pageSize=500`);
    expect(listed.json().items).toContainEqual(
      expect.objectContaining({ id, expiresAt: expiresAt.toISOString() }),
    );

    const renewed = await call(server.app, world.admin, "POST", base, {
      email: person.email,
      role: "viewer",
    });
    expect(renewed.json().invitation.id).toBe(id);
    const revoke = await call(server.app, world.admin, "DELETE", `${invitationsUrl()}/${id}`);
    expect(revoke.statusCode).toBe(204);
    const revoked = await acceptWithNewAccount(tokenOf(renewed.json().link), "Nadie", "una clave bien larga");
    expect(revoked.json()).toMatchObject({ status: 404, detail: invitationMessages.gone });
    const afterRevoke = await call(server.app, person, "POST", `/api/auth/invitations/${id}/accept`);
    expect(afterRevoke.json()).toMatchObject({ status: 404, detail: invitationMessages.gone });
    expect((await membershipRows()).map((row) => row.userId)).not.toContain(person.userId);
    expect((await call(server.app, world.admin, "DELETE", `${invitationsUrl()}/${id}`)).json()).toEqual(
      NOT_FOUND,
    );
    // Another institution's admin cannot revoke (nor see) this institution's invitations.
    const theirAdmin = await loginAs(server.app, server.database.db, "admin", world.theirs.slug);
    expect((await call(server.app, theirAdmin, "GET", invitationsUrl())).json()).toEqual(NOT_FOUND);
  });

  it("refuses bad emails, unknown roles, editors without units and units of another institution; nothing changes", async () => {
    const before = await membershipRows();
    const audits = await auditCount(server.database.db, world.mine.id);
    const email = await call(server.app, world.admin, "POST", base, {
      email: "no-es-un-correo",
      role: "viewer",
    });
    expect(email.json()).toMatchObject({
      status: 400,
      field: "email",
      detail: expect.stringContaining("Escriba un correo válido"),
    });
    const role = await call(server.app, world.admin, "POST", base, { email: "a@b.pe", role: "jefe" });
    expect(role.json()).toMatchObject({
      field: "role",
      detail: expect.stringContaining("Rol desconocido: use admin, planner, editor, viewer."),
    });
    const noUnits = await call(server.app, world.admin, "POST", base, { email: "a@b.pe", role: "editor" });
    expect(noUnits.json()).toMatchObject({
      field: "unitIds",
      detail: "Indique al menos una unidad para el rol editor.",
    });
    const theirUnit = await buildUnit(server.database.db, world.theirs.id);
    const foreign = await call(server.app, world.admin, "POST", base, {
      email: "a@b.pe",
      role: "editor",
      unitIds: [theirUnit.id],
    });
    expect(foreign.json()).toMatchObject({
      field: "unitIds",
      detail: `La unidad «${theirUnit.id}» no existe en esta institución.`,
    });
    const viewerUnits = await call(server.app, world.admin, "POST", base, {
      email: "a@b.pe",
      role: "viewer",
      unitIds: [theirUnit.id],
    });
    expect(viewerUnits.json().detail).toBe("Solo el rol editor tiene unidades; el rol viewer no.");
    const superAdmin = await call(server.app, world.admin, "POST", base, {
      email: "a@b.pe",
      role: "super-admin",
    });
    expect(superAdmin.statusCode).toBe(400);
    expect(await server.database.db.select().from(users).where(eq(users.email, "a@b.pe"))).toHaveLength(0);
    expect(await invitationRows("a@b.pe")).toEqual([]);
    expect(await membershipRows()).toEqual(before);
    expect(await auditCount(server.database.db, world.mine.id)).toBe(audits);
  });

  it("changes a role and an editor's units; 404 for a user who is not a member", async () => {
    const unit = await buildUnit(server.database.db, world.mine.id, { name: "GERENCIA DE RENTAS" });
    const url = `${base}/${world.viewer.userId}`;
    expect((await call(server.app, world.planner, "PATCH", url, { role: "admin" })).statusCode).toBe(403);
    const promoted = await call(server.app, world.admin, "PATCH", url, {
      role: "editor",
      unitIds: [unit.id],
    });
    expect(promoted.statusCode).toBe(200);
    expect(promoted.json()).toMatchObject({ role: "editor", unitIds: [unit.id] });
    const back = await call(server.app, world.admin, "PATCH", url, { role: "viewer" });
    expect(back.json()).toMatchObject({ role: "viewer", unitIds: [] });
    expect(
      await server.database.db
        .select()
        .from(membershipUnits)
        .where(eq(membershipUnits.userId, world.viewer.userId)),
    ).toHaveLength(0);
    const outsider = await call(server.app, world.admin, "PATCH", `${base}/${world.root.userId}`, {
      role: "viewer",
    });
    expect(outsider.json()).toEqual(NOT_FOUND);
    const stranger = await call(server.app, world.stranger, "PATCH", url, { role: "viewer" });
    expect(stranger.statusCode).toBe(403); // a viewer of mine since the previous test, not an admin
  });

  it("never leaves the institution without an admin (409), and removing a membership keeps the account", async () => {
    const lastAdmin = `${base}/${world.admin.userId}`;
    const demote = await call(server.app, world.admin, "PATCH", lastAdmin, { role: "viewer" });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().detail).toBe(
      "Es el último administrador de la institución: nombre otro administrador antes de cambiarle el rol.",
    );
    const remove = await call(server.app, world.admin, "DELETE", lastAdmin);
    expect(remove.statusCode).toBe(409);
    expect(remove.json().detail).toBe(
      "Es el último administrador de la institución: nombre otro administrador antes de quitarlo.",
    );

    expect(
      (await call(server.app, world.admin, "PATCH", `${base}/${world.planner.userId}`, { role: "admin" }))
        .statusCode,
    ).toBe(200);
    expect((await call(server.app, world.admin, "DELETE", lastAdmin)).statusCode).toBe(204);
    const [account] = await server.database.db.select().from(users).where(eq(users.id, world.admin.userId));
    expect(account?.active).toBe(true);
    expect((await call(server.app, world.admin, "GET", base)).json()).toEqual(NOT_FOUND);
  });

  it("two admins removing each other at once: one stays", async () => {
    const institution = await buildInstitution(server.database.db);
    const first = await loginAs(server.app, server.database.db, "admin", institution.slug);
    const second = await loginAs(server.app, server.database.db, "admin", institution.slug);
    const users = `/api/institutions/${institution.id}/users`;
    const answers = await Promise.all([
      call(server.app, first, "DELETE", `${users}/${second.userId}`),
      call(server.app, second, "DELETE", `${users}/${first.userId}`),
    ]);
    // The loser gets 409 (last admin) when both were authenticated before either removal
    // committed, or 404 when its own membership was already gone as its request arrived.
    const [won, lost] = answers.map((answer) => answer.statusCode).sort();
    expect(won).toBe(204);
    expect([404, 409]).toContain(lost);
    const admins = await server.database.db
      .select()
      .from(memberships)
      .where(and(eq(memberships.institutionId, institution.id), eq(memberships.role, "admin")));
    expect(admins).toHaveLength(1);
  });

  it("two admins inviting the same e-mail at once: one invitation, whose link is the later one", async () => {
    const email = "simultanea@satpiura.gob.pe";
    const answers = await Promise.all(
      (["viewer", "planner"] as const).map((role) =>
        call(server.app, world.root, "POST", base, { email, role }),
      ),
    );
    expect(answers.map((answer) => answer.statusCode)).toEqual([202, 202]);
    const rows = await invitationRows(email);
    expect(rows).toHaveLength(1);
    const works = await Promise.all(
      answers.map(async (answer) => {
        const shown = await server.app.inject({
          method: "GET",
          url: `/api/invitations/${tokenOf(answer.json().link)}`,
        });
        return shown.statusCode === 200 && shown.json().role === rows[0]?.role;
      }),
    );
    expect(works.filter(Boolean)).toHaveLength(1);
  });

  it("two accepts of one invitation at once: one account and membership, the other 404", async () => {
    const email = "doble.clic@satpiura.gob.pe";
    const invited = await call(server.app, world.root, "POST", base, { email, role: "viewer" });
    const token = tokenOf(invited.json().link);
    const answers = await Promise.all([
      acceptWithNewAccount(token, "Primera", "una clave bien larga 1"),
      acceptWithNewAccount(token, "Segunda", "una clave bien larga 2"),
    ]);
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([200, 404]);
    const accounts = await server.database.db.select().from(users).where(eq(users.email, email));
    expect(accounts).toHaveLength(1);
    expect((await membershipRows()).filter((row) => row.userId === accounts[0]?.id)).toHaveLength(1);
  });

  it("stores hostile names verbatim and returns them as inert JSON", async () => {
    for (const [index, name] of HOSTILE_TEXTS.entries()) {
      const created = await call(server.app, world.root, "POST", base, {
        email: `hostil${index}@ejemplo.pe`,
        name,
        role: "viewer",
      });
      expect(created.statusCode).toBe(202);
      expect(created.headers["content-type"]).toMatch(/^application\/json/);
      expect(created.json().invitation.name).toBe(name);
      const accepted = await acceptWithNewAccount(tokenOf(created.json().link), name, "una clave bien larga");
      expect(accepted.json().user.name).toBe(name);
    }
  });
});
