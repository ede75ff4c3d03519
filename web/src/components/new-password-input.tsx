/**
 * A password a person chooses: for a new account (the first administrator, an invitation) or a
 * change on the account page. The browser asks for the server's minimum before sending, and the
 * label says it.
 */
import { PasswordInput } from "@mantine/core";
import { NEW_ACCOUNT_PASSWORD_MIN } from "../../../src/domain/accounts.js";
import { useI18n } from "../i18n/index.js";

export function NewPasswordInput({
  value,
  onChange,
  min = NEW_ACCOUNT_PASSWORD_MIN,
  label,
  error,
}: {
  value: string;
  onChange: (value: string) => void;
  /** The server's minimum for this password (a new account's by default). */
  min?: number;
  /** The label with `{min}`: a new account's «Contraseña (12 caracteres o más)» by default. */
  label?: (min: number) => string;
  error?: string;
}) {
  const { t } = useI18n();
  return (
    <PasswordInput
      label={label ? label(min) : t("common.newPassword", { min })}
      required
      minLength={min}
      autoComplete="new-password"
      value={value}
      onChange={(event) => onChange(event.currentTarget.value)}
      error={error}
    />
  );
}
