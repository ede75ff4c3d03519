import { Select } from "@mantine/core";
import { useI18n } from "../i18n/index.js";
import { periods } from "../reports.js";

export function PeriodSelect({ value, onChange }: { value: string; onChange: (period: string) => void }) {
  const { t } = useI18n();
  return (
    <Select
      label={t("dashboard.period")}
      data={periods.map((code) => ({ value: code, label: t(`period.${code}`) }))}
      value={value}
      onChange={(next) => next && onChange(next)}
      allowDeselect={false}
      w={260}
    />
  );
}
