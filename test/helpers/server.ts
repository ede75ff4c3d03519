/**
 * Route tests' server: a fresh database and app for each test file, and logged-in clients (a
 * fresh user with a role, and the headers to act as them).
 */
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll } from "vitest";
import type { Database, Db } from "../../src/db/connection.js";
import { type AppOptions, buildApp } from "../../src/server/app.js";
import { addUser } from "../../src/services/users/add-user.js";
import type { UserRole } from "../../src/services/users/user-roles.js";
import { openTestDatabase } from "./database.js";
import { buildInstitution } from "./factories.js";

/** The password of every user `loginAs` makes (to log them in again). */
export const PASSWORD = "contraseña-de-prueba-larga";
let counter = 0;

export type Client = {
  userId: string;
  email: string;
  headers: Record<string, string>;
  cookies: Record<string, string>;
};

export async function loginAs(
  app: FastifyInstance,
  db: Db,
  role: UserRole,
  institution?: string,
): Promise<Client> {
  const email = `usuario${++counter}-${process.pid}@ejemplo.gob.pe`;
  const user = await addUser(db, {
    email,
    role,
    password: PASSWORD,
    ...(institution ? { institution } : {}),
  });
  const response = await app.inject({
    method: "POST",
    url: "/api/auth/login",
    payload: { email, password: PASSWORD },
    remoteAddress: `10.1.${Math.floor(counter / 250)}.${counter % 250}`,
  });
  if (response.statusCode !== 200) throw new Error(`login failed: ${response.body}`);
  const session = response.cookies.find((cookie) => cookie.name === "avance_session")?.value as string;
  return {
    userId: user.id,
    email,
    cookies: { avance_session: session },
    headers: { "x-csrf-token": response.json().csrfToken as string },
  };
}

/** What `setUpTestServer` opens; its fields are filled in by the file's first `beforeAll`. */
export type TestServer = { database: Database; app: FastifyInstance; origin: string };

/**
 * A database of this file's own (nothing left by another file's tests) and an app on it, opened
 * before the file's tests and closed after them. With `listen` the app also listens on a free
 * port (`origin`, for `fetch`), so on PostgreSQL simultaneous requests run on separate pooled
 * connections and truly overlap, which `app.inject` in one process does not show.
 */
export function setUpTestServer(
  options: { listen?: boolean; app?: Omit<Partial<AppOptions>, "database"> } = {},
): TestServer {
  const server = { origin: "" } as TestServer;
  beforeAll(async () => {
    server.database = await openTestDatabase();
    server.app = await buildApp({ version: "test", ...options.app, database: server.database });
    if (options.listen) server.origin = await server.app.listen({ port: 0, host: "127.0.0.1" });
  });
  afterAll(async () => {
    await server.app?.close();
    await server.database?.close();
  });
  return server;
}

/** An institution named `name` and a logged-in planner of it, made once `server` is open. */
export function setUpPlanner(server: TestServer, name: string) {
  const made = {} as { institution: Awaited<ReturnType<typeof buildInstitution>>; planner: Client };
  beforeAll(async () => {
    made.institution = await buildInstitution(server.database.db, { name });
    made.planner = await loginAs(server.app, server.database.db, "planner", made.institution.slug);
  });
  return made;
}
