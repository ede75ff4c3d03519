/** Providers, the session gate (first run, login) and the pages. */
import { Center, createTheme, Loader, MantineProvider } from "@mantine/core";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { lazy, Suspense } from "react";
import { ApiError } from "./api.js";
import { ErrorAlert } from "./components/error-alert.js";
import { I18nProvider, useI18n } from "./i18n/index.js";
import { HomePage } from "./pages/home.js";
import { LoginPage } from "./pages/login.js";
import { SetupPage } from "./pages/setup.js";
import { preloadReport } from "./reports.js";
import { useRoute } from "./router.js";
import { meQuery, useMe, useSetup } from "./session.js";
import { Shell } from "./shell.js";
import { WorkspaceProvider } from "./workspace.js";

// The charts (ECharts) and the dropzone load with their pages: the login page stays small.
const loadDashboard = () => import("./pages/dashboard.js");
const loadGrid = () => import("./pages/grid.js");
const DashboardPage = lazy(() => loadDashboard().then((module) => ({ default: module.DashboardPage })));
const ReportsPage = lazy(() =>
  import("./pages/reports.js").then((module) => ({ default: module.ReportsPage })),
);
const GridPage = lazy(() => loadGrid().then((module) => ({ default: module.GridPage })));
const ImportPage = lazy(() => import("./pages/import.js").then((module) => ({ default: module.ImportPage })));
const MonthsPage = lazy(() => import("./pages/months.js").then((module) => ({ default: module.MonthsPage })));
const ActivityPage = lazy(() =>
  import("./pages/activity.js").then((module) => ({ default: module.ActivityPage })),
);
const ReprogrammingsPage = lazy(() =>
  import("./pages/reprogrammings.js").then((module) => ({ default: module.ReprogrammingsPage })),
);
const AuditPage = lazy(() => import("./pages/audit.js").then((module) => ({ default: module.AuditPage })));
const UsersPage = lazy(() => import("./pages/users.js").then((module) => ({ default: module.UsersPage })));
const InvitationPage = lazy(() =>
  import("./pages/invitation.js").then((module) => ({ default: module.InvitationPage })),
);
const AccountPage = lazy(() =>
  import("./pages/account.js").then((module) => ({ default: module.AccountPage })),
);
const UnitsPage = lazy(() => import("./pages/units.js").then((module) => ({ default: module.UnitsPage })));
const PlansPage = lazy(() => import("./pages/plans.js").then((module) => ({ default: module.PlansPage })));
const PlanActivitiesPage = lazy(() =>
  import("./pages/plan-activities.js").then((module) => ({ default: module.PlanActivitiesPage })),
);
const SettingsPage = lazy(() =>
  import("./pages/settings.js").then((module) => ({ default: module.SettingsPage })),
);

// Shade 8 of the blue keeps white text on buttons above the 4.5:1 contrast of WCAG AA.
const theme = createTheme({ primaryColor: "blue", primaryShade: 8, fontFamily: "Roboto, Arial, sans-serif" });

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      refetchOnWindowFocus: false,
      // A 4xx will answer the same again; only a network failure is worth one more try.
      retry: (count, error) => !(error instanceof ApiError) && count < 1,
    },
  },
});

const PLAN_PAGE = /^\/plans\/([0-9a-f-]{36})(\/reports|\/grid)?$/i;

/**
 * What the page at `location` will need, asked for as the app starts instead of after the
 * session and the institutions have answered (each waited for the one before): the session, then
 * the code of a dashboard or a grid and a dashboard's two reports. The session goes first so
 * that the server, whose embedded database runs one query at a time, does not put it behind
 * the reports. Without a session the reports answer 401 and are dropped (`preloadReport`).
 */
export function preloadPage({ pathname, search }: Pick<Location, "pathname" | "search">): void {
  void queryClient.prefetchQuery(meQuery);
  const [, plan, page] = PLAN_PAGE.exec(pathname) ?? [];
  if (!plan) return;
  if (page === "/grid") void loadGrid();
  if (page) return;
  void loadDashboard();
  const params = new URLSearchParams(search);
  // As the dashboard reads them (pages/dashboard.tsx): the period defaults to the year so far.
  const period = params.get("period") ?? "YTD";
  const unit = params.get("unit") ?? undefined;
  preloadReport(plan, "units", period, unit);
  preloadReport(plan, "poi", period, unit);
}

function Loading() {
  const { t } = useI18n();
  return (
    <Center h="60vh">
      <Loader aria-label={t("common.loading")} />
    </Center>
  );
}

function Pages() {
  const { path } = useRoute();
  const [, monthsPlan] = /^\/plans\/([0-9a-f-]{36})\/months$/i.exec(path) ?? [];
  if (monthsPlan) return <MonthsPage planId={monthsPlan} />;
  const [, activity] = /^\/activities\/([0-9a-f-]{36})$/i.exec(path) ?? [];
  if (activity) return <ActivityPage activityId={activity} />;
  if (path === "/reprogrammings") return <ReprogrammingsPage />;
  if (path === "/audit") return <AuditPage />;
  if (path === "/users") return <UsersPage />;
  if (path === "/settings") return <SettingsPage />;
  if (path === "/account") return <AccountPage />;
  if (path === "/units") return <UnitsPage />;
  if (path === "/plans") return <PlansPage />;
  const [, activitiesPlan] = /^\/plans\/([0-9a-f-]{36})\/activities$/i.exec(path) ?? [];
  if (activitiesPlan) return <PlanActivitiesPage planId={activitiesPlan} />;
  const [, plan, page] = PLAN_PAGE.exec(path) ?? [];
  if (plan && page === "/grid") return <GridPage planId={plan} />;
  if (plan && page) return <ReportsPage planId={plan} />;
  if (plan) return <DashboardPage planId={plan} />;
  if (path === "/import") return <ImportPage />;
  return <HomePage />;
}

function Gate() {
  const { path } = useRoute();
  const me = useMe();
  const setup = useSetup(me.data === null);
  if (me.isPending || (me.data === null && setup.isPending)) return <Loading />;
  if (me.isError) return <ErrorAlert error={me.error} />;
  // The invitation link works signed in or not, outside the workspace (the person may have none yet).
  if (path === "/invitacion") {
    return (
      <Suspense fallback={<Loading />}>
        <InvitationPage me={me.data} />
      </Suspense>
    );
  }
  if (!me.data) return path === "/setup" || setup.data?.needed ? <SetupPage /> : <LoginPage />;
  return (
    <WorkspaceProvider user={me.data.user}>
      <Shell>
        <Suspense fallback={<Loading />}>
          <Pages />
        </Suspense>
      </Shell>
    </WorkspaceProvider>
  );
}

export function App() {
  return (
    <MantineProvider theme={theme}>
      <QueryClientProvider client={queryClient}>
        <I18nProvider>
          <Gate />
        </I18nProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
