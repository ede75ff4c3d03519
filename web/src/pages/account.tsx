/**
 * The user's own account: name, e-mail, the institutions they belong to (role and, for an editor,
 * units) and the change of password (the current one and a new one of the server's minimum).
 * The server closes the user's other sessions; this one stays.
 */
import { Alert, Button, Card, Group, PasswordInput, Stack, Table, Text, Title } from "@mantine/core";
import { useMutation, useQueries } from "@tanstack/react-query";
import { useState } from "react";
import type { Membership, PasswordChangeBody } from "../../../src/contract/auth.js";
import type { UnitNode } from "../../../src/contract/units.js";
import { PASSWORD_MIN } from "../../../src/domain/accounts.js";
import { api } from "../api.js";
import { ErrorAlert } from "../components/error-alert.js";
import { NewPasswordInput } from "../components/new-password-input.js";
import { ScrollTable } from "../components/scroll-table.js";
import { useFieldError } from "../components/workflow/field-error.js";
import { useI18n } from "../i18n/index.js";
import { useMe } from "../session.js";
import { allPages, institutionPath } from "../workflow.js";

/** Each editor membership's unit names, from its institution's units (the cache the other pages share). */
function useUnitNames(memberships: Membership[]): Map<string, string> {
  const editors = memberships.filter((membership) => membership.unitIds.length > 0);
  const units = useQueries({
    queries: editors.map((membership) => ({
      queryKey: ["units", membership.institution.id],
      queryFn: () => allPages<UnitNode>(institutionPath(membership.institution.id, "units")),
    })),
  });
  return new Map(units.flatMap((query) => (query.data ?? []).map((unit) => [unit.id, unit.name] as const)));
}

function Memberships({ memberships }: { memberships: Membership[] }) {
  const { t } = useI18n();
  const names = useUnitNames(memberships);
  if (memberships.length === 0) return <Text size="sm">{t("account.none")}</Text>;
  return (
    <ScrollTable label={t("common.table", { name: t("account.memberships") })} minWidth={320}>
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t("account.institution")}</Table.Th>
            <Table.Th scope="col">{t("account.role")}</Table.Th>
            <Table.Th scope="col">{t("account.units")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {memberships.map((membership) => (
            <Table.Tr key={membership.institution.id}>
              <Table.Th scope="row" fw={500}>
                {membership.institution.name}
              </Table.Th>
              <Table.Td>{t(`users.role.${membership.role}`)}</Table.Td>
              <Table.Td>
                {membership.unitIds.length === 0
                  ? t("account.unitsAll")
                  : membership.unitIds.map((id) => names.get(id) ?? "…").join(", ")}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}

function ChangePassword() {
  const { t } = useI18n();
  const fieldError = useFieldError();
  const [currentPassword, setCurrentPassword] = useState("");
  const [newPassword, setNewPassword] = useState("");
  const [repeated, setRepeated] = useState("");
  const [mismatch, setMismatch] = useState(false);
  const change = useMutation({
    mutationFn: (body: PasswordChangeBody) => api("/api/auth/password", { method: "POST", body }),
    onSuccess: () => {
      setCurrentPassword("");
      setNewPassword("");
      setRepeated("");
    },
  });
  const known = ["currentPassword", "newPassword"].some((field) => fieldError(change.error, field));
  return (
    <Card withBorder component="section" aria-label={t("account.password")}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          const differ = newPassword !== repeated;
          setMismatch(differ);
          if (!differ) change.mutate({ currentPassword, newPassword });
        }}
      >
        <Stack gap="sm" maw={420}>
          <Title order={2} size="h3">
            {t("account.password")}
          </Title>
          <Text size="sm">{t("account.passwordHint")}</Text>
          <PasswordInput
            label={t("account.currentPassword")}
            required
            autoComplete="current-password"
            value={currentPassword}
            onChange={(event) => setCurrentPassword(event.currentTarget.value)}
            error={fieldError(change.error, "currentPassword")}
          />
          <NewPasswordInput
            value={newPassword}
            onChange={setNewPassword}
            min={PASSWORD_MIN}
            label={(min) => t("account.newPassword", { min })}
            error={fieldError(change.error, "newPassword")}
          />
          <PasswordInput
            label={t("account.repeatPassword")}
            required
            autoComplete="new-password"
            value={repeated}
            onChange={(event) => setRepeated(event.currentTarget.value)}
            error={mismatch ? t("account.mismatch") : undefined}
          />
          {!known && <ErrorAlert error={change.error} />}
          {change.isSuccess && (
            <Alert color="green" variant="outline" role="status">
              {t("account.changed")}
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={change.isPending}>
              {t("account.change")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

export function AccountPage() {
  const { t } = useI18n();
  const user = useMe().data?.user;
  if (!user) return null;
  return (
    <Stack gap="lg">
      <Title order={1} size="h2">
        {t("account.title")}
      </Title>
      <Card withBorder component="section" aria-label={t("account.profile")}>
        <Stack gap="sm">
          <Title order={2} size="h3">
            {t("account.profile")}
          </Title>
          <Group gap="xl" wrap="wrap">
            <div>
              <Text size="sm">{t("account.name")}</Text>
              <Text fw={600}>{user.name || t("account.noName")}</Text>
            </div>
            <div>
              <Text size="sm">{t("account.email")}</Text>
              <Text fw={600} style={{ wordBreak: "break-all" }}>
                {user.email}
              </Text>
            </div>
          </Group>
          {user.superAdmin && <Text size="sm">{t("account.superAdmin")}</Text>}
          <Title order={3} size="h4">
            {t("account.memberships")}
          </Title>
          <Memberships memberships={user.memberships} />
        </Stack>
      </Card>
      <ChangePassword />
    </Stack>
  );
}
