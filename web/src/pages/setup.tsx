/**
 * First run: an installation without users shows a welcome and creates its first administrator
 * with the one-time token of the link the server printed (`/setup?token=…`).
 */
import { Alert, Button, Stack, Text, TextInput, Title } from "@mantine/core";
import { type FormEvent, useState } from "react";
import { ErrorAlert } from "../components/error-alert.js";
import { NewPasswordInput } from "../components/new-password-input.js";
import { PublicFrame } from "../components/public-frame.js";
import { useI18n } from "../i18n/index.js";
import { navigate, useRoute } from "../router.js";
import { useSignIn } from "./login.js";

export function SetupPage() {
  const { t } = useI18n();
  const { params } = useRoute();
  const token = params.get("token") ?? "";
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const setup = useSignIn("/api/setup");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setup.mutate({ token, email, name, password }, { onSuccess: () => navigate("/", { replace: true }) });
  };
  return (
    <PublicFrame>
      <Stack>
        <Title order={1} size="h2">
          {t("setup.title")}
        </Title>
        <Text>{t("setup.intro")}</Text>
        {token ? (
          <form onSubmit={submit} aria-label={t("setup.submit")}>
            <Stack>
              <ErrorAlert error={setup.error} />
              <TextInput
                label={t("setup.name")}
                required
                autoComplete="name"
                value={name}
                onChange={(event) => setName(event.currentTarget.value)}
              />
              <TextInput
                label={t("setup.email")}
                type="email"
                required
                autoComplete="username"
                value={email}
                onChange={(event) => setEmail(event.currentTarget.value)}
              />
              <NewPasswordInput value={password} onChange={setPassword} />
              <Button type="submit" loading={setup.isPending}>
                {t("setup.submit")}
              </Button>
            </Stack>
          </form>
        ) : (
          <Alert variant="outline" color="gray">
            {t("setup.noToken")}
          </Alert>
        )}
      </Stack>
    </PublicFrame>
  );
}
