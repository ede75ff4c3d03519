/**
 * The frame of every page once logged in: header (name, institution and plan pickers, language,
 * logout) and the navigation, which folds behind a button on a phone.
 */
import { Anchor, AppShell, Burger, Button, Group, NavLink, Select, Stack, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useEffect } from "react";
import { api, setCsrfToken } from "./api.js";
import { LanguageSwitch } from "./components/language-switch.js";
import { PlanStatusBadge } from "./components/plan-status-badge.js";
import { useI18n } from "./i18n/index.js";
import { usePlans } from "./plans.js";
import { useAbilities } from "./roles.js";
import { navigate, useRoute } from "./router.js";
import { meKey, useMe } from "./session.js";
import { planOfPath, useWorkspace } from "./workspace.js";

/**
 * The plan picker shows the institution's plans on every page: the open plan on a plan's pages,
 * the remembered one elsewhere (audit, users…), «Elegir un plan» when none was opened yet; the
 * chosen plan's status badge beside it.
 */
function Pickers() {
  const { t } = useI18n();
  const { institutions, institution, setInstitutionId, lastPlanId } = useWorkspace();
  const plans = usePlans(institution?.id);
  const { path } = useRoute();
  const openPlan = planOfPath(path) ?? lastPlanId;
  if (!institution) return null;
  const shown = (plans.data ?? []).find((plan) => plan.id === openPlan);
  const planData = (plans.data ?? []).map((plan) => ({
    value: plan.id,
    label: `${plan.kind} ${plan.year} · ${plan.title}`,
  }));
  return (
    <>
      <Select
        size="xs"
        label={t("header.institution")}
        data={institutions.map((item) => ({ value: item.id, label: item.name }))}
        value={institution.id}
        onChange={(value) => {
          if (value) {
            setInstitutionId(value);
            navigate("/");
          }
        }}
        allowDeselect={false}
        w={{ base: "100%", sm: 220 }}
      />
      {plans.isSuccess && (
        <Select
          size="xs"
          label={t("header.plan")}
          data={planData}
          value={planData.some((plan) => plan.value === openPlan) ? (openPlan ?? null) : null}
          placeholder={planData.length > 0 ? t("header.choosePlan") : t("header.noPlans")}
          disabled={planData.length === 0}
          onOptionSubmit={(value) => navigate(`/plans/${value}`)}
          allowDeselect={false}
          w={{ base: "100%", sm: 260 }}
        />
      )}
      {shown && (
        <Group gap={0} pb={6}>
          <PlanStatusBadge status={shown.status} />
        </Group>
      )}
    </>
  );
}

/** The header's link to the account page, with the user's name (their e-mail when they have none). */
function AccountLink({ onNavigate }: { onNavigate?: () => void }) {
  const { t } = useI18n();
  const user = useMe().data?.user;
  const { path } = useRoute();
  if (!user) return null;
  const name = user.name || user.email;
  return (
    <Anchor
      href="/account"
      size="sm"
      fw={600}
      aria-label={t("header.account", { name })}
      aria-current={path === "/account" ? "page" : undefined}
      onClick={(event) => {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        onNavigate?.();
        navigate("/account");
      }}
      truncate="end"
      maw={220}
    >
      {name}
    </Anchor>
  );
}

export function Shell({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const [opened, { toggle, close }] = useDisclosure();
  const { path } = useRoute();
  const { institution, lastPlanId, rememberPlan } = useWorkspace();
  const abilities = useAbilities();
  // Any plan page opened (dashboard, grid, months, reports) is the one the other pages come back to.
  const plans = usePlans(institution?.id);
  const pathPlan = planOfPath(path);
  const known = pathPlan !== undefined && (plans.data ?? []).some((plan) => plan.id === pathPlan);
  useEffect(() => {
    if (institution && pathPlan && known && pathPlan !== lastPlanId) rememberPlan(institution.id, pathPlan);
  }, [institution, pathPlan, known, lastPlanId, rememberPlan]);
  const client = useQueryClient();
  const logout = async () => {
    await api("/api/auth/logout", { method: "POST" }).catch(() => undefined);
    setCsrfToken(null);
    client.clear();
    client.setQueryData(meKey, null);
    navigate("/");
  };
  const links = [
    { to: "/", label: t("nav.home"), active: path === "/" },
    ...(lastPlanId
      ? [
          {
            to: `/plans/${lastPlanId}`,
            label: t("nav.dashboard"),
            active: path.startsWith("/plans/") && !/\/(reports|grid|months|activities)$/.test(path),
          },
          { to: `/plans/${lastPlanId}/reports`, label: t("nav.reports"), active: path.endsWith("/reports") },
          { to: `/plans/${lastPlanId}/grid`, label: t("grid.nav"), active: path.endsWith("/grid") },
          ...(abilities.planner
            ? [
                {
                  to: `/plans/${lastPlanId}/months`,
                  label: t("months.nav"),
                  active: path.endsWith("/months"),
                },
              ]
            : []),
        ]
      : []),
    ...(abilities.admin || abilities.planner
      ? [
          { to: "/units", label: t("units.nav"), active: path === "/units" },
          { to: "/plans", label: t("plans.nav"), active: path === "/plans" || path.endsWith("/activities") },
        ]
      : []),
    { to: "/import", label: t("nav.import"), active: path === "/import" },
    { to: "/reprogrammings", label: t("reprog.nav"), active: path === "/reprogrammings" },
    { to: "/audit", label: t("audit.nav"), active: path === "/audit" },
    ...(abilities.admin
      ? [
          { to: "/users", label: t("users.nav"), active: path === "/users" },
          { to: "/settings", label: t("settings.nav"), active: path === "/settings" },
        ]
      : []),
  ];
  return (
    <AppShell
      header={{ height: { base: 56, sm: 72 } }}
      navbar={{ width: 220, breakpoint: "sm", collapsed: { mobile: !opened } }}
      padding={{ base: "xs", sm: "md" }}
    >
      <AppShell.Header>
        <a className="skip-link" href="#main">
          {t("app.skipToContent")}
        </a>
        <Group h="100%" px={{ base: "xs", sm: "md" }} justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t("nav.menu")} />
            <Text component="span" fw={700} size="lg" c="#1f4f8a">
              {t("app.name")}
            </Text>
            <Group gap="sm" visibleFrom="sm" align="flex-end" wrap="nowrap">
              <Pickers />
            </Group>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Group visibleFrom="sm">
              <AccountLink />
            </Group>
            <LanguageSwitch />
            <Button variant="default" size="xs" onClick={logout}>
              {t("header.logout")}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" aria-label={t("nav.main")} component="nav">
        <Stack gap="sm" hiddenFrom="sm" mb="md">
          <AccountLink onNavigate={close} />
          <Pickers />
        </Stack>
        {links.map((link) => (
          <NavLink
            key={link.to}
            href={link.to}
            label={link.label}
            active={link.active}
            variant="filled"
            aria-current={link.active ? "page" : undefined}
            onClick={(event) => {
              event.preventDefault();
              close();
              navigate(link.to);
            }}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        {children}
      </AppShell.Main>
    </AppShell>
  );
}
