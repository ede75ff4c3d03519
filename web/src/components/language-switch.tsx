import { SegmentedControl } from "@mantine/core";
import { type Language, languages, useI18n } from "../i18n/index.js";

export function LanguageSwitch() {
  const { t, language, setLanguage } = useI18n();
  return (
    <SegmentedControl
      size="xs"
      aria-label={t("language.label")}
      value={language}
      onChange={(value) => setLanguage(value as Language)}
      data={languages.map((code) => ({
        value: code,
        label: code.toUpperCase(),
        title: t(`language.${code}`),
      }))}
    />
  );
}
