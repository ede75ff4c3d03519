/** A logged-in client for route tests: a fresh user with a role, and the headers to act as them. */
import type { FastifyInstance } from "fastify";
import type { Db } from "../../src/db/connection.js";
import { addUser, type UserRole } from "../../src/db/users.js";

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
