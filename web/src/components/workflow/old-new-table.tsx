/**
 * A reprogramming's programming before and after, month by month. A changed month is marked by
 * a word and an arrow, not by colour alone, and the row is bold.
 */
import { Table } from "@mantine/core";
import { type Formatters, useI18n } from "../../i18n/index.js";
import { MONTHS, monthKey } from "../../workflow.js";
import { ScrollTable } from "../scroll-table.js";

type Props = { oldValues: (number | null)[]; newValues: (number | null)[]; fmt: Formatters; label: string };

export function OldNewTable({ oldValues, newValues, fmt, label }: Props) {
  const { t } = useI18n();
  return (
    <ScrollTable label={t("common.table", { name: label })} minWidth={320}>
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t("months.month")}</Table.Th>
            <Table.Th scope="col" ta="right">
              {t("reprog.old")}
            </Table.Th>
            <Table.Th scope="col" ta="right">
              {t("reprog.new")}
            </Table.Th>
            <Table.Th scope="col">{t("reprog.change")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {MONTHS.map((month) => {
            const before = oldValues[month - 1] ?? null;
            const after = newValues[month - 1] ?? null;
            const changed = before !== after;
            const up = (after ?? 0) > (before ?? 0);
            return (
              <Table.Tr key={month} fw={changed ? 700 : undefined} data-changed={changed || undefined}>
                <Table.Th scope="row">{t(monthKey(month))}</Table.Th>
                <Table.Td ta="right">{fmt.quantity(before)}</Table.Td>
                <Table.Td ta="right">{fmt.quantity(after)}</Table.Td>
                <Table.Td>
                  {changed ? `${up ? "▲" : "▼"} ${up ? t("reprog.up") : t("reprog.down")}` : ""}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}
