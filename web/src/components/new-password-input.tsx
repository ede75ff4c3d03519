/**
 * The password a person chooses for a new account (the first administrator, an invitation):
 * the browser asks for the server's minimum before sending, and the label says it.
 */
import { PasswordInput } from "@mantine/core";
import { NEW_ACCOUNT_PASSWORD_MIN } from "../../../src/domain/accounts.js";
import { useI18n } from "../i18n/index.js";

export function NewPasswordInput({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const { t } = useI18n();
  return (
    <PasswordInput
      label={t("common.newPassword", { min: NEW_ACCOUNT_PASSWORD_MIN })}
      required
      minLength={NEW_ACCOUNT_PASSWORD_MIN}
      autoComplete="new-password"
      value={value}
      onChange={(event) => onChange(event.currentTarget.value)}
    />
  );
}
