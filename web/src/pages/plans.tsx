/**
 * The institution's plans with their status (every member reads; planners and admins reach it
 * from the sidebar) and «Nuevo plan»: blank (year, kind, title…), from another plan (a draft of a
 * new year with its activities and, if asked, its programming: `POST …/plans/{id}/copy`, a
 * planner's), or from a file (the import wizard).
 */
import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  NumberInput,
  Radio,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { CopyPlanBody, CreatePlanBody, Plan, PlanCopy } from "../../../src/contract/plans.js";
import { type PlanKind, type PlanStatus, planKinds } from "../../../src/domain/plan-status.js";
import { api } from "../api.js";
import { ErrorAlert } from "../components/error-alert.js";
import { ScrollTable } from "../components/scroll-table.js";
import { useFieldError } from "../components/workflow/field-error.js";
import { useI18n } from "../i18n/index.js";
import { plansKey, usePlans } from "../plans.js";
import { useAbilities } from "../roles.js";
import { Link, navigate } from "../router.js";
import { institutionPath } from "../workflow.js";
import { useWorkspace } from "../workspace.js";

const statusColors: Record<PlanStatus, { color: string; text: string }> = {
  draft: { color: "gray", text: "#37474f" },
  approved: { color: "blue", text: "#0d3c78" },
  in_execution: { color: "green", text: "#1b5e20" },
  closed: { color: "dark", text: "#212121" },
};

export function PlanStatusBadge({ status }: { status: PlanStatus }) {
  const { t } = useI18n();
  const tone = statusColors[status];
  return (
    <Badge variant="light" color={tone.color} c={tone.text} radius="sm">
      {t(`plans.status.${status}`)}
    </Badge>
  );
}

type Mode = "blank" | "copy" | "file";

function NewPlan({
  institutionId,
  plans,
  onClose,
}: {
  institutionId: string;
  plans: Plan[];
  onClose: () => void;
}) {
  const { t } = useI18n();
  const fieldError = useFieldError();
  const client = useQueryClient();
  const { planner } = useAbilities();
  const { rememberPlan } = useWorkspace();
  const newest = plans[0];
  const [mode, setMode] = useState<Mode>("blank");
  const [year, setYear] = useState<number | string>((newest?.year ?? new Date().getFullYear()) + 1);
  const [kind, setKind] = useState<PlanKind>(newest?.kind ?? "POI");
  const [title, setTitle] = useState("");
  const [sourceId, setSourceId] = useState<string | null>(newest?.id ?? null);
  const [withProgramming, setWithProgramming] = useState(true);
  const source = plans.find((plan) => plan.id === sourceId);
  const done = async (plan: Plan) => {
    await client.invalidateQueries({ queryKey: plansKey(institutionId) });
    rememberPlan(institutionId, plan.id);
    navigate(`/plans/${plan.id}/activities`);
  };
  const create = useMutation({
    mutationFn: async () => {
      if (mode === "copy") {
        const body: CopyPlanBody = {
          year: Number(year),
          withProgramming,
          ...(title.trim() ? { title: title.trim() } : {}),
        };
        return (
          await api<PlanCopy>(institutionPath(institutionId, `plans/${sourceId}/copy`), {
            method: "POST",
            body,
          })
        ).plan;
      }
      const body: Pick<CreatePlanBody, "year" | "kind" | "title"> = {
        year: Number(year),
        kind,
        title: title.trim(),
      };
      return api<Plan>(institutionPath(institutionId, "plans"), { method: "POST", body });
    },
    onSuccess: done,
  });
  const known = ["year", "kind", "title"].some((field) => fieldError(create.error, field));
  const modes = [
    { value: "blank", label: t("plans.new.blank") },
    ...(planner && plans.length > 0 ? [{ value: "copy", label: t("plans.new.copy") }] : []),
    { value: "file", label: t("plans.new.file") },
  ];
  return (
    <Modal
      opened
      closeButtonProps={{ "aria-label": t("common.cancel") }}
      onClose={onClose}
      title={t("plans.new")}
      size="lg"
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          create.mutate();
        }}
      >
        <Stack gap="sm">
          <Radio.Group label={t("plans.new.how")} value={mode} onChange={(value) => setMode(value as Mode)}>
            <Group gap="md" mt={4}>
              {modes.map((option) => (
                <Radio key={option.value} value={option.value} label={option.label} />
              ))}
            </Group>
          </Radio.Group>
          {mode === "file" ? (
            <>
              <Text size="sm">{t("plans.new.fileHint")}</Text>
              <Group>
                <Button onClick={() => navigate("/import")}>{t("plans.new.toImport")}</Button>
              </Group>
            </>
          ) : (
            <>
              {mode === "copy" && (
                <>
                  <Select
                    label={t("plans.new.source")}
                    data={plans.map((plan) => ({
                      value: plan.id,
                      label: `${plan.kind} ${plan.year} · ${plan.title}`,
                    }))}
                    value={sourceId}
                    onChange={(value) => {
                      setSourceId(value);
                      const chosen = plans.find((plan) => plan.id === value);
                      if (chosen) setYear(chosen.year + 1);
                    }}
                    allowDeselect={false}
                  />
                  <Text size="sm">{t("plans.new.copyHint")}</Text>
                </>
              )}
              <Group align="flex-start" wrap="wrap">
                <NumberInput
                  label={t("plans.year")}
                  value={year}
                  onChange={setYear}
                  error={fieldError(create.error, "year")}
                  allowDecimal={false}
                  thousandSeparator={false}
                  required
                  w={120}
                />
                {mode === "blank" && (
                  <Select
                    label={t("plans.kind")}
                    data={planKinds.map((value) => ({ value, label: value }))}
                    value={kind}
                    onChange={(value) => value && setKind(value as PlanKind)}
                    error={fieldError(create.error, "kind")}
                    allowDeselect={false}
                    w={120}
                  />
                )}
                <TextInput
                  label={t("plans.title")}
                  placeholder={mode === "copy" ? source?.title : undefined}
                  description={mode === "copy" ? t("plans.new.titleHint") : undefined}
                  value={title}
                  onChange={(event) => setTitle(event.currentTarget.value)}
                  error={fieldError(create.error, "title")}
                  required={mode === "blank"}
                  w={{ base: "100%", sm: 380 }}
                />
              </Group>
              {mode === "copy" && (
                <Checkbox
                  label={t("plans.new.withProgramming")}
                  checked={withProgramming}
                  onChange={(event) => setWithProgramming(event.currentTarget.checked)}
                />
              )}
              {!known && <ErrorAlert error={create.error} />}
              <Group justify="flex-end">
                <Button variant="default" onClick={onClose}>
                  {t("common.cancel")}
                </Button>
                <Button type="submit" loading={create.isPending}>
                  {mode === "copy" ? t("plans.new.copySubmit") : t("plans.new.submit")}
                </Button>
              </Group>
            </>
          )}
        </Stack>
      </form>
    </Modal>
  );
}

export function PlansPage() {
  const { t } = useI18n();
  const { institution } = useWorkspace();
  const { admin, planner } = useAbilities();
  const plans = usePlans(institution?.id);
  const [creating, setCreating] = useState(false);
  const writer = admin || planner;
  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <Title order={1} size="h2">
          {t("plans.pageTitle")}
        </Title>
        {writer && <Button onClick={() => setCreating(true)}>{t("plans.new")}</Button>}
      </Group>
      <ErrorAlert error={plans.error} />
      {plans.data && plans.data.length === 0 && <Alert>{t("plans.none")}</Alert>}
      {plans.data && plans.data.length > 0 && (
        <ScrollTable label={t("common.table", { name: t("plans.pageTitle") })} minWidth={640}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("plans.year")}</Table.Th>
                <Table.Th>{t("plans.kind")}</Table.Th>
                <Table.Th>{t("plans.state")}</Table.Th>
                <Table.Th>{t("plans.title")}</Table.Th>
                <Table.Th>{t("plans.open")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {plans.data.map((plan) => (
                <Table.Tr key={plan.id}>
                  <Table.Td>{plan.year}</Table.Td>
                  <Table.Td>{plan.kind}</Table.Td>
                  <Table.Td>
                    <PlanStatusBadge status={plan.status} />
                  </Table.Td>
                  <Table.Td>{plan.title}</Table.Td>
                  <Table.Td>
                    <Group gap="sm" wrap="nowrap">
                      <Link to={`/plans/${plan.id}/activities`} size="sm">
                        {t("plans.activities")}
                      </Link>
                      <Link to={`/plans/${plan.id}`} size="sm">
                        {t("nav.dashboard")}
                      </Link>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      {creating && institution && plans.data && (
        <NewPlan institutionId={institution.id} plans={plans.data} onClose={() => setCreating(false)} />
      )}
    </Stack>
  );
}
