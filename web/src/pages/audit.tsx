/**
 * The audit log of the institution (any member: auditors are viewers): filtered by plan, unit,
 * user (for admins, who may list the users), action and dates, newest first, a page at a time,
 * and every matching entry as a CSV file with the same filters.
 */
import {
  Anchor,
  Button,
  Card,
  Group,
  Pagination,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { AuditPage as AuditEntries } from "../../../src/contract/audit.js";
import { auditActions } from "../../../src/domain/audit-words.js";
import { api, query } from "../api.js";
import { ErrorAlert } from "../components/error-alert.js";
import { HistoryTable } from "../components/workflow/history-table.js";
import { useI18n } from "../i18n/index.js";
import { usePlans } from "../plans.js";
import { useAbilities, useMembers, useUnits } from "../roles.js";
import { institutionPath } from "../workflow.js";
import { useWorkspace } from "../workspace.js";

const PAGE_SIZE = 50;

type Filter = {
  planId?: string;
  unitId?: string;
  userId?: string;
  action?: string;
  from?: string;
  to?: string;
};

export function AuditPage() {
  const { t } = useI18n();
  const { institution } = useWorkspace();
  const institutionId = institution?.id ?? "";
  const [draft, setDraft] = useState<Filter>({});
  const [filter, setFilter] = useState<Filter>({});
  const [page, setPage] = useState(1);
  const { admin } = useAbilities();
  const plans = usePlans(institution?.id);
  const units = useUnits();
  // Only admins may list the institution's users (`GET …/users`): the others filter without them.
  const members = useMembers(admin);
  const depths = new Map((units.data ?? []).map((unit) => [unit.id, unit.depth]));
  const choose = (key: keyof Filter) => (value: string | null) =>
    setDraft({ ...draft, [key]: value ?? undefined });
  const search = query({ ...filter, page, pageSize: PAGE_SIZE });
  const entries = useQuery({
    queryKey: ["audit", institutionId, search],
    enabled: institution !== undefined,
    queryFn: () => api<AuditEntries>(institutionPath(institutionId, `audit${search}`)),
  });
  const pages = Math.max(1, Math.ceil((entries.data?.total ?? 0) / PAGE_SIZE));
  return (
    <Stack gap="lg">
      <Title order={1} size="h2">
        {t("audit.title")}
      </Title>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          setFilter(draft);
          setPage(1);
        }}
      >
        <Group align="flex-end" wrap="wrap">
          <Select
            label={t("audit.plan")}
            placeholder={t("audit.anyPlan")}
            data={(plans.data ?? []).map((plan) => ({
              value: plan.id,
              label: `${plan.kind} ${plan.year} · ${plan.title}`,
            }))}
            value={draft.planId ?? null}
            onChange={choose("planId")}
            clearable
            searchable
            w={{ base: "100%", sm: 260 }}
          />
          <Select
            label={t("audit.unit")}
            placeholder={t("audit.anyUnit")}
            data={(units.data ?? []).map((unit) => ({ value: unit.id, label: unit.name }))}
            // The tree's depth as an indent in the list; the field shows the bare name.
            renderOption={({ option }) => (
              <Text size="sm" pl={(depths.get(option.value) ?? 0) * 12}>
                {option.label}
              </Text>
            )}
            value={draft.unitId ?? null}
            onChange={choose("unitId")}
            clearable
            searchable
            w={{ base: "100%", sm: 260 }}
          />
          {admin && (
            <Select
              label={t("audit.byUser")}
              placeholder={t("audit.anyUser")}
              data={(members.data?.items ?? []).map((member) => ({
                value: member.id,
                label: member.name ? `${member.name} · ${member.email}` : member.email,
              }))}
              value={draft.userId ?? null}
              onChange={choose("userId")}
              clearable
              searchable
              w={{ base: "100%", sm: 260 }}
            />
          )}
          <Select
            label={t("audit.action")}
            placeholder={t("audit.anyAction")}
            data={auditActions.map((value) => ({ value, label: t(`audit.action.${value}`) }))}
            value={draft.action ?? null}
            onChange={choose("action")}
            clearable
            searchable
            w={{ base: "100%", sm: 200 }}
          />
          <TextInput
            type="date"
            label={t("audit.from")}
            value={draft.from ?? ""}
            onChange={(event) => setDraft({ ...draft, from: event.currentTarget.value || undefined })}
          />
          <TextInput
            type="date"
            label={t("audit.to")}
            value={draft.to ?? ""}
            onChange={(event) => setDraft({ ...draft, to: event.currentTarget.value || undefined })}
          />
          <Button type="submit">{t("audit.search")}</Button>
          <Anchor href={institutionPath(institutionId, `audit${query({ ...filter, format: "csv" })}`)}>
            {t("audit.csv")}
          </Anchor>
        </Group>
      </form>
      <ErrorAlert error={entries.error} />
      {entries.data && (
        <Card withBorder>
          <Stack gap="sm">
            <Text size="sm">{t("audit.total", { total: entries.data.total })}</Text>
            <HistoryTable entries={entries.data.items} label={t("audit.title")} />
            {pages > 1 && (
              <Pagination total={pages} value={page} onChange={setPage} aria-label={t("audit.pages")} />
            )}
          </Stack>
        </Card>
      )}
    </Stack>
  );
}
