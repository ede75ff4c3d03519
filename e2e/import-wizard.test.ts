/**
 * A planner logs in, imports the sample POI (seed 004) through the wizard and reads Q1 on the
 * dashboard: 96.8 %. Each main page is scanned by axe-core and photographed at two widths.
 */
import { readFileSync } from "node:fs";
import { count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { plans } from "../src/db/schema.js";
import { addUser } from "../src/services/users/add-user.js";
import { buildInstitution } from "../test/helpers/factories.js";
import { type Harness, hasChromium, screenshots, seriousViolations, startHarness } from "./support.js";

const EMAIL = "planificadora@sat-piura.gob.pe";
const PASSWORD = "una clave larga de prueba";

describe.skipIf(!hasChromium)("import wizard in the browser", () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
    const institution = await buildInstitution(harness.database.db, { name: "SAT Piura" });
    await addUser(harness.database.db, {
      email: EMAIL,
      password: PASSWORD,
      role: "planner",
      institution: institution.slug,
      name: "Ana Quispe",
    });
  });
  afterAll(async () => {
    await harness?.close();
  });

  it("shows the login page in Spanish, accessible", async () => {
    const { page, url } = harness;
    await page.goto(url("/"));
    await page.getByRole("heading", { name: "Iniciar sesión" }).waitFor();
    expect(await page.locator("html").getAttribute("lang")).toBe("es");
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, "login");
  });

  it("refuses a wrong password with the server's Spanish message", async () => {
    const { page } = harness;
    await page.getByLabel("Correo electrónico").fill(EMAIL);
    await page.getByLabel("Contraseña").fill("no es la clave");
    await page.getByRole("button", { name: "Ingresar" }).click();
    await expect
      .poll(() => page.getByRole("alert").textContent())
      .toContain("Correo o contraseña incorrectos.");
  });

  it("shows a row in error on its line and column, imports only when told to skip it, and cancels", async () => {
    const { page } = harness;
    await page.getByLabel("Contraseña").fill(PASSWORD);
    await page.getByRole("button", { name: "Ingresar" }).click();
    await page.getByRole("heading", { name: "Bienvenido, Ana Quispe" }).waitFor();
    await page.getByRole("link", { name: "Importar un plan" }).click();

    // Line 10 of seed 004 (ESCUELA SAT, CAPACITACION…) with a negative January.
    const lines = readFileSync("samples/004_72e0f0e913d1a590.txt", "utf8").split("\n");
    const cells = (lines[9] as string).split("\t");
    cells[5] = "-1";
    lines[9] = cells.join("\t");
    await page.locator('input[type="file"]').setInputFiles({
      name: "004-con-error.txt",
      mimeType: "text/plain",
      buffer: Buffer.from(lines.join("\n")),
    });
    const problems = page.getByRole("region", { name: "Problemas encontrados", exact: true });
    const row = problems.locator("tbody tr").first();
    await row.waitFor();
    expect(await row.textContent()).toBe("Error10PROGRAMADO ENENúmero negativo en PROGRAMADO ENE: -1");
    const commit = page.getByRole("button", { name: "Importar", exact: true });
    expect(await commit.isDisabled()).toBe(true);
    await page.getByLabel("Omitir la fila con errores e importar el resto").check();
    expect(await commit.isEnabled()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, "import-errors");

    await page.getByRole("button", { name: "Cancelar y elegir otro archivo" }).click();
    await page.getByText("Arrastre el archivo aquí o haga clic para elegirlo").waitFor();
    // Nothing was written by the previews.
    const [written] = await harness.database.db.select({ n: count() }).from(plans);
    expect(written?.n).toBe(0);
  });

  it("previews seed 004 with its figures, imports it and opens Q1 at 96.8 %", async () => {
    const { page } = harness;
    await page.getByRole("heading", { name: "Importar un plan" }).waitFor();
    expect(await page.getByText("Se importará en: SAT Piura").count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, "import-drop");

    await page.locator('input[type="file"]').setInputFiles("samples/004_72e0f0e913d1a590.txt");
    await page.getByRole("heading", { name: "Vista previa de 004_72e0f0e913d1a590.txt" }).waitFor();
    const figure = (label: string) =>
      page.getByText(label, { exact: true }).locator("xpath=following-sibling::*[1]");
    expect(await figure("Actividades").textContent()).toBe("78");
    expect(await figure("Unidades").textContent()).toBe("24");
    expect(await figure("Meta anual").textContent()).toBe("6,350");
    expect(await figure("Errores").textContent()).toBe("0");
    expect(
      await page
        .getByRole("region", { name: "Unidades que se crearán o actualizarán", exact: true })
        .getByRole("listitem")
        .count(),
    ).toBe(24);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, "import-preview");

    await page.getByRole("button", { name: "Importar", exact: true }).click();
    await page.getByText("Plan importado: 78 actividades (78 nuevas, 0 actualizadas).").waitFor();
    await page.getByRole("link", { name: "Ver el tablero del plan" }).click();

    await page.getByRole("combobox", { name: "Periodo" }).click();
    await page.getByRole("option", { name: "I trimestre", exact: true }).click();
    await expect.poll(() => page.getByTestId("execution-pct").textContent()).toBe("96.8 %");
    expect(page.url()).toContain("period=Q1");
    expect(await page.getByText("1,494 de 1,543 programado").count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, "dashboard");
  });

  it("lists the imported plan on the home page and in the header's plan picker", async () => {
    const { page } = harness;
    await page.getByRole("link", { name: "Inicio" }).click();
    await page.getByRole("heading", { name: "Planes de SAT Piura" }).waitFor();
    const main = page.getByRole("main");
    expect(await main.getByText("POI 2021 · PLAN OPERATIVO INSTITUCIONAL 2021 - I° TRIMESTRE").count()).toBe(
      1,
    );
    await page.getByRole("combobox", { name: "Plan" }).click();
    await page.getByRole("option", { name: /POI 2021/ }).click();
    // No month is closed yet: year-to-date has no months, and the page says what to do.
    await expect.poll(() => page.getByTestId("execution-pct").textContent()).toBe("—");
    expect(await main.getByText("SAT Piura · POI 2021 · Acumulado 2021 (sin meses cerrados)").count()).toBe(
      1,
    );
    expect(
      await main.getByText("Todavía no hay meses cerrados: elija un mes, un trimestre o el año.").count(),
    ).toBe(1);
    await screenshots(page, "home-plans");
  });
});
