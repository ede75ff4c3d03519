import type { Db } from "../../db/connection.js";
import { countUsers as count } from "../../db/users.js";

/** How many accounts the deployment has: none means the first administrator is still to be made. */
export function countUsers(db: Db): Promise<number> {
  return count(db);
}
