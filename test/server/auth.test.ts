import { createHash } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { apiTokens, auditLog, membershipUnits, sessions, users } from "../../src/db/schema.js";
import { verifyPassword } from "../../src/security/passwords.js";
import { buildApp } from "../../src/server/app.js";
import { addUser } from "../../src/services/users/add-user.js";
import { buildInstitution, buildUnit } from "../helpers/factories.js";
import { setUpTestServer } from "../helpers/server.js";

const server = setUpTestServer();

// The real argon2 verification, watched: a login must run it whether or not the email exists.
vi.mock("../../src/security/passwords.js", async (actual) => {
  const passwords = await actual<typeof import("../../src/security/passwords.js")>();
  return { ...passwords, verifyPassword: vi.fn(passwords.verifyPassword) };
});

const PASSWORD = "caballo-correcto-bateria";
const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");

const badCredentials = {
  type: "unauthorized",
  title: "Sesión requerida",
  status: 401,
  detail: "Correo o contraseña incorrectos.",
  code: "invalid_credentials",
};
const noSession = {
  type: "unauthorized",
  title: "Sesión requerida",
  status: 401,
  detail: "Inicie sesión para continuar.",
  code: "login_required",
};

let institution: { id: string; name: string; slug: string };
let unitId: string;
let ipCounter = 0;
/** A fresh client address, so that the per-IP login limit of one test does not leak into another. */
const freshIp = () => `10.0.0.${++ipCounter}`;

beforeAll(async () => {
  institution = await buildInstitution(server.database.db, { name: "Municipalidad de San Juan" });
  unitId = (await buildUnit(server.database.db, institution.id)).id;
});
let userCounter = 0;
async function newUser(role: "editor" | "viewer" | "super-admin" = "editor", password = PASSWORD) {
  const email = `persona${++userCounter}@sanjuan.gob.pe`;
  const user = await addUser(server.database.db, {
    email,
    role,
    password,
    name: `Persona ${userCounter}`,
    ...(role === "super-admin" ? {} : { institution: institution.slug }),
  });
  return { ...user, password };
}

async function login(email: string, password: string, ip = freshIp(), headers: Record<string, string> = {}) {
  const response = await server.app.inject({
    method: "POST",
    url: "/api/auth/login",
    payload: { email, password },
    remoteAddress: ip,
    headers,
  });
  const cookie = response.cookies.find((c) => c.name === "avance_session");
  const csrf = response.statusCode === 200 ? (response.json().csrfToken as string) : "";
  return { response, cookie: cookie?.value ?? "", csrf };
}

function me(cookie: string) {
  return server.app.inject({ method: "GET", url: "/api/auth/me", cookies: { avance_session: cookie } });
}

describe("login", () => {
  it("opens a session: user, memberships, CSRF token and a safe cookie", async () => {
    const user = await newUser("editor");
    await server.database.db
      .insert(membershipUnits)
      .values({ institutionId: institution.id, userId: user.id, unitId });

    const { response, cookie, csrf } = await login(`  ${user.email.toUpperCase()} `, PASSWORD, "10.9.9.9");
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      user: {
        id: user.id,
        email: user.email,
        name: "Persona 1",
        superAdmin: false,
        memberships: [
          {
            institution: { id: institution.id, name: "Municipalidad de San Juan", slug: institution.slug },
            role: "editor",
            unitIds: [unitId],
          },
        ],
      },
      csrfToken: expect.stringMatching(/^[\w-]{43}$/),
      invitations: [],
    });

    const setCookie = String(response.headers["set-cookie"]);
    expect(setCookie).toMatch(/^avance_session=[\w-]{43};/);
    expect(setCookie).toContain("HttpOnly");
    expect(setCookie).toContain("SameSite=Lax");
    expect(setCookie).toContain("Path=/");
    expect(setCookie).not.toContain("Secure");
    const attributes = response.cookies.find((c) => c.name === "avance_session");
    const lifetime = new Date(attributes?.expires ?? 0).getTime() - Date.now();
    expect(lifetime).toBeGreaterThan(29 * 24 * 3600 * 1000);
    expect(lifetime).toBeLessThanOrEqual(30 * 24 * 3600 * 1000);

    // Only the SHA-256 of the token is stored.
    const rows = await server.database.db.select().from(sessions).where(eq(sessions.userId, user.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.tokenHash).toBe(sha256(cookie));
    expect(JSON.stringify(rows)).not.toContain(cookie);
    expect(rows[0]?.ip).toBe("10.9.9.9");

    const [logged] = await server.database.db
      .select()
      .from(auditLog)
      .where(sql`${auditLog.action} = 'login' and ${auditLog.userId} = ${user.id}`);
    expect(logged).toMatchObject({ entity: "session", ip: "10.9.9.9", institutionId: null });
    expect(csrf).not.toBe(cookie);
  });

  it("answers a wrong password and an unknown email with the same 401", async () => {
    const user = await newUser();
    const ip = freshIp();
    const wrong = await login(user.email, "otra-clave-cualquiera", ip);
    const unknown = await login("nadie@sanjuan.gob.pe", PASSWORD, ip);
    expect(wrong.response.statusCode).toBe(401);
    expect(unknown.response.statusCode).toBe(401);
    expect(wrong.response.json()).toEqual(badCredentials);
    expect(unknown.response.json()).toEqual(badCredentials);
    expect(wrong.response.headers["set-cookie"]).toBeUndefined();

    const failures = await server.database.db
      .select()
      .from(auditLog)
      .where(sql`${auditLog.action} = 'login_failed' and ${auditLog.ip} = ${ip}`)
      .orderBy(auditLog.id);
    expect(failures.map((row) => row.after)).toEqual([
      { email: user.email },
      { email: "nadie@sanjuan.gob.pe" },
    ]);
    expect(failures[0]?.userId).toBe(user.id);
    expect(failures[1]?.userId).toBeNull();
    expect(JSON.stringify(failures)).not.toContain("otra-clave-cualquiera");
  });

  it("spends the same password-hashing time on unknown emails", async () => {
    // Asserted on the work, not the clock (timings flaked on a loaded machine): an unknown email
    // gets the same argon2id verification as a known one, against a hash of its own.
    const user = await newUser();
    const verified = vi.mocked(verifyPassword);
    for (const email of [user.email, "nadie@sanjuan.gob.pe"]) {
      verified.mockClear();
      await login(email, "otra-clave-cualquiera");
      expect(verified).toHaveBeenCalledTimes(1);
      expect(verified.mock.calls[0]?.[0]).toMatch(/^\$argon2id\$/);
      expect(await verified.mock.results[0]?.value).toBe(false);
    }
  });

  it("treats an SQL-injection-looking email as plain text", async () => {
    const before = await server.database.db.select({ id: users.id }).from(users);
    for (const email of ["' OR '1'='1' --", "x@y.pe'; DROP TABLE users; --", '" or 1=1 /*']) {
      const { response } = await login(email, "' OR '1'='1");
      expect(response.statusCode).toBe(401);
      expect(response.json()).toEqual(badCredentials);
    }
    expect(await server.database.db.select({ id: users.id }).from(users)).toHaveLength(before.length);
  });

  it("refuses a deactivated account, even with the right password", async () => {
    const user = await newUser();
    await server.database.db.update(users).set({ active: false }).where(eq(users.id, user.id));
    const { response } = await login(user.email, PASSWORD);
    expect(response.statusCode).toBe(403);
    expect(response.json()).toEqual({
      type: "forbidden",
      title: "Sin permiso",
      status: 403,
      detail: "Su cuenta está desactivada. Consulte con el administrador de su institución.",
      code: "account_inactive",
    });
    expect(response.headers["set-cookie"]).toBeUndefined();
  });

  it("ends the sessions of a user who is deactivated", async () => {
    const user = await newUser();
    const { cookie } = await login(user.email, PASSWORD);
    expect((await me(cookie)).statusCode).toBe(200);
    await server.database.db.update(users).set({ active: false }).where(eq(users.id, user.id));
    expect((await me(cookie)).statusCode).toBe(401);
  });

  it("refuses unknown fields, naming the field", async () => {
    const response = await server.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { email: "a@b.pe", password: PASSWORD, remember: true },
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers["content-type"]).toContain("application/problem+json");
    expect(response.json()).toEqual({
      type: "validation",
      title: "Solicitud no válida",
      status: 400,
      detail: "Campo no permitido: «remember».",
      field: "remember",
      code: "unknown_field",
      params: { fields: "remember" },
    });
  });

  it("says in Spanish which field is missing or malformed", async () => {
    const missing = await server.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { email: "a@b.pe" },
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toEqual({
      type: "validation",
      title: "Solicitud no válida",
      status: 400,
      detail: "Dato no válido en «password»: Es obligatorio.",
      field: "password",
      code: "invalid_field",
      params: { field: "password" },
    });
    const wrongType = await server.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { email: 42, password: PASSWORD },
    });
    expect(wrongType.json()).toMatchObject({
      detail: "Dato no válido en «email»: Debe ser un texto.",
      field: "email",
    });
    const notJson = await server.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: "email=a@b.pe&password=x",
      headers: { "content-type": "text/plain" },
    });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json()).toMatchObject({ detail: "Dato no válido: Envíe un objeto JSON." });
  });
});

describe("HTTPS behind a proxy", () => {
  it("marks the cookie Secure when a trusted proxy says https", async () => {
    const user = await newUser();
    vi.stubEnv("AVANCE_TRUST_PROXY", "true");
    const proxied = await buildApp({ database: server.database, version: "test" });
    vi.unstubAllEnvs();
    try {
      const response = await proxied.inject({
        method: "POST",
        url: "/api/auth/login",
        payload: { email: user.email, password: PASSWORD },
        headers: { "x-forwarded-proto": "https", "x-forwarded-for": "203.0.113.7" },
      });
      expect(response.statusCode).toBe(200);
      expect(String(response.headers["set-cookie"])).toMatch(/; Secure/);
      const [row] = await server.database.db
        .select({ ip: sessions.ip })
        .from(sessions)
        .where(eq(sessions.userId, user.id));
      expect(row?.ip).toBe("203.0.113.7");
    } finally {
      await proxied.close();
    }
  });

  it("ignores X-Forwarded-Proto when no proxy is trusted", async () => {
    const user = await newUser();
    const { response } = await login(user.email, PASSWORD, freshIp(), { "x-forwarded-proto": "https" });
    expect(response.statusCode).toBe(200);
    expect(String(response.headers["set-cookie"])).not.toContain("Secure");
  });
});

describe("sessions", () => {
  it("/me answers 401 without a session and the user with one", async () => {
    const anonymous = await server.app.inject({ method: "GET", url: "/api/auth/me" });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toEqual(noSession);
    expect((await me("no-es-una-sesion")).json()).toEqual(noSession);

    const user = await newUser("super-admin");
    const { cookie, csrf } = await login(user.email, PASSWORD);
    const response = await me(cookie);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      user: { id: user.id, email: user.email, name: expect.any(String), superAdmin: true, memberships: [] },
      csrfToken: csrf,
      invitations: [],
    });
  });

  it("logout ends the session and clears the cookie", async () => {
    const user = await newUser();
    const { cookie, csrf } = await login(user.email, PASSWORD);
    const response = await server.app.inject({
      method: "POST",
      url: "/api/auth/logout",
      cookies: { avance_session: cookie },
      headers: { "x-csrf-token": csrf },
    });
    expect(response.statusCode).toBe(204);
    expect(String(response.headers["set-cookie"])).toMatch(/^avance_session=;.*Expires=Thu, 01 Jan 1970/);
    expect((await me(cookie)).statusCode).toBe(401);
    expect(await server.database.db.select().from(sessions).where(eq(sessions.userId, user.id))).toEqual([]);
    const [logged] = await server.database.db
      .select()
      .from(auditLog)
      .where(sql`${auditLog.action} = 'logout' and ${auditLog.userId} = ${user.id}`);
    expect(logged?.ip).toBe("127.0.0.1");

    // Without a session there is nothing to end, and no error.
    expect((await server.app.inject({ method: "POST", url: "/api/auth/logout" })).statusCode).toBe(204);
  });

  it("logout-all ends every session of the user, and only theirs", async () => {
    const user = await newUser();
    const other = await newUser();
    const first = await login(user.email, PASSWORD);
    const second = await login(user.email, PASSWORD);
    const theirs = await login(other.email, PASSWORD);
    const response = await server.app.inject({
      method: "POST",
      url: "/api/auth/logout-all",
      cookies: { avance_session: first.cookie },
      headers: { "x-csrf-token": first.csrf },
    });
    expect(response.statusCode).toBe(204);
    expect((await me(first.cookie)).statusCode).toBe(401);
    expect((await me(second.cookie)).statusCode).toBe(401);
    expect((await me(theirs.cookie)).statusCode).toBe(200);
    const [logged] = await server.database.db
      .select()
      .from(auditLog)
      .where(sql`${auditLog.action} = 'logout_all' and ${auditLog.userId} = ${user.id}`);
    expect(logged?.after).toEqual({ sessions: 2 });
  });

  it("a new login from the same browser replaces its session", async () => {
    const user = await newUser();
    const first = await login(user.email, PASSWORD);
    const second = await server.app.inject({
      method: "POST",
      url: "/api/auth/login",
      cookies: { avance_session: first.cookie },
      payload: { email: user.email, password: PASSWORD },
    });
    expect(second.statusCode).toBe(200);
    expect((await me(first.cookie)).statusCode).toBe(401);
    const cookie = second.cookies.find((c) => c.name === "avance_session")?.value ?? "";
    expect((await me(cookie)).statusCode).toBe(200);
    expect(await server.database.db.select().from(sessions).where(eq(sessions.userId, user.id))).toHaveLength(
      1,
    );
  });

  it("expires a session idle for 12 hours or older than 30 days", async () => {
    const user = await newUser();
    const idle = await login(user.email, PASSWORD);
    const old = await login(user.email, PASSWORD);
    await server.database.db
      .update(sessions)
      .set({ lastSeenAt: new Date(Date.now() - 12 * 3600 * 1000 - 1000) })
      .where(eq(sessions.tokenHash, sha256(idle.cookie)));
    await server.database.db
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(sessions.tokenHash, sha256(old.cookie)));
    expect((await me(idle.cookie)).statusCode).toBe(401);
    expect((await me(old.cookie)).statusCode).toBe(401);
    expect(await server.database.db.select().from(sessions).where(eq(sessions.userId, user.id))).toEqual([]);
  });

  it("records activity at most once a minute", async () => {
    const user = await newUser();
    const { cookie } = await login(user.email, PASSWORD);
    const lastSeen = async () =>
      (
        await server.database.db
          .select()
          .from(sessions)
          .where(eq(sessions.tokenHash, sha256(cookie)))
      )[0]?.lastSeenAt;
    const atLogin = await lastSeen();
    await me(cookie);
    expect(await lastSeen()).toEqual(atLogin);
    const twoMinutesAgo = new Date(Date.now() - 120_000);
    await server.database.db
      .update(sessions)
      .set({ lastSeenAt: twoMinutesAgo })
      .where(eq(sessions.tokenHash, sha256(cookie)));
    await me(cookie);
    expect((await lastSeen())?.getTime()).toBeGreaterThan(twoMinutesAgo.getTime() + 60_000);
  });
});

describe("password change", () => {
  it("checks the current password, then closes the other sessions", async () => {
    const user = await newUser();
    const current = await login(user.email, PASSWORD);
    const other = await login(user.email, PASSWORD);
    const change = (payload: object) =>
      server.app.inject({
        method: "POST",
        url: "/api/auth/password",
        cookies: { avance_session: current.cookie },
        headers: { "x-csrf-token": current.csrf },
        payload,
      });

    const wrong = await change({ currentPassword: "no-es-la-clave", newPassword: "una-clave-nueva-larga" });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toEqual({
      type: "validation",
      title: "Solicitud no válida",
      status: 400,
      detail: "La contraseña actual no es correcta.",
      field: "currentPassword",
      code: "wrong_current_password",
    });
    const short = await change({ currentPassword: PASSWORD, newPassword: "corta" });
    expect(short.statusCode).toBe(400);
    expect(short.json()).toMatchObject({
      detail: "Dato no válido en «newPassword»: Debe tener al menos 10 caracteres.",
      field: "newPassword",
    });
    const same = await change({ currentPassword: PASSWORD, newPassword: PASSWORD });
    expect(same.json()).toMatchObject({
      detail: "La nueva contraseña debe ser distinta de la actual.",
      field: "newPassword",
    });

    const ok = await change({ currentPassword: PASSWORD, newPassword: "una-clave-nueva-larga" });
    expect(ok.statusCode).toBe(204);
    expect((await me(current.cookie)).statusCode).toBe(200);
    expect((await me(other.cookie)).statusCode).toBe(401);
    expect((await login(user.email, PASSWORD)).response.statusCode).toBe(401);
    expect((await login(user.email, "una-clave-nueva-larga")).response.statusCode).toBe(200);

    const logged = await server.database.db
      .select()
      .from(auditLog)
      .where(sql`${auditLog.action} like 'password_change%' and ${auditLog.userId} = ${user.id}`)
      .orderBy(auditLog.id);
    expect(logged.map((row) => row.action)).toEqual(["password_change_failed", "password_change"]);
    expect(logged[1]?.after).toEqual({ otherSessionsClosed: 1 });
    expect(JSON.stringify(logged)).not.toContain("una-clave-nueva-larga");
    expect(JSON.stringify(logged)).not.toContain(PASSWORD);
  });
});

describe("CSRF", () => {
  it("refuses a cookie-authenticated write without the token, accepts it with it", async () => {
    const user = await newUser();
    const { cookie, csrf } = await login(user.email, PASSWORD);
    const create = (headers: Record<string, string>) =>
      server.app.inject({
        method: "POST",
        url: "/api/auth/tokens",
        cookies: { avance_session: cookie },
        headers,
        payload: { name: "informe mensual" },
      });

    const missing = await create({});
    expect(missing.statusCode).toBe(403);
    expect(missing.json()).toEqual({
      type: "forbidden",
      title: "Sin permiso",
      status: 403,
      detail:
        "Falta el token CSRF: envíe el encabezado x-csrf-token que entregan el inicio de sesión y /api/auth/me.",
      code: "csrf_missing",
    });
    const wrong = await create({ "x-csrf-token": `${csrf.slice(0, -1)}x` });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json()).toMatchObject({
      detail: "El token CSRF no corresponde a esta sesión: obtenga el vigente con GET /api/auth/me.",
    });
    // Another session's token is no good either.
    const another = await login(user.email, PASSWORD);
    expect((await create({ "x-csrf-token": another.csrf })).statusCode).toBe(403);
    expect(await server.database.db.select().from(apiTokens).where(eq(apiTokens.userId, user.id))).toEqual(
      [],
    );

    expect((await create({ "x-csrf-token": csrf })).statusCode).toBe(201);
  });

  it("does not ask for it on reads", async () => {
    const user = await newUser();
    const { cookie } = await login(user.email, PASSWORD);
    const list = await server.app.inject({
      method: "GET",
      url: "/api/auth/tokens",
      cookies: { avance_session: cookie },
    });
    expect(list.statusCode).toBe(200);
    expect(list.json()).toEqual({ items: [] });
  });
});

describe("API tokens", () => {
  it("is shown once, stored hashed, and authenticates as the user without CSRF", async () => {
    const user = await newUser();
    const { cookie, csrf } = await login(user.email, PASSWORD);
    const created = await server.app.inject({
      method: "POST",
      url: "/api/auth/tokens",
      cookies: { avance_session: cookie },
      headers: { "x-csrf-token": csrf },
      payload: { name: "carga nocturna", expiresAt: "2099-12-31T23:59:59Z" },
    });
    expect(created.statusCode).toBe(201);
    const body = created.json();
    expect(body).toEqual({
      id: expect.any(String),
      name: "carga nocturna",
      prefix: body.token.slice(0, 8),
      createdAt: expect.any(String),
      expiresAt: "2099-12-31T23:59:59.000Z",
      lastUsedAt: null,
      token: expect.stringMatching(/^avk_[\w-]{43}$/),
    });
    const token = body.token as string;

    // Hashed at rest: no column of any row holds the token.
    const rows = await server.database.db.select().from(apiTokens).where(eq(apiTokens.userId, user.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.tokenHash).toBe(sha256(token));
    expect(JSON.stringify(rows)).not.toContain(token.slice(8));
    const audited = await server.database.db.select().from(auditLog).where(eq(auditLog.userId, user.id));
    expect(JSON.stringify(audited)).not.toContain(token.slice(8));
    expect(audited.find((row) => row.entity === "api_token")).toMatchObject({
      action: "create",
      entityId: body.id,
      after: { name: "carga nocturna", expiresAt: "2099-12-31T23:59:59.000Z" },
    });

    // Listed without the secret.
    const list = await server.app.inject({
      method: "GET",
      url: "/api/auth/tokens",
      cookies: { avance_session: cookie },
    });
    expect(list.json()).toEqual({ items: [{ ...body, token: undefined }] });
    expect(list.body).not.toContain(token.slice(8));

    // Authenticates as the user.
    const bearer = { authorization: `Bearer ${token}` };
    const viaToken = await server.app.inject({ method: "GET", url: "/api/auth/me", headers: bearer });
    expect(viaToken.statusCode).toBe(200);
    expect(viaToken.json()).toMatchObject({ user: { id: user.id, email: user.email }, csrfToken: null });
    const [used] = await server.database.db.select().from(apiTokens).where(eq(apiTokens.id, body.id));
    expect(used?.lastUsedAt).toBeInstanceOf(Date);

    // Writes need no CSRF token with a bearer token.
    const logoutAll = await server.app.inject({
      method: "POST",
      url: "/api/auth/logout-all",
      headers: bearer,
    });
    expect(logoutAll.statusCode).toBe(204);
    expect((await me(cookie)).statusCode).toBe(401);

    // A token cannot mint tokens.
    const minted = await server.app.inject({
      method: "POST",
      url: "/api/auth/tokens",
      headers: bearer,
      payload: { name: "otro" },
    });
    expect(minted.statusCode).toBe(403);
    expect(minted.json()).toMatchObject({
      detail: "Esta acción requiere una sesión iniciada con contraseña; un token de API no puede realizarla.",
    });

    // Revoked: it stops working at once.
    const revoked = await server.app.inject({
      method: "DELETE",
      url: `/api/auth/tokens/${body.id}`,
      headers: bearer,
    });
    expect(revoked.statusCode).toBe(204);
    const after = await server.app.inject({ method: "GET", url: "/api/auth/me", headers: bearer });
    expect(after.statusCode).toBe(401);
    expect(after.json()).toEqual({
      type: "unauthorized",
      title: "Sesión requerida",
      status: 401,
      detail: "El token de API no es válido, expiró o fue revocado.",
      code: "invalid_api_token",
    });
    const deletion = await server.database.db
      .select()
      .from(auditLog)
      .where(sql`${auditLog.entity} = 'api_token' and ${auditLog.action} = 'delete'`);
    expect(deletion.find((row) => row.entityId === body.id)?.before).toEqual({ name: "carga nocturna" });
  });

  it("refuses unknown, malformed and expired tokens with 401", async () => {
    for (const authorization of [
      "Bearer avk_nope",
      "Bearer ",
      "Basic dXNlcjpwYXNz",
      `Bearer ${"x".repeat(47)}`,
    ]) {
      const response = await server.app.inject({
        method: "GET",
        url: "/api/auth/me",
        headers: { authorization },
      });
      expect(response.statusCode).toBe(401);
    }
    const user = await newUser();
    const { cookie, csrf } = await login(user.email, PASSWORD);
    const created = await server.app.inject({
      method: "POST",
      url: "/api/auth/tokens",
      cookies: { avance_session: cookie },
      headers: { "x-csrf-token": csrf },
      payload: { name: "corta vida" },
    });
    const { id, token } = created.json();
    await server.database.db
      .update(apiTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(apiTokens.id, id));
    const response = await server.app.inject({
      method: "GET",
      url: "/api/auth/me",
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.statusCode).toBe(401);
  });

  it("validates the name and expiry, and keeps users' tokens apart", async () => {
    const owner = await newUser();
    const intruder = await newUser();
    const ownerSession = await login(owner.email, PASSWORD);
    const intruderSession = await login(intruder.email, PASSWORD);
    const create = (payload: object) =>
      server.app.inject({
        method: "POST",
        url: "/api/auth/tokens",
        cookies: { avance_session: ownerSession.cookie },
        headers: { "x-csrf-token": ownerSession.csrf },
        payload,
      });
    expect((await create({ name: "" })).json()).toMatchObject({
      status: 400,
      detail: "Dato no válido en «name»: No puede estar vacío.",
      field: "name",
    });
    expect((await create({ name: "x", expiresAt: "mañana" })).json()).toMatchObject({
      status: 400,
      detail: "Dato no válido en «expiresAt»: Use una fecha y hora ISO 8601, p. ej. 2027-01-31T23:59:59Z.",
      field: "expiresAt",
    });
    expect((await create({ name: "x", expiresAt: "2001-01-01T00:00:00Z" })).json()).toMatchObject({
      status: 400,
      detail: "La fecha de expiración debe ser futura.",
      field: "expiresAt",
    });
    expect((await create({ name: "x", scope: "todo" })).json()).toMatchObject({
      status: 400,
      field: "scope",
    });

    const { id } = (await create({ name: "del dueño" })).json();
    const steal = await server.app.inject({
      method: "DELETE",
      url: `/api/auth/tokens/${id}`,
      cookies: { avance_session: intruderSession.cookie },
      headers: { "x-csrf-token": intruderSession.csrf },
    });
    expect(steal.statusCode).toBe(404);
    expect(steal.json()).toEqual({
      type: "not_found",
      title: "No encontrado",
      status: 404,
      detail: "No existe ese token de API.",
      code: "api_token_not_found",
    });
    const garbage = await server.app.inject({
      method: "DELETE",
      url: "/api/auth/tokens/no-es-un-uuid",
      cookies: { avance_session: ownerSession.cookie },
      headers: { "x-csrf-token": ownerSession.csrf },
    });
    expect(garbage.statusCode).toBe(404);
    const intruderList = await server.app.inject({
      method: "GET",
      url: "/api/auth/tokens",
      cookies: { avance_session: intruderSession.cookie },
    });
    expect(intruderList.json()).toEqual({ items: [] });
    expect(await server.database.db.select().from(apiTokens).where(eq(apiTokens.id, id))).toHaveLength(1);
  });

  it("needs a session to list or delete tokens", async () => {
    expect((await server.app.inject({ method: "GET", url: "/api/auth/tokens" })).json()).toEqual(noSession);
    const response = await server.app.inject({
      method: "DELETE",
      url: "/api/auth/tokens/00000000-0000-4000-8000-000000000000",
    });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual(noSession);
  });
});

describe("brute force", () => {
  const tooMany = {
    type: "rate_limited",
    title: "Demasiados intentos",
    status: 429,
    detail: "Demasiados intentos fallidos de inicio de sesión. Vuelva a intentarlo en 15 minutos.",
    code: "too_many_attempts",
    params: { minutes: 15 },
  };

  it("refuses an account after 5 failures in 15 minutes, from any IP", async () => {
    const user = await newUser();
    const other = await newUser();
    for (let i = 0; i < 5; i++) {
      expect((await login(user.email, `intento-${i}-equivocado`, freshIp())).response.statusCode).toBe(401);
    }
    const blocked = await login(user.email, PASSWORD, freshIp());
    expect(blocked.response.statusCode).toBe(429);
    expect(blocked.response.json()).toEqual(tooMany);
    const retryAfter = Number(blocked.response.headers["retry-after"]);
    expect(retryAfter).toBeGreaterThan(890);
    expect(retryAfter).toBeLessThanOrEqual(900);
    expect(blocked.response.headers["set-cookie"]).toBeUndefined();
    // Other accounts are unaffected.
    expect((await login(other.email, PASSWORD)).response.statusCode).toBe(200);
  });

  it("refuses an IP after 20 failures in 15 minutes, whatever the account", async () => {
    const user = await newUser();
    const ip = freshIp();
    for (let i = 0; i < 20; i++) {
      expect((await login(`adivinanza${i}@sanjuan.gob.pe`, "clave-equivocada", ip)).response.statusCode).toBe(
        401,
      );
    }
    const blocked = await login(user.email, PASSWORD, ip);
    expect(blocked.response.statusCode).toBe(429);
    expect(blocked.response.json()).toEqual(tooMany);
    expect((await login(user.email, PASSWORD, freshIp())).response.statusCode).toBe(200);
  });

  it("counts wrong current passwords on the password change as failures", async () => {
    const user = await newUser();
    const { cookie, csrf } = await login(user.email, PASSWORD);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const response = await server.app.inject({
        method: "POST",
        url: "/api/auth/password",
        cookies: { avance_session: cookie },
        headers: { "x-csrf-token": csrf },
        payload: { currentPassword: `adivino-${i}-clave`, newPassword: "una-clave-nueva-larga" },
      });
      statuses.push(response.statusCode);
    }
    expect(statuses).toEqual([400, 400, 400, 400, 400, 429]);
  });
});
