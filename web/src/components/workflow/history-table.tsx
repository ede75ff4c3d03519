/** Audit entries as a table: when, who, what (in words), the reason. */
import { Table, Text } from "@mantine/core";
import type { AuditEntry } from "../../../../src/contract/audit.js";
import type { MessageKey } from "../../i18n/es.js";
import { es } from "../../i18n/es.js";
import { useI18n } from "../../i18n/index.js";
import { monthKey } from "../../workflow.js";
import { ScrollTable } from "../scroll-table.js";

/** A month's entries (`planId:4`, `activityId:4`) name the month. */
function monthOf(entry: AuditEntry): number | undefined {
  if (entry.entity !== "month" && entry.entity !== "execution_entry") return undefined;
  const month = Number(entry.entityId?.split(":")[1]);
  return month >= 1 && month <= 12 ? month : undefined;
}

/** `audit.action.close` when the catalog names the action, the server's word otherwise. */
function useActionText() {
  const { t } = useI18n();
  return (entry: AuditEntry) => {
    const action = `audit.action.${entry.action}`;
    const entity = `audit.entity.${entry.entity}`;
    const word = (key: string, fallback: string) => (key in es ? t(key as MessageKey) : fallback);
    return `${word(action, entry.action)} · ${word(entity, entry.entity)}`;
  };
}

export function HistoryTable({ entries, label }: { entries: AuditEntry[]; label: string }) {
  const { t, formatters } = useI18n();
  const fmt = formatters();
  const actionText = useActionText();
  if (entries.length === 0) return <Text>{t("audit.none")}</Text>;
  return (
    <ScrollTable label={t("common.table", { name: label })} minWidth={640}>
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t("audit.at")}</Table.Th>
            <Table.Th scope="col">{t("audit.user")}</Table.Th>
            <Table.Th scope="col">{t("audit.what")}</Table.Th>
            <Table.Th scope="col">{t("audit.reason")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map((entry) => (
            <Table.Tr key={entry.id}>
              <Table.Td style={{ whiteSpace: "nowrap" }}>{fmt.dateTime(entry.at)}</Table.Td>
              <Table.Td>{entry.user?.name || entry.user?.email || t("audit.system")}</Table.Td>
              <Table.Td>
                {actionText(entry)}
                {monthOf(entry) ? ` · ${t(monthKey(monthOf(entry) as number))}` : ""}
              </Table.Td>
              <Table.Td>{entry.reason ?? ""}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}
