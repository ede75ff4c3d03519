/** `/api/setup`: whether the first administrator is still to be created, and its creation. */
import { z } from "zod";
import { NEW_ACCOUNT_PASSWORD_MIN, PASSWORD_MAX } from "../domain/accounts.js";
import { strictBody, text } from "./fields.js";

export const SetupState = z.object({
  needed: z.boolean().describe("true: the installation has no user yet"),
});
export type SetupState = z.infer<typeof SetupState>;

export const FirstAdminBody = strictBody({
  token: text(100).describe("The one-time token of the link the console printed"),
  email: text(320),
  name: text(200),
  password: text(PASSWORD_MAX, { min: NEW_ACCOUNT_PASSWORD_MIN }),
});
export type FirstAdminBody = z.infer<typeof FirstAdminBody>;
