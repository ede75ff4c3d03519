/**
 * «Agregar actividades»: a block pasted from a spreadsheet (name, unit of measure, META and
 * optionally the twelve months) for one unit, previewed row by row (what is wrong is named and
 * left out), then created one by one in the draft plan, with their programming when pasted.
 */
import { Alert, Button, Group, Modal, Select, Stack, Table, Text, Textarea } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import type { Activity } from "../../../../src/contract/activities.js";
import type { UnitNode } from "../../../../src/contract/units.js";
import { api } from "../../api.js";
import { useI18n } from "../../i18n/index.js";
import { ErrorAlert, useErrorText } from "../error-alert.js";
import { ScrollTable } from "../scroll-table.js";
import { type PastedRow, parsePastedRows } from "./paste-rows.js";

type Props = {
  institutionId: string;
  planId: string;
  units: UnitNode[];
  unitId: string | null;
  /** A block already pasted (into the grid's new row), to preview at once. */
  block?: string;
  onClose: () => void;
  onCreated: () => void | Promise<void>;
};

export function PasteActivities({
  institutionId,
  planId,
  units,
  unitId,
  block: pasted = "",
  onClose,
  onCreated,
}: Props) {
  const { t, formatters } = useI18n();
  const fmt = formatters();
  const errorText = useErrorText();
  const [unit, setUnit] = useState<string | null>(unitId);
  const [block, setBlock] = useState(pasted);
  const [failures, setFailures] = useState<{ line: number; text: string }[]>([]);
  const rows = useMemo(() => parsePastedRows(block), [block]);
  const good = rows.filter((row) => !row.problem);
  const problemOf = (row: PastedRow) => {
    if (!row.problem) return "";
    if (row.problem.key === "name") return t("paste.problem.name");
    if (row.problem.key === "columns") return t("paste.problem.columns", { count: row.problem.text ?? "" });
    return t("paste.problem.number", { column: row.problem.column ?? 0, text: row.problem.text ?? "" });
  };
  /** Twelve months whose sum is not the META: created all the same, but worth a look. */
  const differs = (row: PastedRow) =>
    row.months !== null &&
    row.target !== null &&
    row.months.reduce<number>((sum, value) => sum + (value ?? 0), 0) !== row.target;
  const create = useMutation({
    mutationFn: async () => {
      const failed: { line: number; text: string }[] = [];
      let created = 0;
      for (const row of good) {
        try {
          const activity = await api<Activity>(
            `/api/institutions/${institutionId}/plans/${planId}/activities`,
            {
              method: "POST",
              body: {
                unitId: unit ?? "",
                name: row.name,
                ...(row.unitOfMeasure ? { unitOfMeasure: row.unitOfMeasure } : {}),
                ...(row.target === null ? {} : { annualTarget: row.target }),
              },
            },
          );
          if (row.months)
            await api(`/api/institutions/${institutionId}/activities/${activity.id}/programmed`, {
              method: "PUT",
              body: { quantities: row.months },
            });
          created += 1;
        } catch (error) {
          failed.push({ line: row.line, text: errorText(error) });
        }
      }
      setFailures(failed);
      return created;
    },
    onSuccess: async (created) => {
      await onCreated();
      if (created === good.length) onClose();
    },
  });
  return (
    <Modal
      opened
      closeButtonProps={{ "aria-label": t("common.cancel") }}
      onClose={onClose}
      size="xl"
      title={t("paste.title")}
    >
      <Stack gap="sm">
        <Text size="sm">{t("paste.hint")}</Text>
        <Select
          label={t("activityForm.unitId")}
          data={units
            .filter((item) => item.active)
            .map((item) => ({ value: item.id, label: `${"· ".repeat(item.depth)}${item.name}` }))}
          value={unit}
          onChange={setUnit}
          searchable
          required
        />
        <Textarea
          label={t("paste.block")}
          value={block}
          onChange={(event) => setBlock(event.currentTarget.value)}
          autosize
          minRows={4}
          maxRows={10}
          styles={{ input: { fontFamily: "monospace" } }}
        />
        {rows.length > 0 && (
          <>
            <Text size="sm" role="status">
              {t("paste.summary", { good: good.length, bad: rows.length - good.length })}
            </Text>
            <ScrollTable label={t("paste.preview")} minWidth={640} maxHeight={320}>
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t("paste.line")}</Table.Th>
                    <Table.Th>{t("activityForm.name")}</Table.Th>
                    <Table.Th>{t("activityForm.unitOfMeasure")}</Table.Th>
                    <Table.Th>{t("paste.target")}</Table.Th>
                    <Table.Th>{t("paste.months")}</Table.Th>
                    <Table.Th>{t("paste.problem")}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((row) => (
                    <Table.Tr key={row.line}>
                      <Table.Td>{row.line}</Table.Td>
                      <Table.Td>{row.name}</Table.Td>
                      <Table.Td>{row.unitOfMeasure}</Table.Td>
                      <Table.Td>{row.target === null ? "" : fmt.quantity(row.target)}</Table.Td>
                      <Table.Td>
                        {row.months
                          ? fmt.quantity(row.months.reduce<number>((sum, value) => sum + (value ?? 0), 0))
                          : ""}
                      </Table.Td>
                      <Table.Td c={row.problem ? "#a31515" : "#6d4700"}>
                        {row.problem ? problemOf(row) : differs(row) ? t("paste.differs") : ""}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollTable>
          </>
        )}
        {failures.length > 0 && (
          <Alert color="red" variant="outline" role="alert" title={t("paste.failed")}>
            <Stack gap={2}>
              {failures.map((failure) => (
                <Text size="sm" key={failure.line} c="#8b1a1a">
                  {t("paste.failedRow", { line: failure.line, text: failure.text })}
                </Text>
              ))}
            </Stack>
          </Alert>
        )}
        <ErrorAlert error={create.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button
            onClick={() => create.mutate()}
            disabled={good.length === 0 || !unit}
            loading={create.isPending}
          >
            {t("paste.create", { count: good.length })}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
