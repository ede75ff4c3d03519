import type { Db } from "../../db/connection.js";
import type { Auth } from "./caller.js";
import { type Me, meOf } from "./me.js";

/** `/api/auth/me`: the caller, the session's CSRF token (none with an API token), their invitations. */
export function whoAmI(db: Db, auth: Auth): Promise<Me> {
  return meOf(db, auth, auth.credential.kind === "session" ? auth.credential.csrfToken : null);
}
