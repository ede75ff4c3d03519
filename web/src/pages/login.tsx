import { Button, PasswordInput, Stack, TextInput, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import type { LoginBody, Me } from "../../../src/contract/auth.js";
import type { NewAccountBody } from "../../../src/contract/invitations.js";
import type { FirstAdminBody } from "../../../src/contract/setup.js";
import { api, setCsrfToken } from "../api.js";
import { ErrorAlert } from "../components/error-alert.js";
import { PublicFrame } from "../components/public-frame.js";
import { useI18n } from "../i18n/index.js";
import { meKey } from "../session.js";

/** The requests that open a session, with their bodies. */
type SignIn = {
  "/api/auth/login": LoginBody;
  "/api/setup": FirstAdminBody;
  "/api/invitations/accept": NewAccountBody;
};

/** Stores the session answer of a login, the first administrator's setup or a new invited account. */
export function useSignIn<Path extends keyof SignIn>(path: Path) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: SignIn[Path]) => api<Me>(path, { method: "POST", body }),
    onSuccess: (me) => {
      setCsrfToken(me.csrfToken);
      client.setQueryData(meKey, me);
    },
  });
}

/** The e-mail and password fields and «Ingresar»: the login page's, and the invitation link's. */
export function LoginForm({ email: initialEmail = "", labelledBy }: { email?: string; labelledBy?: string }) {
  const { t } = useI18n();
  const [email, setEmail] = useState(initialEmail);
  const [password, setPassword] = useState("");
  const login = useSignIn("/api/auth/login");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate({ email, password });
  };
  return (
    <form
      onSubmit={submit}
      {...(labelledBy ? { "aria-labelledby": labelledBy } : { "aria-label": t("login.title") })}
    >
      <Stack>
        <ErrorAlert error={login.error} />
        <TextInput
          label={t("login.email")}
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(event) => setEmail(event.currentTarget.value)}
        />
        <PasswordInput
          label={t("login.password")}
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => setPassword(event.currentTarget.value)}
        />
        <Button type="submit" loading={login.isPending}>
          {t("login.submit")}
        </Button>
      </Stack>
    </form>
  );
}

export function LoginPage() {
  const { t } = useI18n();
  return (
    <PublicFrame>
      <Stack>
        <Title order={1} id="login-title" size="h2">
          {t("login.title")}
        </Title>
        <LoginForm labelledBy="login-title" />
      </Stack>
    </PublicFrame>
  );
}
