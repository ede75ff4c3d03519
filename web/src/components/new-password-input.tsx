/**
 * The password a person chooses for a new account (the first administrator, an invitation):
 * the browser asks for the server's minimum before sending, and the label says it.
 */
import { PasswordInput } from "@mantine/core";
import { useI18n } from "../i18n/index.js";

/** The server's SETUP_PASSWORD_MIN (src/server/routes/setup.ts), for the setup and invitation accounts. */
const NEW_PASSWORD_MIN = 12;

export function NewPasswordInput({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const { t } = useI18n();
  return (
    <PasswordInput
      label={t("common.newPassword", { min: NEW_PASSWORD_MIN })}
      required
      minLength={NEW_PASSWORD_MIN}
      autoComplete="new-password"
      value={value}
      onChange={(event) => onChange(event.currentTarget.value)}
    />
  );
}
