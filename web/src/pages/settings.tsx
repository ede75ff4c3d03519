/**
 * The institution's settings (admins): its profile (name, code, country), the traffic-light
 * thresholds and the locale. The server checks them; its refusal shows on the field it names, in
 * the user's language.
 */
import { Alert, Button, Card, Group, NumberInput, Stack, Text, TextInput, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { Institution, Thresholds } from "../../../src/contract/institutions.js";
import { api } from "../api.js";
import { ErrorAlert } from "../components/error-alert.js";
import { useFieldError } from "../components/workflow/field-error.js";
import { useI18n } from "../i18n/index.js";
import { useAbilities } from "../roles.js";
import { institutionsKey, useWorkspace } from "../workspace.js";

const fields = ["greenFrom", "amberFrom", "overExecutionAbove"] as const;
const profileFields = ["name", "code", "country"] as const;

function SettingsForm({ settings }: { settings: Institution }) {
  const { t } = useI18n();
  const fieldError = useFieldError();
  const client = useQueryClient();
  const [thresholds, setThresholds] = useState<Record<keyof Thresholds, number | string>>(
    settings.thresholds,
  );
  const [locale, setLocale] = useState(settings.locale);
  const [profile, setProfile] = useState({
    name: settings.name,
    code: settings.code ?? "",
    country: settings.country ?? "",
  });
  const save = useMutation({
    mutationFn: () =>
      api<Institution>(`/api/institutions/${settings.id}`, {
        method: "PATCH",
        body: {
          name: profile.name.trim(),
          code: profile.code.trim() || null,
          country: profile.country.trim().toUpperCase() || null,
          locale,
          ...Object.fromEntries(fields.map((field) => [field, Number(thresholds[field])])),
        },
      }),
    onSuccess: async (saved) => {
      client.setQueryData(["settings", settings.id], saved);
      // Reports read the thresholds, the header the locale.
      await client.invalidateQueries({ queryKey: institutionsKey });
      await client.invalidateQueries({ queryKey: ["report"] });
    },
  });
  const known = [...fields, ...profileFields, "locale"].some((field) => fieldError(save.error, field));
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate();
      }}
    >
      <Stack gap="md">
        <Title order={2} size="h3">
          {t("settings.profile")}
        </Title>
        <Group align="flex-start" wrap="wrap">
          <TextInput
            label={t("settings.name")}
            value={profile.name}
            onChange={(event) => setProfile({ ...profile, name: event.currentTarget.value })}
            error={fieldError(save.error, "name")}
            required
            w={{ base: "100%", sm: 360 }}
          />
          <TextInput
            label={t("settings.code")}
            value={profile.code}
            onChange={(event) => setProfile({ ...profile, code: event.currentTarget.value })}
            error={fieldError(save.error, "code")}
            w={160}
          />
          <TextInput
            label={t("settings.country")}
            description={t("settings.countryHint")}
            value={profile.country}
            onChange={(event) => setProfile({ ...profile, country: event.currentTarget.value })}
            error={fieldError(save.error, "country")}
            maxLength={2}
            w={160}
          />
        </Group>
        <Title order={2} size="h3">
          {t("settings.thresholds")}
        </Title>
        <Text size="sm">{t("settings.thresholdsHint")}</Text>
        <Group align="flex-start" wrap="wrap">
          {fields.map((field) => (
            <NumberInput
              key={field}
              label={t(`settings.${field}`)}
              value={thresholds[field]}
              onChange={(value) => setThresholds({ ...thresholds, [field]: value })}
              error={fieldError(save.error, field)}
              decimalScale={4}
              suffix=" %"
              w={220}
            />
          ))}
        </Group>
        <TextInput
          label={t("settings.locale")}
          description={t("settings.localeHint")}
          value={locale}
          onChange={(event) => setLocale(event.currentTarget.value)}
          error={fieldError(save.error, "locale")}
          w={220}
        />
        {!known && <ErrorAlert error={save.error} />}
        {save.isSuccess && <Text role="status">{t("settings.saved")}</Text>}
        <Group>
          <Button type="submit" loading={save.isPending}>
            {t("settings.save")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function SettingsPage() {
  const { t } = useI18n();
  const { institution } = useWorkspace();
  const { admin } = useAbilities();
  const settings = useQuery({
    queryKey: ["settings", institution?.id],
    enabled: institution !== undefined && admin,
    queryFn: () => api<Institution>(`/api/institutions/${institution?.id}`),
  });
  if (!admin) return <Alert role="alert">{t("settings.forbidden")}</Alert>;
  return (
    <Stack gap="lg">
      <Title order={1} size="h2">
        {t("settings.title", { name: institution?.name ?? "" })}
      </Title>
      <ErrorAlert error={settings.error} />
      {settings.data && (
        <Card withBorder>
          <SettingsForm settings={settings.data} />
        </Card>
      )}
    </Stack>
  );
}
