/**
 * Home: the invitations waiting for the user's answer, the plans of the chosen institution (each
 * with its status and, for a planner, its next step: components/plan-steps.tsx), or, for an
 * institution without plans, the way to formulate one (units, then «Nuevo plan», or a file), and
 * on an empty installation a welcome with "Cargar ejemplo" (the two sample documents as demo
 * plans, opened at Q1) and the import wizard.
 */
import { Button, Card, Group, Stack, Text, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { Demo } from "../../../src/contract/demo.js";
import { api } from "../api.js";
import { ErrorAlert } from "../components/error-alert.js";
import { PendingInvitations } from "../components/pending-invitations.js";
import { PlanStatusBadge } from "../components/plan-status-badge.js";
import { PlanSteps } from "../components/plan-steps.js";
import { useI18n } from "../i18n/index.js";
import { plansKey, usePlans } from "../plans.js";
import { useAbilities } from "../roles.js";
import { Link, navigate } from "../router.js";
import { meKey, useMe } from "../session.js";
import { institutionsKey, useWorkspace } from "../workspace.js";

function DemoCard() {
  const { t } = useI18n();
  const client = useQueryClient();
  const { setInstitutionId, rememberPlan } = useWorkspace();
  const demo = useMutation({
    mutationFn: () => api<Demo>("/api/demo", { method: "POST" }),
    onSuccess: async (answer) => {
      // The caller became a member of the demo institution: the header must list it.
      await Promise.all([
        client.invalidateQueries({ queryKey: meKey }),
        client.invalidateQueries({ queryKey: institutionsKey }),
        client.invalidateQueries({ queryKey: plansKey(answer.institutionId) }),
      ]);
      setInstitutionId(answer.institutionId);
      rememberPlan(answer.institutionId, answer.planId);
      navigate(`/plans/${answer.planId}?period=${answer.period}`);
    },
  });
  return (
    <Card withBorder padding="lg">
      <Stack>
        <Title order={2} size="h3">
          {t("home.emptyTitle")}
        </Title>
        <Text>{t("home.emptyText")}</Text>
        <Text size="sm">{t("home.demoText")}</Text>
        <ErrorAlert error={demo.error} />
        <Group>
          <Button onClick={() => demo.mutate()} loading={demo.isPending}>
            {t("home.loadDemo")}
          </Button>
          <Button variant="default" onClick={() => navigate("/import")}>
            {t("home.importOwn")}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

/** An institution without plans: where its year starts, for those who formulate it. */
function StartCard({ institution }: { institution: string }) {
  const { t } = useI18n();
  return (
    <Card withBorder padding="lg">
      <Stack gap="sm">
        <Title order={2} size="h3">
          {t("home.startTitle", { institution })}
        </Title>
        <Text>{t("home.startText")}</Text>
        <Group>
          <Button onClick={() => navigate("/units")}>{t("home.startUnits")}</Button>
          <Button onClick={() => navigate("/plans")}>{t("home.startPlan")}</Button>
          <Button variant="default" onClick={() => navigate("/import")}>
            {t("home.importOwn")}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

export function HomePage() {
  const { t } = useI18n();
  const me = useMe();
  const { institution } = useWorkspace();
  const abilities = useAbilities();
  const plans = usePlans(institution?.id);
  const user = me.data?.user;
  const mayLoadDemo = user?.superAdmin || user?.memberships.some((membership) => membership.role === "admin");
  const items = plans.data ?? [];
  return (
    <Stack maw={900}>
      <Title order={1} size="h2">
        {t("home.welcome", { name: user?.name || user?.email || "" })}
      </Title>
      <PendingInvitations />
      {institution && items.length > 0 && (
        <Stack>
          <Title order={2} size="h3">
            {t("home.plansTitle", { institution: institution.name })}
          </Title>
          {items.map((plan) => (
            <Card key={plan.id} withBorder>
              <Group justify="space-between">
                <Group gap="sm">
                  <Text fw={600}>
                    {plan.kind} {plan.year} · {plan.title}
                  </Text>
                  <PlanStatusBadge status={plan.status} />
                </Group>
                <Group gap="sm">
                  <PlanSteps plan={plan} institutionId={institution.id} locale={institution.locale} />
                  <Link to={`/plans/${plan.id}`}>{t("home.openDashboard")}</Link>
                </Group>
              </Group>
            </Card>
          ))}
        </Stack>
      )}
      {!institution && !mayLoadDemo && <Text>{t("home.noInstitution")}</Text>}
      {institution && items.length === 0 && plans.isSuccess && (abilities.admin || abilities.planner) && (
        <StartCard institution={institution.name} />
      )}
      {items.length === 0 && mayLoadDemo && !plans.isLoading && <DemoCard />}
      {items.length === 0 && !mayLoadDemo && institution && !abilities.planner && (
        <Group>
          <Button onClick={() => navigate("/import")}>{t("home.importOwn")}</Button>
        </Group>
      )}
    </Stack>
  );
}
