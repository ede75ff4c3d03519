/**
 * Links and texts on the demo (seed 004 in execution, January–March closed), as an editor of
 * GERENCIA DE SERVICIOS AL ADMINISTRADO who is also a viewer of a second institution:
 * - a link to the demo's plan opened while the other institution is chosen opens the demo's
 *   institution, its plan in the header and the plan's pages in the navigation;
 * - the dashboard's heading names the institution, the plan and the chosen period (never the
 *   document's title, «… I° TRIMESTRE», whatever the period);
 * - activity names in the dashboard's lists and the reports' tables open the activity's page,
 *   whose «Volver» goes back where the editor came from;
 * - the audit log words every action («Inicio de la ejecución · plan», never «start · plan»).
 */
import { and, eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orgUnits } from "../src/db/schema.js";
import { addUser } from "../src/services/users/add-user.js";
import { buildInstitution, buildPlan } from "../test/helpers/factories.js";
import {
  addStaff,
  type DemoHarness,
  EDITOR,
  hasChromium,
  PASSWORD,
  screenshots,
  seriousViolations,
  sessionOf,
  startDemoHarness,
} from "./support.js";

const GSA = "GERENCIA DE SERVICIOS AL ADMINISTRADO";

describe.skipIf(!hasChromium)("links and texts in the browser", () => {
  let harness: DemoHarness;
  let page: Page;
  let otherPlanId: string;

  beforeAll(async () => {
    harness = await startDemoHarness();
    const { db } = harness.database;
    const [gsa] = await db
      .select({ id: orgUnits.id })
      .from(orgUnits)
      .where(and(eq(orgUnits.institutionId, harness.institutionId), eq(orgUnits.name, GSA)));
    await addStaff(harness, gsa?.id as string);
    const other = await buildInstitution(db, { name: "Municipalidad de Prueba" });
    otherPlanId = (await buildPlan(db, other.id, { kind: "POA", year: 2023, title: "POA MUNICIPAL 2023" }))
      .id;
    await addUser(db, { ...EDITOR, password: PASSWORD, role: "viewer", institution: other.slug });
    page = await sessionOf(harness, EDITOR);
  });
  afterAll(async () => {
    await harness?.close();
  });

  const header = () => page.getByRole("banner");
  const nav = () => page.getByRole("navigation", { name: "Navegación principal" });
  const heading = () => page.getByRole("heading", { level: 1 });

  it("a link to a plan of the other institution opens that institution, its plan and its pages", async () => {
    await page.goto(harness.url(`/plans/${otherPlanId}`));
    await expect
      .poll(() => header().getByRole("combobox", { name: "Institución" }).inputValue())
      .toBe("Municipalidad de Prueba");
    // The link a colleague sent: the demo's dashboard, opened in the same browser.
    await page.goto(harness.url(`/plans/${harness.planId}?period=Q1`));
    await expect
      .poll(() => page.getByTestId("execution-pct").textContent(), { timeout: 20_000 })
      .toBe("96.8 %");
    await expect
      .poll(() => header().getByRole("combobox", { name: "Institución" }).inputValue())
      .toBe("SAT Piura (ejemplo)");
    await expect
      .poll(() => header().getByRole("combobox", { name: "Plan" }).inputValue())
      .toMatch(/^POI 2021 · /);
    for (const name of ["Tablero", "Informes", "Planilla"]) {
      await nav().getByRole("link", { name, exact: true }).waitFor();
    }
    expect(await nav().getByRole("link", { name: "Tablero", exact: true }).getAttribute("href")).toBe(
      `/plans/${harness.planId}`,
    );
  });

  it("the dashboard's heading names the chosen period, never the document's title", async () => {
    await expect
      .poll(() => heading().textContent())
      .toBe("SAT Piura (ejemplo) · POI 2021 · I trimestre 2021");
    await page.getByRole("combobox", { name: "Periodo" }).click();
    await page.getByRole("option", { name: "II semestre", exact: true }).click();
    await expect
      .poll(() => heading().textContent())
      .toBe("SAT Piura (ejemplo) · POI 2021 · II semestre 2021");
    expect(await heading().textContent()).not.toContain("TRIMESTRE");
    expect(
      await page
        .getByText("Documento: PLAN OPERATIVO INSTITUCIONAL 2021 - I° TRIMESTRE", { exact: true })
        .count(),
    ).toBe(1);
    await page.getByRole("combobox", { name: "Periodo" }).click();
    await page.getByRole("option", { name: "I trimestre", exact: true }).click();
    await expect
      .poll(() => heading().textContent())
      .toBe("SAT Piura (ejemplo) · POI 2021 · I trimestre 2021");
    await expect
      .poll(() => page.getByTestId("execution-pct").textContent(), { timeout: 20_000 })
      .toBe("96.8 %");
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, "links-dashboard-heading");
  });

  it("an activity at risk opens its page, whose «Volver» comes back to the dashboard at Q1", async () => {
    const atRisk = page.getByRole("region", { name: "Actividades en riesgo", exact: true });
    const link = atRisk.locator("tbody tr").first().getByRole("link");
    const name = (await link.textContent()) ?? "";
    expect(name.length).toBeGreaterThan(3);
    await link.click();
    await page.getByRole("heading", { level: 1, name }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/activities\/[0-9a-f-]{36}$/);
    await page
      .getByRole("region", { name: "Tabla: Ejecución por mes" })
      .locator("tbody tr")
      .first()
      .waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    const activityUrl = page.url();
    await page.getByRole("link", { name: "← Volver" }).click();
    await expect.poll(() => page.getByTestId("execution-pct").textContent()).toBe("96.8 %");
    const back = new URL(page.url());
    expect(`${back.pathname}${back.search}`).toBe(`/plans/${harness.planId}?period=Q1`);
    // The activity's link opened while the other institution is chosen: its page, in its institution.
    await page.goto(harness.url(`/plans/${otherPlanId}`));
    await expect
      .poll(() => header().getByRole("combobox", { name: "Institución" }).inputValue())
      .toBe("Municipalidad de Prueba");
    await page.goto(activityUrl);
    await page.getByRole("heading", { level: 1, name }).waitFor({ timeout: 20_000 });
    expect(await header().getByRole("combobox", { name: "Institución" }).inputValue()).toBe(
      "SAT Piura (ejemplo)",
    );
  });

  it("an activity of the POI report opens its page, whose «Volver» comes back to the report", async () => {
    await nav().getByRole("link", { name: "Informes", exact: true }).click();
    await page.getByRole("combobox", { name: "Informe" }).click();
    await page.getByRole("option", { name: /POI/ }).click();
    const preview = page.getByRole("region", { name: "Vista previa" });
    const link = preview.locator("tbody tr").getByRole("link").first();
    await link.waitFor({ timeout: 20_000 });
    const name = (await link.textContent()) ?? "";
    const reportUrl = new URL(page.url());
    expect(reportUrl.searchParams.get("report")).toBe("poi");
    await link.click();
    await page.getByRole("heading", { level: 1, name }).waitFor();
    await page.getByRole("link", { name: "← Volver" }).click();
    await preview.locator("tbody tr").getByRole("link").first().waitFor({ timeout: 20_000 });
    const back = new URL(page.url());
    expect(`${back.pathname}${back.search}`).toBe(`${reportUrl.pathname}${reportUrl.search}`);
  });

  it("the audit log words the plan's start and its «Acción» filter offers it", async () => {
    await nav().getByRole("link", { name: "Bitácora", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: "Bitácora" }).waitFor();
    await page.getByRole("combobox", { name: "Acción" }).click();
    await page.getByRole("option", { name: "Inicio de la ejecución", exact: true }).click();
    await page.getByRole("button", { name: "Buscar" }).click();
    const rows = page.getByRole("region", { name: "Tabla: Bitácora" }).locator("tbody tr");
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain("Inicio de la ejecución · plan");
    expect(await page.getByText("start · plan").count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
  });
});
