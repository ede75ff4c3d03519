/**
 * Closing and reopening a plan's months (planners): months close in order, so only the first
 * open month offers «Cerrar», which asks for confirmation after listing what the month lacks
 * (components/close-month-dialog.tsx); any closed month may be reopened with a reason, which
 * the audit log keeps.
 */
import { Alert, Badge, Button, Card, Modal, Stack, Table, Text, Textarea, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { PlanMonth, PlanMonths, ReopenBody } from "../../../src/contract/execution.js";
import { api } from "../api.js";
import { CloseMonthDialog } from "../components/close-month-dialog.js";
import { ErrorAlert, useErrorText } from "../components/error-alert.js";
import { ScrollTable } from "../components/scroll-table.js";
import { useFieldError } from "../components/workflow/field-error.js";
import { useI18n } from "../i18n/index.js";
import { usePlans } from "../plans.js";
import { useAbilities } from "../roles.js";
import { institutionPath, monthKey } from "../workflow.js";
import { useWorkspace } from "../workspace.js";

export function MonthsPage({ planId }: { planId: string }) {
  const { t, formatters } = useI18n();
  const fieldError = useFieldError();
  const errorText = useErrorText();
  const { institution } = useWorkspace();
  const { planner } = useAbilities();
  const client = useQueryClient();
  const [reopening, setReopening] = useState<number | null>(null);
  const [closing, setClosing] = useState<number | null>(null);
  const [reason, setReason] = useState("");
  const institutionId = institution?.id ?? "";
  const key = ["months", institutionId, planId];
  const months = useQuery({
    queryKey: key,
    enabled: institution !== undefined,
    queryFn: async () =>
      (await api<PlanMonths>(institutionPath(institutionId, `plans/${planId}/months`))).months,
  });
  const change = useMutation({
    mutationFn: ({ month, action }: { month: number; action: "close" | "reopen" }) =>
      api<PlanMonth>(institutionPath(institutionId, `plans/${planId}/months/${month}/${action}`), {
        method: "POST",
        ...(action === "reopen" ? { body: { reason } satisfies ReopenBody } : {}),
      }),
    onSuccess: async () => {
      setReopening(null);
      setClosing(null);
      setReason("");
      // Reports and activity screens read which months are closed.
      await client.invalidateQueries();
    },
  });
  const plan = usePlans(institution?.id).data?.find((item) => item.id === planId);
  const fmt = formatters(institution?.locale);
  const firstOpen = months.data?.find((month) => !month.closed)?.month;
  if (!planner) return <Alert role="alert">{t("months.forbidden")}</Alert>;
  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Title order={1} size="h2">
          {t("months.title")}
        </Title>
        {plan && (
          <Text fw={500}>
            {plan.kind} {plan.year} · {plan.title}
          </Text>
        )}
      </Stack>
      <Text>{t("months.intro")}</Text>
      <ErrorAlert error={months.error ?? (reopening === null && closing === null ? change.error : null)} />
      {months.data && (
        <Card withBorder>
          <ScrollTable label={t("common.table", { name: t("months.title") })} minWidth={300}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t("months.month")}</Table.Th>
                  <Table.Th scope="col">{t("months.state")}</Table.Th>
                  <Table.Th scope="col" visibleFrom="sm">
                    {t("months.closedBy")}
                  </Table.Th>
                  <Table.Th scope="col">{t("months.action")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {months.data.map((month) => (
                  <Table.Tr key={month.month}>
                    <Table.Th scope="row">{t(monthKey(month.month))}</Table.Th>
                    <Table.Td>
                      <Badge color={month.closed ? "#343a40" : "#1e6b34"} variant="filled">
                        {month.closed ? t("months.closed") : t("months.open")}
                      </Badge>
                    </Table.Td>
                    <Table.Td visibleFrom="sm">
                      {month.closed
                        ? month.closedBy
                          ? t("months.closedByText", {
                              name: month.closedBy.name,
                              at: fmt.dateTime(month.closedAt),
                            })
                          : fmt.dateTime(month.closedAt)
                        : ""}
                    </Table.Td>
                    <Table.Td>
                      {month.closed ? (
                        <Button size="xs" variant="default" onClick={() => setReopening(month.month)}>
                          {t("months.reopen", { month: t(monthKey(month.month)) })}
                        </Button>
                      ) : month.month === firstOpen ? (
                        <Button
                          size="xs"
                          onClick={() => {
                            change.reset();
                            setClosing(month.month);
                          }}
                        >
                          {t("months.close", { month: t(monthKey(month.month)) })}
                        </Button>
                      ) : null}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        </Card>
      )}
      <CloseMonthDialog
        institutionId={institutionId}
        planId={planId}
        month={closing}
        locale={institution?.locale}
        closing={change.isPending}
        error={closing === null ? null : change.error}
        onConfirm={(month) => change.mutate({ month, action: "close" })}
        onCancel={() => setClosing(null)}
      />
      <Modal
        opened={reopening !== null}
        onClose={() => setReopening(null)}
        closeButtonProps={{ "aria-label": t("common.cancel") }}
        title={reopening === null ? "" : t("months.reopenTitle", { month: t(monthKey(reopening)) })}
      >
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (reopening !== null) change.mutate({ month: reopening, action: "reopen" });
          }}
        >
          <Stack>
            <Textarea
              label={t("months.reason")}
              description={t("months.reasonHint")}
              value={reason}
              onChange={(event) => setReason(event.currentTarget.value)}
              error={
                reopening !== null && change.error
                  ? (fieldError(change.error, "reason") ?? errorText(change.error))
                  : undefined
              }
              autosize
              minRows={3}
              data-autofocus
            />
            <Button type="submit" loading={change.isPending}>
              {t("months.reopenSubmit")}
            </Button>
          </Stack>
        </form>
      </Modal>
    </Stack>
  );
}
