/**
 * Reports: choose the report and the period, read it on screen (the JSON of the report API, laid
 * out as the files are: two-level header, TOTAL and subtotal rows across the text columns), and
 * download it as xlsx, PDF or CSV.
 */
import { Anchor, Card, Group, Loader, Select, Stack, Table, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";
import type { ReportColumn, ReportJson, ReportJsonRow } from "../../../src/contract/report.js";
import {
  dateText,
  headerLayout,
  leadingTextColumns,
  summaryLabel,
} from "../../../src/report/format-locale.js";
import { query } from "../api.js";
import { ErrorAlert } from "../components/error-alert.js";
import { LightBadge } from "../components/light-badge.js";
import { PeriodSelect } from "../components/period-select.js";
import { ScrollTable } from "../components/scroll-table.js";
import { type Formatters, useI18n } from "../i18n/index.js";
import {
  type ReportKind,
  reportFormats,
  reportKinds,
  reportUrl,
  usePeriodLabel,
  useReport,
} from "../reports.js";
import { Link, navigate, useRoute, withBack } from "../router.js";

/** Enough rows to check the report on screen; the file has every row. */
const MAX_ROWS = 300;

function Cell({ column, row, fmt }: { column: ReportColumn; row: ReportJsonRow; fmt: Formatters }) {
  const value = row[column.key];
  const numeric = column.kind === "quantity" || column.kind === "count" || column.kind === "pct";
  let content: ReactNode;
  switch (column.kind) {
    case "quantity":
    case "count":
      content = typeof value === "number" ? fmt.quantity(value) : (value ?? "");
      break;
    case "pct":
      content = typeof value === "number" || value === null ? fmt.pct(value) : value;
      break;
    case "light":
      content = <LightBadge light={row.light} over={row.overExecution} />;
      break;
    case "date":
      content = typeof value === "string" ? dateText(value) : "";
      break;
    default:
      content = value == null ? "" : String(value);
  }
  // An activity's name opens its page, which comes back to this report.
  if (column.key === "activity" && row.kind === "activity" && typeof row.activityId === "string" && value) {
    content = <Link to={withBack(`/activities/${row.activityId}`)}>{content}</Link>;
  }
  return <Table.Td ta={numeric ? "right" : undefined}>{content}</Table.Td>;
}

function ReportTable({ report, fmt }: { report: ReportJson; fmt: Formatters }) {
  const { t } = useI18n();
  const { columns } = report;
  const { twoLevel, groups } = headerLayout(columns);
  const span = leadingTextColumns(columns);
  const rows = report.rows.slice(0, MAX_ROWS);
  const top = columns.flatMap((column, index) => {
    const group = groups.find((candidate) => candidate.first <= index && index <= candidate.last);
    if (!group) return [{ key: column.key, label: column.label, colSpan: 1, rowSpan: twoLevel ? 2 : 1 }];
    if (group.first !== index) return [];
    return [{ key: `group-${index}`, label: group.label, colSpan: group.last - group.first + 1, rowSpan: 1 }];
  });
  return (
    <Stack gap="xs">
      <ScrollTable
        label={t("common.table", { name: report.title })}
        minWidth={Math.min(1800, columns.length * 90)}
        // Its own height: the sideways scrollbar stays on screen, the header above the rows.
        maxHeight={600}
      >
        <Table striped withTableBorder withColumnBorders fz="sm" stickyHeader>
          <Table.Thead>
            <Table.Tr>
              {top.map((cell) => (
                <Table.Th key={cell.key} scope="col" colSpan={cell.colSpan} rowSpan={cell.rowSpan}>
                  {cell.label}
                </Table.Th>
              ))}
            </Table.Tr>
            {twoLevel && (
              <Table.Tr>
                {columns
                  .filter((column) => column.group)
                  .map((column) => (
                    <Table.Th key={column.key} scope="col">
                      {column.label}
                    </Table.Th>
                  ))}
              </Table.Tr>
            )}
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row, index) => {
              const label = summaryLabel(
                { kind: row.kind, cells: row as never, light: row.light, overExecution: row.overExecution },
                columns,
              );
              const strong = row.kind === "total" || row.kind === "subtotal";
              return (
                // Rows have no id of their own: their place in the report is what they are.
                // biome-ignore lint/suspicious/noArrayIndexKey: the report's rows never move
                <Table.Tr key={index} fw={strong ? 700 : undefined}>
                  {label !== undefined ? (
                    <>
                      <Table.Td colSpan={span}>{label}</Table.Td>
                      {columns.slice(span).map((column) => (
                        <Cell key={column.key} column={column} row={row} fmt={fmt} />
                      ))}
                    </>
                  ) : (
                    columns.map((column) => <Cell key={column.key} column={column} row={row} fmt={fmt} />)
                  )}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </ScrollTable>
      {report.rows.length > rows.length && (
        <Text size="sm">{t("reports.showing", { shown: rows.length, total: report.rows.length })}</Text>
      )}
    </Stack>
  );
}

export function ReportsPage({ planId }: { planId: string }) {
  const { t, formatters, language } = useI18n();
  const { params } = useRoute();
  const periodLabel = usePeriodLabel();
  const report = (reportKinds as readonly string[]).includes(params.get("report") ?? "")
    ? (params.get("report") as ReportKind)
    : "units";
  const period = params.get("period") ?? "YTD";
  const answer = useReport(planId, report, period);
  const go = (next: { report?: ReportKind; period?: string }) =>
    navigate(`/plans/${planId}/reports${query({ report, period, ...next })}`);
  const data = answer.data;
  const fmt = formatters(data?.institution.locale);
  return (
    <Stack gap="lg">
      <Title order={1} size="h2">
        {t("reports.title")}
      </Title>
      <Group align="flex-end" wrap="wrap">
        <Select
          label={t("reports.report")}
          data={reportKinds.map((kind) => ({ value: kind, label: t(`reports.kind.${kind}`) }))}
          value={report}
          onChange={(value) => value && go({ report: value as ReportKind })}
          allowDeselect={false}
          w={280}
        />
        <PeriodSelect value={period} onChange={(value) => go({ period: value })} />
        <Group gap="xs" role="group" aria-label={t("reports.download")}>
          <Text size="sm">{t("reports.download")}:</Text>
          {reportFormats.map((format) => (
            <Anchor
              key={format}
              size="sm"
              href={reportUrl(planId, report, { period, format, lang: language })}
            >
              {t(`format.${format}`)}
            </Anchor>
          ))}
        </Group>
      </Group>
      <ErrorAlert error={answer.error} />
      {answer.isPending && <Loader aria-label={t("common.loading")} />}
      {data && (
        <Card withBorder component="section" aria-label={t("reports.preview")}>
          <Stack gap="sm">
            <Title order={2} size="h3">
              {data.title}
            </Title>
            <Text>
              {data.institution.name} · {data.plan.kind} {data.plan.year} · {periodLabel(data)}
            </Text>
            <ReportTable report={data} fmt={fmt} />
            {data.notes.map((note) => (
              <Text key={note} size="sm">
                {note}
              </Text>
            ))}
          </Stack>
        </Card>
      )}
    </Stack>
  );
}
