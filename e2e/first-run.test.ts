/**
 * A newcomer on an empty installation: the welcome, the first administrator through the
 * printed link, "Cargar ejemplo" and a full dashboard at Q1 2021 (96.8 %), a unit drilled into,
 * then the same dashboard in English, the report's texts (charts, notes, downloads) included.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FirstRunSetup } from "../src/server/first-run.js";
import { type Harness, hasChromium, screenshots, seriousViolations, startHarness } from "./support.js";

describe.skipIf(!hasChromium)("first run in the browser", () => {
  let harness: Harness;
  let token: string;
  beforeAll(async () => {
    const setup = new FirstRunSetup();
    token = setup.issue();
    harness = await startHarness({ setup });
  });
  afterAll(async () => {
    await harness?.close();
  });

  it("welcomes an empty installation and asks for the printed link", async () => {
    const { page, url } = harness;
    await page.goto(url("/"));
    await page.getByRole("heading", { name: "Bienvenido a Avance" }).waitFor();
    expect(await page.getByText("Abra el enlace «/setup?token=…»").count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it("creates the first administrator through the link, who is then logged in", async () => {
    const { page, url } = harness;
    await page.goto(url(`/setup?token=${token}`));
    await page.getByLabel("Nombre").fill("Rosa Huamán");
    await page.getByLabel("Correo electrónico").fill("rosa@sat-piura.gob.pe");
    await page.getByLabel("Contraseña (12 caracteres o más)").fill("una clave muy larga");
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, "setup");
    await page.getByRole("button", { name: "Crear administrador" }).click();
    await page.getByRole("heading", { name: "Bienvenido, Rosa Huamán" }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/");
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, "first-run-home");
  });

  it("loads the example and opens its dashboard at Q1 2021: 96.8 %, the lowest unit first", async () => {
    const { page } = harness;
    await page.getByRole("button", { name: "Cargar ejemplo" }).click();
    await expect
      .poll(() => page.getByTestId("execution-pct").textContent(), { timeout: 20_000 })
      .toBe("96.8 %");
    expect(new URL(page.url()).searchParams.get("period")).toBe("Q1");
    expect(await page.getByText("SAT Piura (ejemplo) · POI 2021 · I Trimestre 2021").count()).toBe(1);

    const units = page.getByRole("region", { name: "Unidades orgánicas", exact: true }).locator("tbody tr");
    expect(await units.count()).toBe(24);
    expect(await units.first().textContent()).toMatch(
      /ORGANO DE CONTROL INSTITUCIONAL[\s\S]*62\.5 %[\s\S]*Rojo/,
    );
    const atRisk = page
      .getByRole("region", { name: "Actividades en riesgo", exact: true })
      .locator("tbody tr");
    expect(await atRisk.first().textContent()).toMatch(
      /ATENCIÓN DE LAS SOLICITUDES DE REVISIÓN Y SUBSANACIÓN DE DATOS DE LOS CIUDADANOS[\s\S]*57\.1 %/,
    );
    expect(await seriousViolations(page)).toEqual([]);
  });

  it("drills into a unit and back to the whole institution", async () => {
    const { page } = harness;
    await page.getByRole("button", { name: "GERENCIA DE SERVICIOS AL ADMINISTRADO" }).click();
    await page.getByText("Ejecución de GERENCIA DE SERVICIOS AL ADMINISTRADO").waitFor();
    await expect.poll(() => page.getByTestId("execution-pct").textContent()).toBe("83.2 %");
    expect(await page.getByText("104 de 125 programado").count()).toBe(1);
    await page.getByRole("button", { name: "Toda la institución" }).click();
    await expect.poll(() => page.getByTestId("execution-pct").textContent()).toBe("96.8 %");
  });

  it("previews the reports on screen and downloads them", async () => {
    const { page } = harness;
    await page.getByRole("link", { name: "Informes" }).click();
    await page.getByRole("heading", { name: "Informes" }).waitFor();
    // Year-to-date runs through the last closed month: March, so it is the first quarter.
    const preview = page.getByRole("region", { name: "Vista previa", exact: true });
    await preview.getByText("SAT Piura (ejemplo) · POI 2021 · Acumulado hasta Marzo 2021").waitFor();
    expect(await preview.locator("tbody tr").last().textContent()).toMatch(/^TOTAL781,5431,49496\.8 %Verde/);

    await page.getByRole("combobox", { name: "Informe" }).click();
    await page.getByRole("option", { name: "Seguimiento del POI" }).click();
    await page.getByRole("combobox", { name: "Periodo" }).click();
    await page.getByRole("option", { name: "I trimestre", exact: true }).click();
    await preview.getByText("SAT Piura (ejemplo) · POI 2021 · I trimestre 2021").waitFor();
    expect(await preview.getByRole("columnheader", { name: "PROGRAMADO" }).count()).toBe(1);
    expect(await preview.locator("tbody tr").count()).toBe(79);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, "reports");

    const href = await page.getByRole("link", { name: "Excel (.xlsx)" }).getAttribute("href");
    expect(href).toContain("/reports/poi?period=Q1&format=xlsx");
    const file = await page.request.get(harness.url(href as string));
    expect(file.status()).toBe(200);
    expect(file.headers()["content-type"]).toContain("spreadsheetml");
    await page.getByRole("link", { name: "Tablero" }).click();
  });

  it("switches to English, keeps it after a reload, and formats 96.8%", async () => {
    const { page } = harness;
    await page.locator("label", { hasText: /^EN$/ }).click();
    await page.getByText("Institution execution").waitFor();
    expect(await page.getByTestId("execution-pct").textContent()).toBe("96.8%");
    expect(await page.getByText("1,494 of 1,543 programmed").count()).toBe(1);
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    await page.reload();
    await expect.poll(() => page.getByTestId("execution-pct").textContent()).toBe("96.8%");
    // The report's own texts are English too (lang=en): chart titles and legends, notes, downloads.
    const chart = page.getByRole("img", { name: "Programmed and executed by month" });
    await chart.locator("text", { hasText: /^Executed$/ }).waitFor();
    expect(await page.getByText("Each unit includes its sub-units; IN RED counts").count()).toBe(1);
    const href = await page.getByRole("link", { name: "Excel (.xlsx)" }).getAttribute("href");
    expect(href).toContain("lang=en");
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, "dashboard-en");
  });
});
