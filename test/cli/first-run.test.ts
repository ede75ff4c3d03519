/** `avance serve` on an empty installation: the first administrator, never a default password. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { countUsers } from "../../src/db/users.js";
import { serve } from "../../src/server/serve.js";

const roots: string[] = [];
afterEach(async () => {
  for (const root of roots.splice(0)) await rm(root, { recursive: true, force: true });
});

async function start(env: Record<string, string>) {
  const root = await mkdtemp(join(tmpdir(), "avance-first-run-"));
  roots.push(root);
  const printed: string[] = [];
  const write = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    printed.push(String(chunk));
    return true;
  });
  try {
    const running = await serve({
      port: 0,
      host: "127.0.0.1",
      env: { AVANCE_DATA_DIR: root, LOG_LEVEL: "silent", ...env },
    });
    return { ...running, printed: printed.join("") };
  } finally {
    write.mockRestore();
  }
}

describe("first run of avance serve", () => {
  it("without AVANCE_ADMIN_*, prints a one-time setup link that creates the first super-admin", async () => {
    const { app, database, printed } = await start({});
    try {
      expect(await countUsers(database.db)).toBe(0);
      const link = /http:\/\/127\.0\.0\.1:\d+\/setup\?token=([A-Za-z0-9_-]{43})/.exec(printed);
      expect(link).not.toBeNull();
      expect(printed).not.toMatch(/contraseña inicial/i);
      const body = {
        token: link?.[1],
        email: "admin@sat.gob.pe",
        name: "Admin",
        password: "una clave muy larga",
      };
      const created = await app.inject({ method: "POST", url: "/api/setup", payload: body });
      expect(created.statusCode).toBe(200);
      expect(created.json().user).toMatchObject({ email: "admin@sat.gob.pe", superAdmin: true });
      const again = await app.inject({ method: "POST", url: "/api/setup", payload: body });
      expect(again.statusCode).toBe(409);
    } finally {
      await app.close();
      await database.close();
    }
  });

  it("with AVANCE_ADMIN_EMAIL and AVANCE_ADMIN_PASSWORD, creates that administrator and prints no link", async () => {
    const { app, database, printed } = await start({
      AVANCE_ADMIN_EMAIL: "Jefe@SAT.gob.pe",
      AVANCE_ADMIN_PASSWORD: "otra clave bien larga",
    });
    try {
      expect(printed).not.toContain("/setup?token=");
      expect(printed).toContain("Inicie sesión con su correo y contraseña");
      const login = await app.inject({
        method: "POST",
        url: "/api/auth/login",
        payload: { email: "jefe@sat.gob.pe", password: "otra clave bien larga" },
      });
      expect(login.statusCode).toBe(200);
      expect(login.json().user.superAdmin).toBe(true);
      expect((await app.inject({ method: "GET", url: "/api/setup" })).json()).toEqual({ needed: false });
    } finally {
      await app.close();
      await database.close();
    }
  });
});
