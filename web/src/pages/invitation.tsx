/**
 * The invitation link (`/invitacion?token=…`), signed in or not: what it invites to, then either
 * a new account (name and the person's own password) or, for someone who has an account, the
 * login and «Aceptar». The page says the same whatever the e-mail is: it never knows, and never
 * tells, whether the e-mail has an account.
 */
import { Alert, Button, Group, SegmentedControl, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import type { Me } from "../../../src/contract/auth.js";
import type { InvitationOfLink } from "../../../src/contract/invitations.js";
import { api, setCsrfToken } from "../api.js";
import { ErrorAlert } from "../components/error-alert.js";
import { NewPasswordInput } from "../components/new-password-input.js";
import { useAnswerInvitation } from "../components/pending-invitations.js";
import { PublicFrame } from "../components/public-frame.js";
import { useI18n } from "../i18n/index.js";
import { navigate, useRoute } from "../router.js";
import { meKey } from "../session.js";
import { rememberInstitution } from "../workspace.js";
import { LoginForm, useSignIn } from "./login.js";

function Summary({ invitation }: { invitation: InvitationOfLink }) {
  const { t, formatters } = useI18n();
  return (
    <Table variant="vertical" withTableBorder>
      <Table.Tbody>
        <Table.Tr>
          <Table.Th w={160}>{t("invitation.email")}</Table.Th>
          <Table.Td>{invitation.email}</Table.Td>
        </Table.Tr>
        <Table.Tr>
          <Table.Th>{t("invitation.role")}</Table.Th>
          <Table.Td>{t(`users.role.${invitation.role}`)}</Table.Td>
        </Table.Tr>
        <Table.Tr>
          <Table.Th>{t("invitation.expires")}</Table.Th>
          <Table.Td>{formatters().dateTime(invitation.expiresAt)}</Table.Td>
        </Table.Tr>
      </Table.Tbody>
    </Table>
  );
}

/** A new person: their name and password create the account, which enters the institution. */
function NewAccount({ token, invitation }: { token: string; invitation: InvitationOfLink }) {
  const { t } = useI18n();
  const [name, setName] = useState(invitation.name);
  const [password, setPassword] = useState("");
  const create = useSignIn("/api/invitations/accept");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { token, name, password },
      {
        onSuccess: () => {
          rememberInstitution(invitation.institution.id);
          navigate("/", { replace: true });
        },
      },
    );
  };
  return (
    <form onSubmit={submit} aria-label={t("invitation.create")}>
      <Stack>
        <Text>{t("invitation.newIntro")}</Text>
        <ErrorAlert error={create.error} />
        <TextInput
          label={t("invitation.name")}
          required
          autoComplete="name"
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
        />
        <NewPasswordInput value={password} onChange={setPassword} />
        <Button type="submit" loading={create.isPending}>
          {t("invitation.create")}
        </Button>
      </Stack>
    </form>
  );
}

/** Signed in: accept or decline, if the invitation is for this account's e-mail. */
function Answer({ invitation, me }: { invitation: InvitationOfLink; me: Me }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const [declined, setDeclined] = useState(false);
  const { accept, decline } = useAnswerInvitation((institutionId) => {
    rememberInstitution(institutionId);
    navigate("/", { replace: true });
  });
  if (declined) {
    return (
      <Stack>
        <Alert role="status" variant="outline">
          {t("invitation.declined", { institution: invitation.institution.name })}
        </Alert>
        <Group>
          <Button onClick={() => navigate("/", { replace: true })}>{t("invitation.goHome")}</Button>
        </Group>
      </Stack>
    );
  }
  if (me.user.email !== invitation.email) {
    const logout = async () => {
      await api("/api/auth/logout", { method: "POST" }).catch(() => undefined);
      setCsrfToken(null);
      client.setQueryData(meKey, null);
    };
    return (
      <Stack>
        <Alert variant="outline" color="gray">
          {t("invitation.otherAccount", { email: invitation.email, current: me.user.email })}
        </Alert>
        <Group>
          <Button variant="default" onClick={logout}>
            {t("invitation.logout")}
          </Button>
        </Group>
      </Stack>
    );
  }
  return (
    <Stack>
      <ErrorAlert error={accept.error ?? decline.error} />
      <Group>
        <Button loading={accept.isPending} onClick={() => accept.mutate(invitation.id)}>
          {t("invitation.accept")}
        </Button>
        <Button
          variant="default"
          loading={decline.isPending}
          onClick={() => decline.mutate(invitation.id, { onSuccess: () => setDeclined(true) })}
        >
          {t("invitation.decline")}
        </Button>
      </Group>
    </Stack>
  );
}

export function InvitationPage({ me }: { me: Me | null }) {
  const { t } = useI18n();
  const { params } = useRoute();
  const token = params.get("token") ?? "";
  const [mode, setMode] = useState<"new" | "existing">("new");
  const invitation = useQuery({
    queryKey: ["invitation", token],
    enabled: token !== "",
    queryFn: () => api<InvitationOfLink>(`/api/invitations/${encodeURIComponent(token)}`),
  });
  const found = invitation.data;
  return (
    <PublicFrame>
      <Stack>
        <Title order={1} size="h2">
          {t("invitation.title", { institution: found?.institution.name ?? "Avance" })}
        </Title>
        {!token && (
          <Alert variant="outline" color="gray">
            {t("invitation.noToken")}
          </Alert>
        )}
        <ErrorAlert error={invitation.error} />
        {found && <Summary invitation={found} />}
        {found && me && <Answer invitation={found} me={me} />}
        {found && !me && (
          <Stack>
            <SegmentedControl
              aria-label={t("invitation.mode")}
              value={mode}
              onChange={(value) => setMode(value as "new" | "existing")}
              data={[
                { value: "new", label: t("invitation.new") },
                { value: "existing", label: t("invitation.existing") },
              ]}
            />
            {mode === "new" ? (
              <NewAccount token={token} invitation={found} />
            ) : (
              <Stack>
                <Text>{t("invitation.existingIntro", { email: found.email })}</Text>
                <LoginForm email={found.email} />
              </Stack>
            )}
          </Stack>
        )}
      </Stack>
    </PublicFrame>
  );
}
