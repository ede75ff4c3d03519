import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, users } from "../../src/db/schema.js";
import { countUsers } from "../../src/db/users.js";
import { FirstRunSetup } from "../../src/server/first-run.js";
import { setUpTestServer } from "../helpers/server.js";

const setup = new FirstRunSetup();
const token = setup.issue();
const server = setUpTestServer({ app: { setup } });

const post = (body: object) =>
  server.app.inject({ method: "POST", url: "/api/setup", payload: body, remoteAddress: "10.9.8.7" });
const admin = { email: "Jefa.Planeamiento@sat.gob.pe", name: "Rosa Quispe", password: "una clave muy larga" };

describe("first run: /api/setup", () => {
  it("says setup is needed on an empty database", async () => {
    expect((await server.app.inject({ method: "GET", url: "/api/setup" })).json()).toEqual({ needed: true });
  });

  it("refuses a wrong token with 403 and creates nobody", async () => {
    const response = await post({ ...admin, token: "x".repeat(43) });
    expect(response.statusCode).toBe(403);
    expect(response.json().detail).toContain("no es válido o ya se usó");
    expect(await countUsers(server.database.db)).toBe(0);
  });

  it("refuses a password under 12 characters or a bad email, naming the field, and keeps the link", async () => {
    const short = await post({ ...admin, token, password: "once-letras" });
    expect(short.statusCode).toBe(400);
    expect(short.json()).toMatchObject({ field: "password" });
    expect(short.json().detail).toContain("al menos 12 caracteres");
    const email = await post({ ...admin, token, email: "rosa-en-sat" });
    expect(email.statusCode).toBe(400);
    expect(email.json()).toMatchObject({ field: "email", detail: "«rosa-en-sat» no es un correo válido." });
    expect((await post({ ...admin, token, role: "admin" })).json()).toMatchObject({
      status: 400,
      field: "role",
    });
    expect(await countUsers(server.database.db)).toBe(0);
  });

  it("creates the first super-admin with an argon2id hash and logs them in", async () => {
    const response = await post({ ...admin, token });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.user).toMatchObject({
      email: "jefa.planeamiento@sat.gob.pe",
      name: "Rosa Quispe",
      superAdmin: true,
    });
    expect(body.csrfToken).toEqual(expect.any(String));
    const session = response.cookies.find((cookie) => cookie.name === "avance_session");
    expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });

    const me = await server.app.inject({
      method: "GET",
      url: "/api/auth/me",
      cookies: { avance_session: session?.value as string },
    });
    expect(me.json()).toMatchObject({
      user: { email: "jefa.planeamiento@sat.gob.pe" },
      csrfToken: body.csrfToken,
    });

    const [row] = await server.database.db.select().from(users);
    expect(row?.passwordHash).toMatch(/^\$argon2id\$/);
    const entries = await server.database.db.select().from(auditLog).where(eq(auditLog.userId, body.user.id));
    expect(entries.map((entry) => entry.action).sort()).toEqual(["login"]);
    const created = await server.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.entityId, body.user.id));
    expect(created.find((entry) => entry.action === "create")).toMatchObject({
      entity: "user",
      ip: "10.9.8.7",
    });
  });

  it("is over once there is a user: 409, even with the token, and needed is false", async () => {
    const again = await post({ ...admin, token, email: "otro@sat.gob.pe" });
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toContain("ya tiene usuarios");
    expect(await countUsers(server.database.db)).toBe(1);
    expect((await server.app.inject({ method: "GET", url: "/api/setup" })).json()).toEqual({ needed: false });
  });
});

describe("FirstRunSetup", () => {
  it("takes a token once; a released claim can be taken again; nothing before issue", () => {
    const setup = new FirstRunSetup();
    expect(setup.take("cualquiera")).toBeUndefined();
    const issued = setup.issue();
    const claim = setup.take(issued);
    expect(claim).toBeDefined();
    expect(setup.take(issued)).toBeUndefined();
    claim?.release();
    expect(setup.take(issued)).toBeDefined();
  });
});
