/**
 * A plan's next step for a planner: «Aprobar» (draft), «Iniciar ejecución» (approved), «Cerrar
 * plan» (in execution), each behind a confirmation. «Aprobar» first shows the plan's checks
 * (`GET …/plans/{planId}/checks`), grouped with their counts and items; approving with warnings
 * is allowed. After a step every query is read again: badges, grid, months and reports follow.
 * Placed on the home cards; it can go on any page that has the plan.
 */
import { Alert, Button, Group, List, Modal, Stack, Text, Title } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { Plan, PlanCheck, PlanChecks } from "../../../src/contract/plans.js";
import type { PlanTransition } from "../../../src/domain/plan-status.js";
import { api } from "../api.js";
import { useI18n } from "../i18n/index.js";
import { useAbilities } from "../roles.js";
import { institutionPath } from "../workflow.js";
import { ErrorAlert } from "./error-alert.js";

/** The step each status offers (a closed plan has none). */
const nextStep: Record<Plan["status"], PlanTransition | null> = {
  draft: "approve",
  approved: "start",
  in_execution: "close",
  closed: null,
};

/** How many items of a check the dialog lists before «… y N más». */
const SHOWN = 10;

function CheckGroup({ check, year, locale }: { check: PlanCheck; year: number; locale: string | undefined }) {
  const { t, formatters } = useI18n();
  const fmt = formatters(locale);
  const titleId = `plan-check-${check.code}`;
  const line = (item: PlanCheck["items"][number]) => {
    const names = { activity: `«${item.activityName ?? ""}»`, unit: item.unitName };
    switch (check.code) {
      case "target_differs":
        return t(
          item.measureKind === "progress" ? "planLife.item.targetProgress" : "planLife.item.targetQuantity",
          {
            ...names,
            target: fmt.quantity(item.target),
            programmed: fmt.quantity(item.programmed),
          },
        );
      case "nothing_programmed":
        return t("planLife.item.nothing", names);
      case "unit_without_activities":
        return t("planLife.item.unit", names);
      case "dates_outside_year":
        return t("planLife.item.dates", { ...names, start: item.startDate ?? "—", end: item.endDate ?? "—" });
    }
  };
  return (
    <section aria-labelledby={titleId}>
      <Title order={3} size="h5" id={titleId}>
        {t(`planLife.check.${check.code}`, { year })} ({check.count})
      </Title>
      <List size="sm" spacing={2} mt={4}>
        {check.items.slice(0, SHOWN).map((item) => (
          <List.Item key={`${item.unitId}:${item.activityId ?? ""}`}>{line(item)}</List.Item>
        ))}
      </List>
      {check.count > SHOWN && (
        <Text size="sm" mt={2}>
          {t("planLife.more", { count: check.count - SHOWN })}
        </Text>
      )}
    </section>
  );
}

function ApproveChecks({ checks, locale }: { checks: PlanChecks; locale: string | undefined }) {
  const { t } = useI18n();
  const found = checks.checks.filter((check) => check.count > 0);
  return (
    <Stack gap="sm">
      {found.length === 0 ? (
        <Alert color="green" variant="outline" styles={{ message: { color: "#1b5e20" } }}>
          {t("planLife.checksNone", { count: checks.activityCount })}
        </Alert>
      ) : (
        <Alert color="yellow" variant="outline" styles={{ message: { color: "#5c3c00" } }}>
          {checks.warningCount === 1
            ? t("planLife.checksFoundOne", { activities: checks.activityCount })
            : t("planLife.checksFound", { count: checks.warningCount, activities: checks.activityCount })}
        </Alert>
      )}
      {found.map((check) => (
        <CheckGroup key={check.code} check={check} year={checks.year} locale={locale} />
      ))}
    </Stack>
  );
}

export function PlanSteps({
  plan,
  institutionId,
  locale,
}: {
  plan: Plan;
  institutionId: string;
  locale?: string;
}) {
  const { t } = useI18n();
  const { planner } = useAbilities();
  const client = useQueryClient();
  const phone = useMediaQuery("(max-width: 36em)");
  const [open, setOpen] = useState(false);
  const step = nextStep[plan.status];
  const name = `${plan.kind} ${plan.year} · ${plan.title}`;
  const checks = useQuery({
    queryKey: ["plan-checks", institutionId, plan.id],
    enabled: open && step === "approve",
    // Read again each time the dialog opens: the programming may have changed meanwhile.
    staleTime: 0,
    queryFn: () => api<PlanChecks>(institutionPath(institutionId, `plans/${plan.id}/checks`)),
  });
  const move = useMutation({
    mutationFn: (transition: PlanTransition) =>
      api<Plan>(institutionPath(institutionId, `plans/${plan.id}/${transition}`), { method: "POST" }),
    onSuccess: async () => {
      setOpen(false);
      // The header, the home cards, the grid, the months and the reports all read the status.
      await client.invalidateQueries();
    },
  });
  if (!planner || step === null) return null;
  const label = { approve: t("planLife.approve"), start: t("planLife.start"), close: t("planLife.close") }[
    step
  ];
  const title = {
    approve: t("planLife.approveTitle", { plan: name }),
    start: t("planLife.startTitle", { plan: name }),
    close: t("planLife.closeTitle", { plan: name }),
  }[step];
  const text = {
    approve: t("planLife.approveText"),
    start: t("planLife.startText"),
    close: t("planLife.closeText"),
  }[step];
  const warnings = checks.data?.warningCount ?? 0;
  const confirm = {
    approve:
      warnings === 1
        ? t("planLife.approveWithOneWarning")
        : warnings > 0
          ? t("planLife.approveWithWarnings", { count: warnings })
          : t("planLife.approveConfirm"),
    start: t("planLife.startConfirm"),
    close: t("planLife.closeConfirm"),
  }[step];
  return (
    <>
      <Button
        size="xs"
        variant={step === "close" ? "default" : "filled"}
        onClick={() => {
          move.reset();
          setOpen(true);
        }}
      >
        {label}
      </Button>
      <Modal
        opened={open}
        onClose={() => setOpen(false)}
        title={title}
        size="lg"
        fullScreen={phone}
        closeButtonProps={{ "aria-label": t("common.cancel") }}
      >
        <Stack>
          {step === "approve" && (
            <>
              {checks.isPending && <Text>{t("planLife.checking")}</Text>}
              <ErrorAlert error={checks.error} />
              {checks.data && <ApproveChecks checks={checks.data} locale={locale} />}
            </>
          )}
          <Text size="sm">{text}</Text>
          <ErrorAlert error={move.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpen(false)}>
              {t("common.cancel")}
            </Button>
            <Button
              onClick={() => move.mutate(step)}
              loading={move.isPending}
              disabled={step === "approve" && !checks.data}
              data-autofocus
            >
              {confirm}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
