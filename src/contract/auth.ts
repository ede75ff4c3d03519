/**
 * `/api/auth/*`: the login, the user of the session with their memberships and the invitations
 * waiting for their answer (`Me`, also the answer of setup and of an invitation accepted with a
 * new account), the password change and the API tokens.
 */
import { z } from "zod";
import { PASSWORD_MAX, PASSWORD_MIN } from "../domain/accounts.js";
import { DATE_RANGE_MESSAGE, storableDate, strictBody, text } from "./fields.js";
import { Role } from "./roles.js";

export const Membership = z.object({
  institution: z.object({ id: z.string(), name: z.string(), slug: z.string() }),
  role: Role,
  unitIds: z.array(z.string()),
});
export type Membership = z.infer<typeof Membership>;

export const User = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  superAdmin: z.boolean(),
  memberships: z.array(Membership),
});
export type User = z.infer<typeof User>;

/** An invitation waiting for the user's answer (`POST /api/auth/invitations/{id}/accept`). */
export const PendingInvitation = z.object({
  id: z.string(),
  institution: z.object({ id: z.string(), name: z.string() }),
  role: Role,
  expiresAt: z.string(),
});
export type PendingInvitation = z.infer<typeof PendingInvitation>;

export const Me = z.object({
  user: User,
  csrfToken: z
    .string()
    .nullable()
    .describe("Send it in the x-csrf-token header on every write of this session; null with an API token"),
  invitations: z
    .array(PendingInvitation)
    .describe("Invitations to the user's e-mail waiting for their answer, unexpired"),
});
export type Me = z.infer<typeof Me>;

export const LoginBody = strictBody({ email: text(320), password: text(PASSWORD_MAX) });
export type LoginBody = z.infer<typeof LoginBody>;

export const PasswordChangeBody = strictBody({
  currentPassword: text(PASSWORD_MAX),
  newPassword: text(PASSWORD_MAX, { min: PASSWORD_MIN }),
});
export type PasswordChangeBody = z.infer<typeof PasswordChangeBody>;

export const ApiToken = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string().describe("The first characters of the token, to recognise it"),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});
export type ApiToken = z.infer<typeof ApiToken>;

export const NewApiToken = ApiToken.extend({
  token: z.string().describe("The secret: shown this once, never again"),
});

export type NewApiToken = z.infer<typeof NewApiToken>;

export const ApiTokenList = z.object({ items: z.array(ApiToken) });
export type ApiTokenList = z.infer<typeof ApiTokenList>;

export const NewApiTokenBody = strictBody({
  name: text(100),
  expiresAt: z.iso
    .datetime({ offset: true, error: "Use una fecha y hora ISO 8601, p. ej. 2027-01-31T23:59:59Z." })
    .refine((value) => storableDate(new Date(value)), DATE_RANGE_MESSAGE)
    .optional(),
});
export type NewApiTokenBody = z.infer<typeof NewApiTokenBody>;

export const ApiTokenParams = z.object({ id: z.string() });
