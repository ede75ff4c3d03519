/**
 * The invitations waiting for the logged-in person's answer (`GET /api/auth/me` lists them):
 * accept (they become a member and the institution is chosen) or decline.
 */
import { Button, Card, Group, Stack, Text, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { Membership, PendingInvitation } from "../../../src/contract/auth.js";
import { api } from "../api.js";
import { useI18n } from "../i18n/index.js";
import { meKey, useMe } from "../session.js";
import { institutionsKey, useWorkspace } from "../workspace.js";
import { ErrorAlert } from "./error-alert.js";

/** Accepting or declining one invitation; the session and the institutions are read again after. */
export function useAnswerInvitation(onAccepted: (institutionId: string) => void) {
  const client = useQueryClient();
  const refresh = () =>
    Promise.all([
      client.invalidateQueries({ queryKey: meKey }),
      client.invalidateQueries({ queryKey: institutionsKey }),
    ]);
  const accept = useMutation({
    mutationFn: (id: string) => api<Membership>(`/api/auth/invitations/${id}/accept`, { method: "POST" }),
    onSuccess: async (accepted) => {
      await refresh();
      onAccepted(accepted.institution.id);
    },
  });
  const decline = useMutation({
    mutationFn: (id: string) => api(`/api/auth/invitations/${id}/decline`, { method: "POST" }),
    onSuccess: refresh,
  });
  return { accept, decline };
}

function InvitationCard({ invitation }: { invitation: PendingInvitation }) {
  const { t, formatters } = useI18n();
  const { setInstitutionId } = useWorkspace();
  const { accept, decline } = useAnswerInvitation(setInstitutionId);
  const institution = invitation.institution.name;
  return (
    <Card withBorder>
      <Stack gap="xs">
        <Text>
          {t("home.invitationText", {
            institution,
            role: t(`users.role.${invitation.role}`),
            date: formatters().dateTime(invitation.expiresAt),
          })}
        </Text>
        <ErrorAlert error={accept.error ?? decline.error} />
        <Group>
          <Button
            aria-label={t("home.acceptOf", { institution })}
            loading={accept.isPending}
            onClick={() => accept.mutate(invitation.id)}
          >
            {t("home.accept")}
          </Button>
          <Button
            variant="default"
            aria-label={t("home.declineOf", { institution })}
            loading={decline.isPending}
            onClick={() => decline.mutate(invitation.id)}
          >
            {t("home.decline")}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

export function PendingInvitations() {
  const { t } = useI18n();
  const invitations = useMe().data?.invitations ?? [];
  if (invitations.length === 0) return null;
  return (
    <Stack component="section" aria-label={t("home.invitations")}>
      <Title order={2} size="h3">
        {t("home.invitations")}
      </Title>
      {invitations.map((invitation) => (
        <InvitationCard key={invitation.id} invitation={invitation} />
      ))}
    </Stack>
  );
}
