/**
 * The institution's users (admins): list with role and units, invite a person (the invitation
 * link shows once, with a copy button: the same whether the e-mail has an account or not), the
 * pending invitations with revoke, change the role or units, remove from the institution, reset
 * a member's password (after a confirmation, the new one shows once in the dialog, with a copy
 * button).
 */
import {
  Alert,
  Button,
  Card,
  Code,
  CopyButton,
  Group,
  Modal,
  MultiSelect,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { InvitationPage, Invited } from "../../../src/contract/invitations.js";
import type { Role } from "../../../src/contract/roles.js";
import type { Member, MemberChangeBody, PasswordReset } from "../../../src/contract/users.js";
import { roles } from "../../../src/domain/roles.js";
import { api } from "../api.js";
import { ErrorAlert } from "../components/error-alert.js";
import { ScrollTable } from "../components/scroll-table.js";
import { useFieldError } from "../components/workflow/field-error.js";
import { useI18n } from "../i18n/index.js";
import { membersKey, useAbilities, useMembers, useUnits } from "../roles.js";
import { useMe } from "../session.js";
import { institutionPath } from "../workflow.js";
import { useWorkspace } from "../workspace.js";

const invitationsKey = (institutionId: string) => ["invitations", institutionId] as const;

function useRoleOptions() {
  const { t } = useI18n();
  return roles.map((value) => ({ value, label: t(`users.role.${value}`) }));
}

function AddUser({
  institutionId,
  units,
}: {
  institutionId: string;
  units: { value: string; label: string }[];
}) {
  const { t, formatters } = useI18n();
  const fieldError = useFieldError();
  const fmt = formatters();
  const client = useQueryClient();
  const roleOptions = useRoleOptions();
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>("viewer");
  const [unitIds, setUnitIds] = useState<string[]>([]);
  const add = useMutation({
    mutationFn: () =>
      api<Invited>(institutionPath(institutionId, "users"), {
        method: "POST",
        body: { email, ...(name.trim() ? { name } : {}), role, ...(role === "editor" ? { unitIds } : {}) },
      }),
    onSuccess: async () => {
      setEmail("");
      setName("");
      setUnitIds([]);
      await client.invalidateQueries({ queryKey: invitationsKey(institutionId) });
    },
  });
  const invited = add.data;
  const known = ["email", "name", "role", "unitIds"].some((field) => fieldError(add.error, field));
  return (
    <Card withBorder component="section" aria-label={t("users.add")}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          add.mutate();
        }}
      >
        <Stack gap="sm">
          <Title order={2} size="h3">
            {t("users.add")}
          </Title>
          <Text size="sm">{t("users.addHint")}</Text>
          <Group align="flex-start" wrap="wrap">
            <TextInput
              label={t("users.email")}
              value={email}
              onChange={(event) => setEmail(event.currentTarget.value)}
              error={fieldError(add.error, "email")}
              required
              w={280}
            />
            <TextInput
              label={t("users.name")}
              value={name}
              onChange={(event) => setName(event.currentTarget.value)}
              error={fieldError(add.error, "name")}
              w={240}
            />
            <Select
              label={t("users.roleLabel")}
              data={roleOptions}
              value={role}
              onChange={(value) => value && setRole(value as Role)}
              allowDeselect={false}
              w={180}
            />
            {role === "editor" && (
              <MultiSelect
                label={t("users.units")}
                data={units}
                value={unitIds}
                onChange={setUnitIds}
                error={fieldError(add.error, "unitIds")}
                searchable
                w={320}
              />
            )}
          </Group>
          {!known && <ErrorAlert error={add.error} />}
          <Group>
            <Button type="submit" loading={add.isPending}>
              {t("users.addSubmit")}
            </Button>
          </Group>
          {invited && (
            <Alert
              color="blue"
              variant="outline"
              role="status"
              title={t("users.invited", { email: invited.invitation.email })}
            >
              <Stack gap="xs">
                <Text size="sm">
                  {t("users.linkOnce", { date: fmt.dateTime(invited.invitation.expiresAt) })}
                </Text>
                <Group gap="sm" align="flex-start">
                  <Code
                    fz="sm"
                    data-testid="invitation-link"
                    aria-label={t("users.link")}
                    style={{ wordBreak: "break-all" }}
                  >
                    {invited.link}
                  </Code>
                  <CopyButton value={invited.link}>
                    {({ copied, copy }) => (
                      <Button size="xs" variant="default" onClick={copy}>
                        {copied ? t("users.copied") : t("users.copy")}
                      </Button>
                    )}
                  </CopyButton>
                </Group>
              </Stack>
            </Alert>
          )}
        </Stack>
      </form>
    </Card>
  );
}

/** The invitations nobody answered yet (expired ones too, until revoked or sent again). */
function PendingInvitations({ institutionId }: { institutionId: string }) {
  const { t, formatters } = useI18n();
  const fmt = formatters();
  const client = useQueryClient();
  const pending = useQuery({
    queryKey: invitationsKey(institutionId),
    queryFn: () => api<InvitationPage>(institutionPath(institutionId, "invitations?pageSize=500")),
  });
  const revoke = useMutation({
    mutationFn: (id: string) =>
      api(institutionPath(institutionId, `invitations/${id}`), { method: "DELETE" }),
    onSettled: () => client.invalidateQueries({ queryKey: invitationsKey(institutionId) }),
  });
  const items = pending.data?.items ?? [];
  return (
    <Card withBorder component="section" aria-label={t("users.pending")}>
      <Stack gap="sm">
        <Title order={2} size="h3">
          {t("users.pending")}
        </Title>
        <ErrorAlert error={pending.error ?? revoke.error} />
        {pending.isSuccess && items.length === 0 && <Text size="sm">{t("users.pendingNone")}</Text>}
        {items.length > 0 && (
          <ScrollTable label={t("common.table", { name: t("users.pending") })} minWidth={640}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t("users.person")}</Table.Th>
                  <Table.Th scope="col">{t("users.roleLabel")}</Table.Th>
                  <Table.Th scope="col">{t("users.expires")}</Table.Th>
                  <Table.Th scope="col">{t("users.actions")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((invitation) => {
                  const who = invitation.name || invitation.email;
                  const expired = Date.parse(invitation.expiresAt) <= Date.now();
                  const date = fmt.dateTime(invitation.expiresAt);
                  return (
                    <Table.Tr key={invitation.id}>
                      <Table.Th scope="row" fw={500}>
                        <Text size="sm" fw={600}>
                          {invitation.name}
                        </Text>
                        <Text size="sm">{invitation.email}</Text>
                      </Table.Th>
                      <Table.Td>{t(`users.role.${invitation.role}`)}</Table.Td>
                      <Table.Td>
                        {expired ? t("users.expiredOn", { date }) : t("users.expiresOn", { date })}
                      </Table.Td>
                      <Table.Td>
                        <Button
                          size="xs"
                          variant="default"
                          aria-label={t("users.revokeOf", { who })}
                          loading={revoke.isPending && revoke.variables === invitation.id}
                          onClick={() =>
                            window.confirm(t("users.revokeConfirm", { who })) && revoke.mutate(invitation.id)
                          }
                        >
                          {t("users.revoke")}
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        )}
      </Stack>
    </Card>
  );
}

/**
 * «Restablecer contraseña»: a dialog that first says what happens and asks to confirm, then shows
 * the new password once with «Copiar». Closing it forgets the password.
 */
function ResetPassword({ member, institutionId }: { member: Member; institutionId: string }) {
  const { t } = useI18n();
  const [opened, setOpened] = useState(false);
  const reset = useMutation({
    mutationFn: () =>
      api<PasswordReset>(institutionPath(institutionId, `users/${member.id}/password-reset`), {
        method: "POST",
      }),
  });
  const who = member.name || member.email;
  const close = () => {
    setOpened(false);
    reset.reset();
  };
  const password = reset.data?.password;
  return (
    <>
      <Button
        size="xs"
        variant="default"
        aria-label={t("users.resetOf", { who })}
        onClick={() => setOpened(true)}
      >
        {t("users.reset")}
      </Button>
      <Modal
        opened={opened}
        onClose={close}
        title={password ? t("users.resetDone", { who }) : t("users.resetOf", { who })}
        closeButtonProps={{ "aria-label": t("users.resetDismiss") }}
      >
        {password ? (
          <Stack gap="sm">
            <Text size="sm">{t("users.resetOnce")}</Text>
            <Code
              fz="lg"
              p="xs"
              data-testid="reset-password"
              aria-label={t("users.resetPassword")}
              style={{ display: "block", wordBreak: "break-all" }}
            >
              {password}
            </Code>
            <Group justify="space-between">
              <CopyButton value={password}>
                {({ copied, copy }) => (
                  <Button size="xs" variant="default" onClick={copy}>
                    {copied ? t("users.copied") : t("users.copy")}
                  </Button>
                )}
              </CopyButton>
              <Button onClick={close}>{t("users.resetClose")}</Button>
            </Group>
          </Stack>
        ) : (
          <Stack gap="sm">
            <Text size="sm">{t("users.resetConfirm", { who })}</Text>
            <ErrorAlert error={reset.error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {t("common.cancel")}
              </Button>
              <Button color="red" loading={reset.isPending} onClick={() => reset.mutate()}>
                {t("users.resetSubmit")}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </>
  );
}

function MemberRow({
  member,
  institutionId,
  units,
}: {
  member: Member;
  institutionId: string;
  units: { value: string; label: string }[];
}) {
  const { t } = useI18n();
  const client = useQueryClient();
  const roleOptions = useRoleOptions();
  const path = institutionPath(institutionId, `users/${member.id}`);
  const refresh = () => client.invalidateQueries({ queryKey: membersKey(institutionId) });
  const change = useMutation({
    mutationFn: (body: MemberChangeBody) => api(path, { method: "PATCH", body }),
    onSuccess: refresh,
  });
  const remove = useMutation({ mutationFn: () => api(path, { method: "DELETE" }), onSuccess: refresh });
  const who = member.name || member.email;
  // One's own password is changed on the account page, with the current one.
  const self = useMe().data?.user.id === member.id;
  return (
    <Table.Tr>
      <Table.Th scope="row" fw={500}>
        <Text size="sm" fw={600}>
          {member.name}
        </Text>
        <Text size="sm">{member.email}</Text>
        <ErrorAlert error={change.error ?? remove.error} />
      </Table.Th>
      <Table.Td>
        <Select
          aria-label={t("users.roleOf", { who })}
          data={roleOptions}
          value={member.role}
          onChange={(value) => value && value !== member.role && change.mutate({ role: value as Role })}
          allowDeselect={false}
          size="xs"
          w={160}
        />
      </Table.Td>
      <Table.Td>
        {member.role === "editor" ? (
          <MultiSelect
            aria-label={t("users.unitsOf", { who })}
            data={units}
            value={member.unitIds}
            onChange={(unitIds) => change.mutate({ unitIds })}
            searchable
            size="xs"
            w={280}
          />
        ) : (
          <Text size="sm">{t("users.allUnits")}</Text>
        )}
      </Table.Td>
      <Table.Td>
        <Group gap="xs" wrap="nowrap">
          <Button
            size="xs"
            variant="default"
            loading={remove.isPending}
            onClick={() => window.confirm(t("users.removeConfirm", { who })) && remove.mutate()}
          >
            {t("users.remove")}
          </Button>
          {!self && <ResetPassword member={member} institutionId={institutionId} />}
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

export function UsersPage() {
  const { t } = useI18n();
  const { institution } = useWorkspace();
  const { admin } = useAbilities();
  const institutionId = institution?.id ?? "";
  const enabled = institution !== undefined && admin;
  const members = useMembers(enabled);
  const units = useUnits(enabled);
  if (!admin) return <Alert role="alert">{t("users.forbidden")}</Alert>;
  const unitOptions = (units.data ?? []).map((unit) => ({
    value: unit.id,
    label: `${"· ".repeat(unit.depth)}${unit.name}`,
  }));
  return (
    <Stack gap="lg">
      <Title order={1} size="h2">
        {t("users.title")}
      </Title>
      <AddUser institutionId={institutionId} units={unitOptions} />
      {enabled && <PendingInvitations institutionId={institutionId} />}
      <ErrorAlert error={members.error} />
      {members.data && (
        <Card withBorder component="section" aria-label={t("users.list")}>
          <ScrollTable label={t("common.table", { name: t("users.list") })} minWidth={860}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t("users.person")}</Table.Th>
                  <Table.Th scope="col">{t("users.roleLabel")}</Table.Th>
                  <Table.Th scope="col">{t("users.units")}</Table.Th>
                  <Table.Th scope="col">{t("users.actions")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {members.data.items.map((member) => (
                  <MemberRow
                    key={member.id}
                    member={member}
                    institutionId={institutionId}
                    units={unitOptions}
                  />
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        </Card>
      )}
    </Stack>
  );
}
