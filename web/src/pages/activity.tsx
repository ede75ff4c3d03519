/**
 * An activity's detail: its months (programmed, executed, comment, evidence to download; the
 * unit's editors attach evidence to open months), a reprogramming request (the unit's editors and
 * planners, plan in execution) and its history from the audit log. Who may do what is the grid's
 * rule (`useExecutionAccess`); those who may not read a note saying why instead of the controls.
 */
import {
  Anchor,
  Badge,
  Button,
  Card,
  FileButton,
  Group,
  NumberInput,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { Activity } from "../../../src/contract/activities.js";
import type { AuditPage } from "../../../src/contract/audit.js";
import type { Execution, ExecutionMonth } from "../../../src/contract/execution.js";
import type { ReprogrammingRequestBody } from "../../../src/contract/reprogramming.js";
import { api } from "../api.js";
import { ErrorAlert } from "../components/error-alert.js";
import { lockOf } from "../components/grid/grid-model.js";
import { ScrollTable } from "../components/scroll-table.js";
import { useFieldError } from "../components/workflow/field-error.js";
import { HistoryTable } from "../components/workflow/history-table.js";
import { type Formatters, useI18n } from "../i18n/index.js";
import { useAbilities, useExecutionAccess } from "../roles.js";
import { backOf, Link, useRoute } from "../router.js";
import { institutionPath, MONTHS, monthKey } from "../workflow.js";
import { useWorkspace } from "../workspace.js";

function MonthsTable({
  months,
  fmt,
  institutionId,
  mayUpload,
  onUpload,
}: {
  months: ExecutionMonth[];
  fmt: Formatters;
  institutionId: string;
  /** Whether the user may attach evidence to this month. */
  mayUpload: (month: number) => boolean;
  onUpload: (month: number, file: File) => void;
}) {
  const { t } = useI18n();
  return (
    <ScrollTable label={t("common.table", { name: t("activity.months") })} minWidth={640}>
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t("months.month")}</Table.Th>
            <Table.Th scope="col" ta="right">
              {t("dashboard.programmed")}
            </Table.Th>
            <Table.Th scope="col" ta="right">
              {t("dashboard.executed")}
            </Table.Th>
            <Table.Th scope="col">{t("activity.comment")}</Table.Th>
            <Table.Th scope="col">{t("activity.evidence")}</Table.Th>
            <Table.Th scope="col">{t("months.state")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {months.map((month) => (
            <Table.Tr key={month.month}>
              <Table.Th scope="row">{t(monthKey(month.month))}</Table.Th>
              <Table.Td ta="right">{fmt.quantity(month.programmed)}</Table.Td>
              <Table.Td ta="right">{fmt.quantity(month.value)}</Table.Td>
              <Table.Td>{month.comment ?? ""}</Table.Td>
              <Table.Td>
                <Stack gap={2}>
                  {month.evidence.map((file) => (
                    <Anchor
                      key={file.id}
                      size="sm"
                      href={institutionPath(institutionId, `evidence/${file.id}`)}
                      download={file.fileName}
                    >
                      {file.fileName}
                    </Anchor>
                  ))}
                  {mayUpload(month.month) && (
                    <FileButton onChange={(file) => file && onUpload(month.month, file)}>
                      {(props) => (
                        <Button {...props} size="compact-xs" variant="default">
                          {t("activity.attach", { month: t(monthKey(month.month)) })}
                        </Button>
                      )}
                    </FileButton>
                  )}
                </Stack>
              </Table.Td>
              <Table.Td>{month.closed ? t("months.closed") : t("months.open")}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}

function RequestForm({
  activity,
  closed,
  institutionId,
  onDone,
}: {
  activity: Activity;
  /** Closed months keep their programming: their fields are read-only. */
  closed: ReadonlySet<number>;
  institutionId: string;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const fieldError = useFieldError();
  const [values, setValues] = useState<(number | null)[]>(activity.programmed);
  const [justification, setJustification] = useState("");
  const request = useMutation({
    mutationFn: () =>
      api(institutionPath(institutionId, `activities/${activity.id}/reprogrammings`), {
        method: "POST",
        body: { quantities: values, justification } satisfies ReprogrammingRequestBody,
      }),
    onSuccess: () => {
      setJustification("");
      onDone();
    },
  });
  const justificationError = fieldError(request.error, "justification");
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        request.mutate();
      }}
    >
      <Stack>
        <Text size="sm">{t("reprog.requestIntro")}</Text>
        <SimpleGrid cols={{ base: 2, sm: 4, md: 6 }}>
          {MONTHS.map((month) => (
            <NumberInput
              key={month}
              label={t(monthKey(month))}
              value={values[month - 1] ?? ""}
              min={0}
              disabled={closed.has(month)}
              onChange={(value) =>
                setValues((current) =>
                  current.map((old, index) =>
                    index === month - 1 ? (value === "" ? null : Number(value)) : old,
                  ),
                )
              }
            />
          ))}
        </SimpleGrid>
        <Textarea
          label={t("reprog.justification")}
          value={justification}
          onChange={(event) => setJustification(event.currentTarget.value)}
          error={justificationError}
          autosize
          minRows={2}
        />
        {!justificationError && <ErrorAlert error={request.error} />}
        {request.isSuccess && <Text role="status">{t("reprog.requested")}</Text>}
        <Group>
          <Button type="submit" loading={request.isPending}>
            {t("reprog.request")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function ActivityPage({ activityId }: { activityId: string }) {
  const { t, formatters } = useI18n();
  const { institution } = useWorkspace();
  const abilities = useAbilities();
  const client = useQueryClient();
  const { params } = useRoute();
  const institutionId = institution?.id ?? "";
  const enabled = institution !== undefined;
  const activity = useQuery({
    queryKey: ["activity", institutionId, activityId],
    enabled,
    queryFn: () => api<Activity>(institutionPath(institutionId, `activities/${activityId}`)),
  });
  const execution = useQuery({
    queryKey: ["activity", institutionId, activityId, "execution"],
    enabled,
    queryFn: () => api<Execution>(institutionPath(institutionId, `activities/${activityId}/execution`)),
  });
  const history = useQuery({
    queryKey: ["activity", institutionId, activityId, "history"],
    enabled,
    queryFn: () =>
      api<AuditPage>(institutionPath(institutionId, `audit?activityId=${activityId}&pageSize=100`)),
  });
  const refresh = () => client.invalidateQueries({ queryKey: ["activity", institutionId, activityId] });
  const upload = useMutation({
    mutationFn: ({ month, file }: { month: number; file: File }) => {
      const form = new FormData();
      form.append("file", file);
      return api(institutionPath(institutionId, `activities/${activityId}/execution/${month}/evidence`), {
        method: "POST",
        body: form,
      });
    },
    onSuccess: refresh,
  });
  const fmt = formatters(institution?.locale);
  const data = activity.data;
  const inExecution = data?.planStatus === "in_execution";
  const closedMonths = new Set(
    (execution.data?.months ?? []).filter((month) => month.closed).map((month) => month.month),
  );
  const access = useExecutionAccess(data?.planStatus, closedMonths);
  // The activity as a whole (month 0 is never closed): why its execution is read-only, if it is.
  const activityLock = access && data ? lockOf(access, "executed", data, 0) : undefined;
  const mayUpload = (month: number) =>
    access !== undefined && data !== undefined && lockOf(access, "executed", data, month) === null;
  // Planners ask for any activity; editors for those whose execution they enter.
  const mayRequest = abilities.planner || activityLock === null;
  // Back to the page that opened this one (a dashboard, a report), or to the plan's dashboard.
  const back = backOf(params) ?? (data ? `/plans/${data.planId}` : undefined);
  return (
    <Stack gap="lg">
      {back && (
        <Link to={back} size="sm">
          {t("activity.back")}
        </Link>
      )}
      <ErrorAlert error={activity.error} />
      {data && (
        <>
          <Stack gap={4}>
            <Title order={1} size="h2">
              {data.name}
            </Title>
            <Group gap="sm">
              <Text>{data.unitName}</Text>
              {data.code && <Text>· {data.code}</Text>}
              <Badge variant="outline" color="gray.8">
                {t("activity.annualTarget", { target: fmt.quantity(data.annualTarget) })}
              </Badge>
            </Group>
          </Stack>
          <Card withBorder component="section" aria-label={t("activity.months")}>
            <Stack gap="sm">
              <Title order={2} size="h3">
                {t("activity.months")}
              </Title>
              <ErrorAlert error={execution.error ?? upload.error} />
              {execution.data && (
                <MonthsTable
                  months={execution.data.months}
                  fmt={fmt}
                  institutionId={institutionId}
                  mayUpload={mayUpload}
                  onUpload={(month, file) => upload.mutate({ month, file })}
                />
              )}
              {activityLock && activityLock !== "grid.why.notInExecution" && (
                <Text size="sm">
                  {activityLock === "grid.why.otherUnit"
                    ? t("activity.why.otherUnit", { unit: data.unitName })
                    : t("activity.why.notEditor", { unit: data.unitName })}
                </Text>
              )}
            </Stack>
          </Card>
          {inExecution && access && (
            <Card withBorder component="section" aria-label={t("reprog.requestTitle")}>
              <Stack gap="sm">
                <Title order={2} size="h3">
                  {t("reprog.requestTitle")}
                </Title>
                {mayRequest ? (
                  <RequestForm
                    key={data.programmed.join()}
                    activity={data}
                    closed={closedMonths}
                    institutionId={institutionId}
                    onDone={refresh}
                  />
                ) : (
                  <Text size="sm">{t("reprog.why.notAllowed", { unit: data.unitName })}</Text>
                )}
              </Stack>
            </Card>
          )}
          <Card withBorder component="section" aria-label={t("activity.history")}>
            <Stack gap="sm">
              <Title order={2} size="h3">
                {t("activity.history")}
              </Title>
              <ErrorAlert error={history.error} />
              {history.data && <HistoryTable entries={history.data.items} label={t("activity.history")} />}
            </Stack>
          </Card>
        </>
      )}
    </Stack>
  );
}
