/**
 * An admin resets a member's password (`POST …/users/{userId}/password-reset`): a new generated
 * password shown once, the member's sessions and API tokens end, the login limiter forgets the
 * account, the audit keeps who and when (never the password). Refusals by role, institution,
 * oneself, super-admins and members of another institution.
 */
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "../../src/db/schema.js";
import { createApiToken } from "../../src/services/auth/create-api-token.js";
import { addUser } from "../../src/services/users/add-user.js";
import {
  auditCount,
  buildManagementWorld,
  call,
  type ManagementWorld,
  NOT_FOUND,
} from "../helpers/management-world.js";
import { type Client, loginAs, PASSWORD, setUpTestServer } from "../helpers/server.js";

const server = setUpTestServer();

let world: ManagementWorld;
let ips = 0;

beforeAll(async () => {
  world = await buildManagementWorld(server.app, server.database.db);
});

const resetUrl = (userId: string, institutionId = world.mine.id) =>
  `/api/institutions/${institutionId}/users/${userId}/password-reset`;

function login(email: string, password: string, ip = `10.77.0.${++ips}`) {
  return server.app.inject({
    method: "POST",
    url: "/api/auth/login",
    payload: { email, password },
    remoteAddress: ip,
  });
}

function me(client: Pick<Client, "cookies">) {
  return server.app.inject({ method: "GET", url: "/api/auth/me", cookies: client.cookies });
}

/** A fresh viewer of A, logged in (with PASSWORD). */
const freshViewer = () => loginAs(server.app, server.database.db, "viewer", world.mine.slug);

describe("an admin resets a member's password", () => {
  it("answers a new readable password once; the old one, the member's sessions and API tokens stop working", async () => {
    const viewer = await freshViewer();
    const otherSession = await login(viewer.email, PASSWORD);
    const { token } = await createApiToken(server.database.db, { userId: viewer.userId, name: "script" });
    const withToken = () =>
      server.app.inject({
        method: "GET",
        url: "/api/auth/me",
        headers: { authorization: `Bearer ${token}` },
      });
    expect((await withToken()).statusCode).toBe(200);

    const reset = await call(server.app, world.admin, "POST", resetUrl(viewer.userId));
    expect(reset.statusCode).toBe(200);
    expect(reset.headers["cache-control"]).toBe("no-store");
    const { password } = reset.json() as { password: string };
    expect(Object.keys(reset.json())).toEqual(["password"]);
    // Four groups of five letters and digits no one misreads: 23 characters.
    expect(password).toMatch(/^[a-hjkmnp-z2-9]{5}(-[a-hjkmnp-z2-9]{5}){3}$/);

    expect((await me(viewer)).statusCode).toBe(401);
    expect(
      (await me({ cookies: { avance_session: otherSession.cookies[0]?.value as string } })).statusCode,
    ).toBe(401);
    expect((await withToken()).statusCode).toBe(401);
    expect((await login(viewer.email, PASSWORD)).statusCode).toBe(401);
    const fresh = await login(viewer.email, password);
    expect(fresh.statusCode).toBe(200);
    expect(fresh.json().user.email).toBe(viewer.email);

    // The admin's own session goes on.
    expect((await me(world.admin)).statusCode).toBe(200);

    const rows = await server.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "password_reset"), eq(auditLog.entityId, viewer.userId)));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      institutionId: world.mine.id,
      userId: world.admin.userId,
      entity: "user",
      after: { email: viewer.email, sessionsClosed: 2, apiTokensRevoked: 1 },
    });
    expect(JSON.stringify(rows)).not.toContain(password);
  });

  it("gives a different password each time", async () => {
    const viewer = await freshViewer();
    const first = await call(server.app, world.admin, "POST", resetUrl(viewer.userId));
    const second = await call(server.app, world.admin, "POST", resetUrl(viewer.userId));
    expect(first.json().password).not.toBe(second.json().password);
    expect((await login(viewer.email, first.json().password)).statusCode).toBe(401);
    expect((await login(viewer.email, second.json().password)).statusCode).toBe(200);
  });

  it("lets a member locked out by failed logins in at once with the new password", async () => {
    const viewer = await freshViewer();
    const ip = "10.78.0.1";
    for (let attempt = 0; attempt < 5; attempt++) await login(viewer.email, "no-es-la-clave", ip);
    expect((await login(viewer.email, PASSWORD, ip)).statusCode).toBe(429);
    const reset = await call(server.app, world.admin, "POST", resetUrl(viewer.userId));
    expect((await login(viewer.email, reset.json().password, ip)).statusCode).toBe(200);
  });

  it("the member changes the given password for their own; the session they change it in stays", async () => {
    const viewer = await freshViewer();
    const { password } = (await call(server.app, world.admin, "POST", resetUrl(viewer.userId))).json();
    const given = await login(viewer.email, password);
    const client: Client = {
      ...viewer,
      cookies: { avance_session: given.cookies[0]?.value as string },
      headers: { "x-csrf-token": given.json().csrfToken as string },
    };
    const change = await call(server.app, client, "POST", "/api/auth/password", {
      currentPassword: password,
      newPassword: "mi-clave-propia-larga",
    });
    expect(change.statusCode).toBe(204);
    expect((await me(client)).statusCode).toBe(200);
    expect((await login(viewer.email, "mi-clave-propia-larga")).statusCode).toBe(200);
  });
});

describe("who may reset whose password", () => {
  it("refuses planners, editors and viewers (403), strangers (404) and the anonymous (401), writing nothing", async () => {
    const viewer = await freshViewer();
    const before = await auditCount(server.database.db, world.mine.id);
    for (const client of [world.planner, world.editor, world.viewer]) {
      const refused = await call(server.app, client, "POST", resetUrl(viewer.userId));
      expect(refused.statusCode).toBe(403);
      expect(refused.json().code).toBe("forbidden");
    }
    expect((await call(server.app, world.stranger, "POST", resetUrl(viewer.userId))).json()).toEqual(
      NOT_FOUND,
    );
    expect((await call(server.app, undefined, "POST", resetUrl(viewer.userId))).statusCode).toBe(401);
    expect(await auditCount(server.database.db, world.mine.id)).toBe(before);
    expect((await me(viewer)).statusCode).toBe(200);
    expect((await login(viewer.email, PASSWORD)).statusCode).toBe(200);
  });

  it("answers the same 404 for a user of another institution and for an unknown id", async () => {
    const theirs = await loginAs(server.app, server.database.db, "viewer", world.theirs.slug);
    const other = await call(server.app, world.admin, "POST", resetUrl(theirs.userId));
    expect(other.json()).toEqual(NOT_FOUND);
    const unknown = await call(
      server.app,
      world.admin,
      "POST",
      resetUrl("00000000-0000-4000-8000-000000000000"),
    );
    expect(unknown.json()).toEqual(NOT_FOUND);
    expect((await login(theirs.email, PASSWORD)).statusCode).toBe(200);
  });

  it("refuses an admin's own password (409): that is a change, with the current one", async () => {
    const own = await call(server.app, world.admin, "POST", resetUrl(world.admin.userId));
    expect(own.statusCode).toBe(409);
    expect(own.json()).toMatchObject({
      code: "password_reset_self",
      detail: "No puede restablecer su propia contraseña: cámbiela en «Mi cuenta» con la actual.",
    });
    expect((await me(world.admin)).statusCode).toBe(200);
  });

  it("leaves a super-admin and a member of another institution to the super-admin", async () => {
    const { db } = server.database;
    const root = await loginAs(server.app, db, "super-admin");
    await addUser(db, { email: root.email, role: "viewer", institution: world.mine.slug });
    const refusedRoot = await call(server.app, world.admin, "POST", resetUrl(root.userId));
    expect(refusedRoot.statusCode).toBe(403);
    expect(refusedRoot.json()).toMatchObject({
      code: "password_reset_super_admin",
      detail: "Solo un super-admin puede restablecer la contraseña de un super-admin.",
    });

    const both = await loginAs(server.app, db, "editor", world.theirs.slug);
    await addUser(db, { email: both.email, role: "viewer", institution: world.mine.slug });
    const refusedBoth = await call(server.app, world.admin, "POST", resetUrl(both.userId));
    expect(refusedBoth.statusCode).toBe(403);
    expect(refusedBoth.json()).toMatchObject({
      code: "password_reset_elsewhere",
      detail: `${both.email} también es miembro de otra institución: solo un super-admin puede restablecer su contraseña.`,
      params: { who: both.email },
    });
    expect((await login(both.email, PASSWORD)).statusCode).toBe(200);
    expect((await login(root.email, PASSWORD)).statusCode).toBe(200);

    // The super-admin resets anyone's, in any institution.
    const byRoot = await call(server.app, world.root, "POST", resetUrl(both.userId));
    expect(byRoot.statusCode).toBe(200);
    expect((await login(both.email, byRoot.json().password)).statusCode).toBe(200);
    const inTheirs = await call(server.app, world.root, "POST", resetUrl(both.userId, world.theirs.id));
    expect(inTheirs.statusCode).toBe(200);
  });
});
