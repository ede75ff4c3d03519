/**
 * The import wizard: drop a file → the server's preview (what will be created, every problem on
 * its row and column) → skip the rows in error or cancel → commit that very preview → the plan's
 * dashboard. Nothing is written before "Importar".
 */
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Group,
  List,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from "@mantine/core";
import { Dropzone } from "@mantine/dropzone";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { ImportCommit, ImportPreview, ImportProblem } from "../../../src/contract/imports.js";
import { api, query } from "../api.js";
import { ErrorAlert } from "../components/error-alert.js";
import { ToneBadge } from "../components/light-badge.js";
import { ScrollTable } from "../components/scroll-table.js";
import { useI18n } from "../i18n/index.js";
import { Link } from "../router.js";
import { useWorkspace } from "../workspace.js";

const MAX_BYTES = 25 * 1024 * 1024;

function where(problem: ImportProblem): string {
  return [problem.sheet, problem.cell ?? problem.line ?? problem.row]
    .filter((part) => part !== undefined)
    .join(" · ");
}

/** Two problems are never the same code, place and message. */
function problemKey(problem: ImportProblem): string {
  return [
    problem.code,
    problem.sheet,
    problem.cell,
    problem.line,
    problem.row,
    problem.column,
    problem.message,
  ].join("|");
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <Stack gap={0}>
      <Text size="sm">{label}</Text>
      <Text fw={700} size="lg">
        {value}
      </Text>
    </Stack>
  );
}

function Preview({
  preview,
  onCommit,
  onCancel,
  committing,
}: {
  preview: ImportPreview;
  onCommit: (skipErrorRows: boolean) => void;
  onCancel: () => void;
  committing: boolean;
}) {
  const { t, formatters } = useI18n();
  const fmt = formatters();
  const [skip, setSkip] = useState(false);
  const { summary, problems } = preview;
  const hasErrors = summary.errors > 0;
  const canCommit = preview.importable || (hasErrors && preview.skippable > 0 && skip);
  return (
    <Stack>
      <Title order={2} size="h3">
        {t("import.previewTitle", { file: preview.fileName })}
      </Title>
      <Card withBorder>
        <SimpleGrid cols={{ base: 2, sm: 4 }}>
          <Figure label={t("import.kind")} value={summary.kind} />
          <Figure label={t("import.year")} value={String(summary.year)} />
          <Figure label={t("import.units")} value={fmt.quantity(summary.units)} />
          <Figure label={t("import.activities")} value={fmt.quantity(summary.activities)} />
          <Figure label={t("import.annualTarget")} value={fmt.quantity(summary.annualTarget)} />
          <Figure label={t("import.errors")} value={fmt.quantity(summary.errors)} />
          <Figure label={t("import.warnings")} value={fmt.quantity(summary.warnings)} />
        </SimpleGrid>
        <Text mt="sm">
          {t("import.planTitle")}: {summary.title}
        </Text>
      </Card>
      <Card withBorder component="section" aria-label={t("import.problemsTitle")}>
        <Title order={3} size="h4" mb="xs">
          {t("import.problemsTitle")}
        </Title>
        {problems.length === 0 ? (
          <Text>{t("import.noProblems")}</Text>
        ) : (
          <ScrollTable
            label={t("common.table", { name: t("import.problemsTitle") })}
            minWidth={320}
            maxHeight={420}
          >
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t("import.severity")}</Table.Th>
                  <Table.Th scope="col">{t("import.where")}</Table.Th>
                  <Table.Th scope="col" visibleFrom="sm">
                    {t("import.column")}
                  </Table.Th>
                  <Table.Th scope="col">{t("import.message")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {problems.map((problem) => (
                  <Table.Tr key={problemKey(problem)}>
                    <Table.Td>
                      <ToneBadge tone={problem.severity === "error" ? "red" : "amber"}>
                        {problem.severity === "error" ? t("import.error") : t("import.warning")}
                      </ToneBadge>
                    </Table.Td>
                    <Table.Td>{where(problem)}</Table.Td>
                    <Table.Td visibleFrom="sm">{problem.column ?? ""}</Table.Td>
                    <Table.Td>{problem.message}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        )}
      </Card>
      <Card withBorder component="section" aria-label={t("import.unitsTitle")}>
        <Title order={3} size="h4" mb="xs">
          {t("import.unitsTitle")}
        </Title>
        <List size="sm" spacing={2} style={{ columns: "18rem" }}>
          {preview.units.map((unit) => (
            <List.Item key={unit.key}>{unit.name}</List.Item>
          ))}
        </List>
      </Card>
      {hasErrors && preview.skippable > 0 && (
        <Checkbox
          checked={skip}
          onChange={(event) => setSkip(event.currentTarget.checked)}
          label={
            preview.skippable === 1
              ? t("import.skipErrorsOne")
              : t("import.skipErrors", { count: preview.skippable })
          }
        />
      )}
      {hasErrors && preview.skippable === 0 && (
        <Alert color="red" variant="outline" styles={{ message: { color: "#8b1a1a" } }}>
          {t("import.refused")}
        </Alert>
      )}
      <Group>
        <Button onClick={() => onCommit(skip)} disabled={!canCommit} loading={committing}>
          {committing ? t("import.committing") : t("import.commit")}
        </Button>
        <Button variant="default" onClick={onCancel} disabled={committing}>
          {t("import.cancel")}
        </Button>
      </Group>
    </Stack>
  );
}

export function ImportPage() {
  const { t } = useI18n();
  const { institution, mayImport } = useWorkspace();
  const [rejected, setRejected] = useState<string | null>(null);
  const upload = useMutation({
    mutationFn: async (file: File) =>
      api<ImportPreview>(`/api/imports${query({ institutionId: institution?.id, fileName: file.name })}`, {
        method: "POST",
        body: file,
      }),
  });
  const client = useQueryClient();
  const commit = useMutation({
    mutationFn: ({ token, skipErrorRows }: { token: string; skipErrorRows: boolean }) =>
      api<ImportCommit>(`/api/imports/${encodeURIComponent(token)}/commit`, {
        method: "POST",
        body: { skipErrorRows },
      }),
    // The new plan joins the plan picker; its reports, if it replaced one, are recomputed.
    onSuccess: () =>
      client.invalidateQueries({ predicate: (q) => ["plans", "report"].includes(String(q.queryKey[0])) }),
  });
  const reset = () => {
    upload.reset();
    commit.reset();
    setRejected(null);
  };

  return (
    <Stack maw={1100}>
      <Title order={1} size="h2">
        {t("import.title")}
      </Title>
      {!institution || !mayImport ? (
        <Text>{t("import.noInstitution")}</Text>
      ) : commit.data ? (
        <Card withBorder>
          <Stack>
            <Alert color="green" variant="outline" role="status" styles={{ message: { color: "#1b5e20" } }}>
              {commit.data.activities.created + commit.data.activities.updated === 0
                ? t("import.unchanged")
                : t("import.done", {
                    activities:
                      commit.data.activities.created +
                      commit.data.activities.updated +
                      commit.data.activities.unchanged,
                    created: commit.data.activities.created,
                    updated: commit.data.activities.updated,
                  })}
            </Alert>
            <Group>
              <Link to={`/plans/${commit.data.planId}`} fw={600}>
                {t("import.openDashboard")}
              </Link>
              <Button variant="default" onClick={reset}>
                {t("import.another")}
              </Button>
            </Group>
          </Stack>
        </Card>
      ) : upload.data ? (
        <>
          <ErrorAlert error={commit.error} />
          <Preview
            preview={upload.data}
            committing={commit.isPending}
            onCancel={reset}
            onCommit={(skipErrorRows) => commit.mutate({ token: upload.data.token, skipErrorRows })}
          />
        </>
      ) : (
        <>
          <Text>{t("import.intro")}</Text>
          <Text fw={600}>{t("import.institution", { institution: institution.name })}</Text>
          <ErrorAlert error={upload.error} />
          {rejected && (
            <Alert color="red" variant="outline" role="alert" styles={{ message: { color: "#8b1a1a" } }}>
              {t("import.rejected", { reason: rejected })}
            </Alert>
          )}
          <Dropzone
            onDrop={(files) => {
              const [file] = files;
              setRejected(null);
              if (file) upload.mutate(file);
            }}
            onReject={(rejections) => setRejected(rejections[0]?.errors[0]?.message ?? "")}
            maxSize={MAX_BYTES}
            multiple={false}
            loading={upload.isPending}
            aria-label={t("import.drop")}
            inputProps={{ "aria-label": t("import.drop") }}
          >
            <Stack align="center" gap={4} py="xl" style={{ pointerEvents: "none" }}>
              <Text size="lg" fw={600}>
                {upload.isPending && upload.variables
                  ? t("import.reading", { file: upload.variables.name })
                  : t("import.drop")}
              </Text>
              <Text size="sm">{t("import.dropHint")}</Text>
            </Stack>
          </Dropzone>
        </>
      )}
    </Stack>
  );
}
