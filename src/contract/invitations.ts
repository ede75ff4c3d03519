/**
 * Invitations, from both sides. The admin's: the invitation made (`POST …/users`, its link shown
 * once), the pending ones (`GET …/invitations`), a revocation. The invited person's: what a link
 * invites to (`GET /api/invitations/{token}`), an account created with it, and the answer of a
 * logged-in person to an invitation to their e-mail (`/api/auth/invitations/{id}/…`).
 */
import { z } from "zod";
import { INVITATION_DAYS, NEW_ACCOUNT_PASSWORD_MIN, PASSWORD_MAX } from "../domain/accounts.js";
import { idParam, institutionParam, Problem, pageOf } from "./common.js";
import { strictBody, text } from "./fields.js";
import { Role } from "./roles.js";

/** An invitation as its admin sees it. */
export const Invitation = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().describe("As the admin wrote it; the person sets their own when they accept"),
  role: Role,
  unitIds: z.array(z.string()),
  createdAt: z.string(),
  expiresAt: z.string().describe(`${INVITATION_DAYS} days after it was made`),
});
export type Invitation = z.infer<typeof Invitation>;

export const InvitationPage = pageOf(Invitation);
export type InvitationPage = z.infer<typeof InvitationPage>;

export const Invited = z.object({
  invitation: Invitation,
  link: z
    .string()
    .describe("The link to pass on to the person (`/invitacion?token=…`): shown this once, never again"),
});
export type Invited = z.infer<typeof Invited>;

export const InstitutionInvitationParams = z.object({
  ...institutionParam,
  invitationId: idParam("Invitation id"),
});

export const InvitationTokenParams = z.object({
  token: z.string().max(100).describe("The token of the invitation link"),
});

export const InvitationIdParams = z.object({ id: z.string().max(100).describe("Invitation id") });

/** What an invitation link invites to, for whoever holds the link. */
export const InvitationOfLink = z.object({
  id: z.string(),
  institution: z.object({ id: z.string(), name: z.string() }),
  email: z.string().describe("The e-mail invited: the account it creates or the one that may accept"),
  name: z.string().describe("The name the admin wrote, to start the form with"),
  role: Role,
  expiresAt: z.string(),
});
export type InvitationOfLink = z.infer<typeof InvitationOfLink>;

export const NewAccountBody = strictBody({
  token: text(100),
  name: text(200),
  password: text(PASSWORD_MAX, { min: NEW_ACCOUNT_PASSWORD_MIN }),
});
export type NewAccountBody = z.infer<typeof NewAccountBody>;

export const InvitationGone = Problem.describe(
  "The invitation was used, declined, revoked or replaced by a newer one",
);
export const InvitationExpired = Problem.describe("The invitation expired");
