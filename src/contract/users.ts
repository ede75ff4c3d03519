/**
 * The members of an institution (`/api/institutions/{institutionId}/users`, admins): the list, the
 * invitation of a person (its answer is in invitations.ts), a change of role or units.
 */
import { z } from "zod";
import { idParam, institutionParam, pageOf } from "./common.js";
import { strictBody, text } from "./fields.js";
import { Role } from "./roles.js";

export const MemberParams = z.object({ ...institutionParam, userId: idParam("User id") });

const unitIds = z
  .array(z.string().max(100), { error: "Envíe una lista de ids de unidades." })
  .max(500, "Admite como máximo 500 unidades.")
  .transform((ids) => ids.map((id) => id.toLowerCase()));

export const InviteMemberBody = strictBody({
  email: z.email({ error: "Escriba un correo válido, p. ej. nombre@institucion.gob.pe." }).max(254),
  name: text(200, { min: 0 }).optional(),
  role: Role,
  unitIds: unitIds.optional(),
});
export type InviteMemberBody = z.infer<typeof InviteMemberBody>;

export const MemberChangeBody = strictBody({ role: Role.optional(), unitIds: unitIds.optional() });
export type MemberChangeBody = z.infer<typeof MemberChangeBody>;

export const Member = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  active: z.boolean().describe("false: the account may not log in"),
  role: Role,
  unitIds: z.array(z.string()).describe("The units of an editor; empty for other roles"),
  since: z.string().describe("When they became a member"),
});
export type Member = z.infer<typeof Member>;

export const MemberPage = pageOf(Member);
export type MemberPage = z.infer<typeof MemberPage>;

/** `POST …/users/{userId}/password-reset` (empty body): the new password, shown this once. */
export const PasswordReset = z.object({
  password: z
    .string()
    .describe("The member's new password: shown this once, never stored in clear; give it to them"),
});
export type PasswordReset = z.infer<typeof PasswordReset>;
