import type { Db } from "../../db/connection.js";
import { countUsers } from "../../db/users.js";
import { addUser } from "./add-user.js";

/** First run: an empty database gets its first administrator from the environment, if given. */
export async function ensureFirstAdmin(db: Db, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const email = env.AVANCE_ADMIN_EMAIL;
  const password = env.AVANCE_ADMIN_PASSWORD;
  if (!email || !password || (await countUsers(db)) > 0) return undefined;
  await addUser(db, { email, password, role: "super-admin" });
  return email.toLowerCase();
}
