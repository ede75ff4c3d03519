/**
 * A plan's dashboard for a period: the institution's (or a unit's) execution % with its light,
 * units ranked (choose one to drill into its sub-units), the report's charts, activities at risk
 * (the report's `atRisk`: red, or no entry for a closed month) and over-executed ones. Every
 * figure comes from the report API (`format=json`): the browser sorts and filters rows, it never
 * computes a figure.
 */
import {
  Anchor,
  Breadcrumbs,
  Card,
  Group,
  List,
  Loader,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
  UnstyledButton,
} from "@mantine/core";
import { useEffect } from "react";
import type { ReportJson, ReportJsonRow } from "../../../src/contract/report.js";
import { rankedDepth } from "../../../src/domain/unit-ranking.js";
import { query } from "../api.js";
import { ErrorAlert } from "../components/error-alert.js";
import { LightBadge } from "../components/light-badge.js";
import { PeriodSelect } from "../components/period-select.js";
import { ReportChart } from "../components/report-chart.js";
import { ScrollTable } from "../components/scroll-table.js";
import { type Formatters, type Language, type Translate, useI18n } from "../i18n/index.js";
import { usePlans } from "../plans.js";
import { NO_CLOSED_MONTHS, reportFormats, reportUrl, usePeriodLabel, useReport } from "../reports.js";
import { Link, navigate, useRoute, withBack } from "../router.js";
import { useWorkspace } from "../workspace.js";

const MAX_ROWS = 100;

function ascendingPct(a: ReportJsonRow, b: ReportJsonRow): number {
  if (a.executionPct === null || b.executionPct === null) return a.executionPct === null ? 1 : -1;
  return a.executionPct - b.executionPct;
}

/** Why the report puts an activity at risk: its red light with its %, the closed months it lacks. */
function riskReasons(row: ReportJsonRow, fmt: Formatters, t: Translate, language: Language): string[] {
  const reasons: string[] = [];
  if (row.light === "red") reasons.push(t("dashboard.riskRed", { pct: fmt.pct(row.executionPct) }));
  const missing = row.missingClosedMonths ?? [];
  if (missing.length > 0) {
    const month = new Intl.DateTimeFormat(language, { month: "long", timeZone: "UTC" });
    const months = new Intl.ListFormat(language, { type: "conjunction" }).format(
      missing.map((m) => month.format(Date.UTC(2021, m - 1, 1))),
    );
    reasons.push(t("dashboard.riskMissing", { months }));
  }
  return reasons;
}

type KpiTotals = ReportJson["totals"];

/** One execution figure of the period: its %, what it comes from and its light. */
function Kpi({
  title,
  totals,
  detail,
  fmt,
  testId,
}: {
  title: string;
  totals: KpiTotals;
  detail: string;
  fmt: Formatters;
  testId: string;
}) {
  return (
    <Group justify="space-between" wrap="wrap">
      <Stack gap={4}>
        <Text fw={600}>{title}</Text>
        <Text component="p" fz={44} fw={700} lh={1.1} data-testid={testId}>
          {fmt.pct(totals.executionPct)}
        </Text>
        <Text>{detail}</Text>
      </Stack>
      <LightBadge light={totals.light} over={totals.overExecution} size="xl" />
    </Group>
  );
}

function UnitsTable({
  rows,
  fmt,
  onUnit,
}: {
  rows: ReportJsonRow[];
  fmt: Formatters;
  onUnit: (name: string) => void;
}) {
  const { t } = useI18n();
  // On a phone: unit, % and light; the quantities from the "sm" breakpoint up.
  const wide = { visibleFrom: "sm" } as const;
  return (
    <>
      <Text size="sm">{t("dashboard.unitsCaption")}</Text>
      <ScrollTable label={t("common.table", { name: t("dashboard.units") })} minWidth={300}>
        <Table striped highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t("dashboard.unit")}</Table.Th>
              <Table.Th scope="col" ta="right" {...wide}>
                {t("dashboard.activities")}
              </Table.Th>
              <Table.Th scope="col" ta="right" {...wide}>
                {t("dashboard.programmed")}
              </Table.Th>
              <Table.Th scope="col" ta="right" {...wide}>
                {t("dashboard.executed")}
              </Table.Th>
              <Table.Th scope="col" ta="right">
                {t("dashboard.pct")}
              </Table.Th>
              <Table.Th scope="col">{t("dashboard.light")}</Table.Th>
              <Table.Th scope="col" ta="right" {...wide}>
                {t("dashboard.red")}
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={String(row.unit)}>
                <Table.Th scope="row" fw={500}>
                  <UnstyledButton
                    onClick={() => onUnit(String(row.unit))}
                    style={{ color: "#1d4ed8", textDecoration: "underline", textAlign: "left" }}
                  >
                    {String(row.unit)}
                  </UnstyledButton>
                </Table.Th>
                <Table.Td ta="right" {...wide}>
                  {fmt.quantity(row.activities as number)}
                </Table.Td>
                <Table.Td ta="right" {...wide}>
                  {fmt.quantity(row.programmed)}
                </Table.Td>
                <Table.Td ta="right" {...wide}>
                  {fmt.quantity(row.executed)}
                </Table.Td>
                <Table.Td ta="right">{fmt.pct(row.executionPct)}</Table.Td>
                <Table.Td>
                  <LightBadge light={row.light} over={row.overExecution} />
                </Table.Td>
                <Table.Td ta="right" {...wide}>
                  {fmt.quantity(row.red as number)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
    </>
  );
}

function ActivitiesTable({
  title,
  rows,
  fmt,
  empty,
  reasons,
}: {
  title: string;
  rows: ReportJsonRow[];
  fmt: Formatters;
  empty: string;
  /** A column saying why each row is listed. */
  reasons?: (row: ReportJsonRow) => string[];
}) {
  const { t } = useI18n();
  const shown = rows.slice(0, MAX_ROWS);
  return (
    <Card withBorder component="section" aria-label={title}>
      <Stack gap="sm">
        <Title order={2} size="h3">
          {title}
        </Title>
        {rows.length === 0 ? (
          <Text>{empty}</Text>
        ) : (
          <ScrollTable label={t("common.table", { name: title })} minWidth={300}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t("dashboard.activity")}</Table.Th>
                  <Table.Th scope="col" visibleFrom="sm">
                    {t("dashboard.unit")}
                  </Table.Th>
                  <Table.Th scope="col" ta="right" visibleFrom="sm">
                    {t("dashboard.programmed")}
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    {t("dashboard.executed")}
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    {t("dashboard.pct")}
                  </Table.Th>
                  <Table.Th scope="col">{t("dashboard.light")}</Table.Th>
                  {reasons && (
                    <Table.Th scope="col" miw={170}>
                      {t("dashboard.riskReason")}
                    </Table.Th>
                  )}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {shown.map((row) => (
                  <Table.Tr key={`${String(row.unit)}|${String(row.activity)}`}>
                    <Table.Td>
                      {row.activityId ? (
                        <Link to={withBack(`/activities/${String(row.activityId)}`)}>
                          {String(row.activity ?? "")}
                        </Link>
                      ) : (
                        String(row.activity ?? "")
                      )}
                    </Table.Td>
                    <Table.Td visibleFrom="sm">{String(row.unit ?? "")}</Table.Td>
                    <Table.Td ta="right" visibleFrom="sm">
                      {fmt.quantity(row.programmed)}
                    </Table.Td>
                    <Table.Td ta="right">
                      {row.executed === null ? t("dashboard.noEntry") : fmt.quantity(row.executed)}
                    </Table.Td>
                    <Table.Td ta="right">{fmt.pct(row.executionPct)}</Table.Td>
                    <Table.Td>
                      <LightBadge light={row.light} over={row.overExecution} />
                    </Table.Td>
                    {reasons && (
                      <Table.Td>
                        {reasons(row).map((reason) => (
                          <Text key={reason} size="sm">
                            {reason}
                          </Text>
                        ))}
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        )}
        {rows.length > shown.length && (
          <Text size="sm">{t("dashboard.showing", { shown: shown.length, total: rows.length })}</Text>
        )}
      </Stack>
    </Card>
  );
}

export function DashboardPage({ planId }: { planId: string }) {
  const { t, formatters, language } = useI18n();
  const { params } = useRoute();
  const periodLabel = usePeriodLabel();

  const { institution, rememberPlan } = useWorkspace();
  const period = params.get("period") ?? "YTD";
  const unit = params.get("unit") ?? undefined;
  const units = useReport(planId, "units", period, unit);
  // Both at once: the POI report lists the activities of either kind of plan with their figures.
  const activities = useReport(planId, "poi", period, unit);
  const institutionId = institution?.id;
  const plans = usePlans(institutionId);
  const ofInstitution = plans.data?.some((plan) => plan.id === planId) ?? false;

  // "Tablero" in the navigation comes back here, if this plan is the chosen institution's.
  useEffect(() => {
    if (institutionId && ofInstitution) rememberPlan(institutionId, planId);
  }, [institutionId, ofInstitution, planId, rememberPlan]);

  const go = (next: { period?: string; unit?: string | undefined }) => {
    const merged = { period, unit, ...next };
    navigate(`/plans/${planId}${query({ period: merged.period, unit: merged.unit })}`);
  };

  const report = units.data;
  const fmt = formatters(report?.institution.locale);
  const unitRows = (report?.rows ?? []).filter((row) => row.kind === "unit");
  // The units the report's chart ranks (`rankedDepth`): the top level, or the sub-units of a
  // single root (one head office, or the unit the dashboard is scoped to).
  const depth = rankedDepth(unitRows);
  const ranked = unitRows.filter((row) => (row.depth ?? 0) === depth).sort(ascendingPct);
  const activityRows = (activities.data?.rows ?? []).filter((row) => row.kind === "activity");
  const atRisk = activityRows.filter((row) => row.atRisk === true).sort(ascendingPct);
  const over = activityRows.filter((row) => row.overExecution);
  const overPct = report ? fmt.threshold(report.thresholds.overExecutionAbove) : "";
  // Nothing programmed in the period (or no month closed yet): the units and activities would
  // all read "—"; the monthly charts still show the year's programming.
  const progressTotals = report?.progressTotals;
  // A plan (or unit) of progress activities only: its one total is Σ of their period %.
  const onlyProgress = report?.totalsMeasure === "progress";
  const anything = (report?.totals.programmed ?? 0) > 0 || (progressTotals?.programmed ?? 0) > 0;
  const charts = (report?.charts ?? []).filter((spec) => anything || spec.kind !== "units-ranked");

  return (
    <Stack gap="lg">
      <Stack gap={4}>
        {/* The chosen period's, never the document's title (which may name another period). */}
        <Title order={1} size="h2">
          {report
            ? `${report.institution.name} · ${report.plan.kind} ${report.plan.year} · ${periodLabel(report)}`
            : t("dashboard.title")}
        </Title>
        {report && (
          <Text size="sm" c="gray.7">
            {t("dashboard.document", { title: report.plan.title })}
          </Text>
        )}
      </Stack>
      <Group align="flex-end" justify="space-between">
        <PeriodSelect value={period} onChange={(value) => go({ period: value })} />
        <Group gap="xs" aria-label={t("dashboard.download")} role="group">
          <Text size="sm">{t("dashboard.download")}:</Text>
          {reportFormats.map((format) => (
            <Anchor
              key={format}
              size="sm"
              href={reportUrl(planId, "units", { period, format, unit, lang: language })}
            >
              {t(`format.${format}`)}
            </Anchor>
          ))}
        </Group>
      </Group>
      {unit && (
        <Breadcrumbs aria-label={t("dashboard.scope")}>
          <Anchor component="button" type="button" onClick={() => go({ unit: undefined })}>
            {t("dashboard.allUnits")}
          </Anchor>
          <Text span>{unit}</Text>
        </Breadcrumbs>
      )}
      <ErrorAlert error={units.error} />
      {units.isPending && <Loader aria-label={t("common.loading")} />}
      {report && (
        <>
          <Card withBorder component="section" aria-label={t("dashboard.kpi")}>
            <Stack gap="md">
              <Kpi
                title={
                  (unit ? t("dashboard.unitPct", { unit }) : t("dashboard.institutionPct")) +
                  (progressTotals
                    ? ` · ${t("dashboard.quantityPct")}`
                    : onlyProgress
                      ? ` · ${t("dashboard.progressPct")}`
                      : "")
                }
                totals={report.totals}
                fmt={fmt}
                testId="execution-pct"
                detail={
                  report.period.code === NO_CLOSED_MONTHS
                    ? t("dashboard.noClosedMonths")
                    : report.totals.programmed > 0
                      ? t(onlyProgress ? "dashboard.progressExecuted" : "dashboard.programmedExecuted", {
                          executed: fmt.quantity(report.totals.executed),
                          programmed: fmt.quantity(report.totals.programmed),
                        })
                      : t("dashboard.noProgrammed")
                }
              />
              {progressTotals && (
                <>
                  <Kpi
                    title={
                      (unit ? t("dashboard.unitPct", { unit }) : t("dashboard.institutionPct")) +
                      ` · ${t("dashboard.progressPct")}`
                    }
                    totals={progressTotals}
                    fmt={fmt}
                    testId="progress-pct"
                    detail={
                      progressTotals.programmed > 0
                        ? t("dashboard.progressExecuted", {
                            executed: fmt.quantity(progressTotals.executed),
                            programmed: fmt.quantity(progressTotals.programmed),
                          })
                        : t("dashboard.noProgrammed")
                    }
                  />
                  <Text size="sm">{t("dashboard.kindsApart")}</Text>
                </>
              )}
            </Stack>
          </Card>
          {anything && ranked.length > 0 && (
            <Card withBorder component="section" aria-label={t("dashboard.units")}>
              <Stack gap="sm">
                <Title order={2} size="h3">
                  {t("dashboard.units")}
                </Title>
                <UnitsTable rows={ranked} fmt={fmt} onUnit={(name) => go({ unit: name })} />
              </Stack>
            </Card>
          )}
          {charts.length > 0 && (
            <Card withBorder component="section" aria-label={t("dashboard.charts")}>
              <SimpleGrid cols={{ base: 1, md: 2 }}>
                {charts.map((spec) => (
                  <div
                    key={spec.kind}
                    style={spec.kind === "units-ranked" ? { gridColumn: "1 / -1" } : undefined}
                  >
                    <ReportChart
                      spec={spec}
                      locale={report.institution.locale}
                      thresholds={report.thresholds}
                      label={spec.title}
                    />
                  </div>
                ))}
              </SimpleGrid>
            </Card>
          )}
          <ErrorAlert error={activities.error} />
          {anything && activities.data && (
            <>
              <ActivitiesTable
                title={t("dashboard.atRisk")}
                rows={atRisk}
                fmt={fmt}
                empty={t("dashboard.atRiskNone")}
                reasons={(row) => riskReasons(row, fmt, t, language)}
              />
              <ActivitiesTable
                title={t("dashboard.overExecutionTitle", { pct: overPct })}
                rows={over}
                fmt={fmt}
                empty={t("dashboard.overExecutionNone", { pct: overPct })}
              />
            </>
          )}
          {report.notes.length > 0 && (
            <Card withBorder component="section" aria-label={t("dashboard.notes")}>
              <Title order={2} size="h4" mb="xs">
                {t("dashboard.notes")}
              </Title>
              <List size="sm" spacing={4}>
                {report.notes.map((note) => (
                  <List.Item key={note}>{note}</List.Item>
                ))}
              </List>
            </Card>
          )}
        </>
      )}
    </Stack>
  );
}
