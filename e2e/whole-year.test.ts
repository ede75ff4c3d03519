/**
 * Issue 13's whole year in the browser, from nothing: on an empty institution a planner builds a
 * three-level unit tree, creates the plan 2027 blank, types 5 activities in the activity editor and
 * pastes 20 rows from a spreadsheet (name, unit of measure, META and the twelve months), programs
 * the typed ones in the grid, reads the one META that differs in the approval's checks, approves
 * and starts the plan, and closes January–March (nothing recorded: they count as 0). An editor of
 * OFICINA DE FISCALIZACIÓN records April with a comment in the grid and opens an activity's page
 * from its name; the planner closes April after reading the activities without April; the Q2
 * report shows the figures typed (TOTAL 531 programmed, 9 executed).
 */
import { eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orgUnits } from "../src/db/schema.js";
import { addUser } from "../src/services/users/add-user.js";
import { buildInstitution } from "../test/helpers/factories.js";
import {
  type Harness,
  hasChromium,
  PASSWORD,
  screenshots,
  seriousViolations,
  sessionOf,
  startHarness,
} from "./support.js";

const PLANNER = { email: "planeamiento@muni-anual.gob.pe", name: "Carla Ríos" };
const EDITOR = { email: "fiscalizacion@muni-anual.gob.pe", name: "Jorge Paz" };
const PLAN = "POA 2027 · PLAN OPERATIVO ANUAL 2027";

const GENERAL = "GERENCIA GENERAL";
const OPERACIONES = "GERENCIA DE OPERACIONES";
const OFICINA = "OFICINA DE FISCALIZACIÓN";

/** Typed in the activity editor (GERENCIA GENERAL); programmed April–June in the grid (Σ = META). */
const TYPED = [
  { name: "Plan de trabajo institucional", measure: "Documento", target: 3, quarter: [1, 1, 1] },
  { name: "Reuniones de coordinación", measure: "Reunión", target: 6, quarter: [2, 2, 2] },
  { name: "Supervisión de las gerencias", measure: "Informe", target: 3, quarter: [1, 1, 1] },
  { name: "Atención de consultas", measure: "Consulta", target: 150, quarter: [50, 50, 50] },
  { name: "Difusión institucional", measure: "Nota de prensa", target: 9, quarter: [3, 3, 3] },
];

type Pasted = { name: string; measure: string; target: number; monthly: number };
/** Pasted with the same value every month; META = 12 × that, except «Fiscalización de predios». */
const OPERATIONS: Pasted[] = [
  "Mantenimiento de vías",
  "Limpieza pública",
  "Recojo de residuos sólidos",
  "Mantenimiento de parques",
  "Alumbrado de espacios públicos",
  "Control de mercados",
  "Señalización vial",
  "Atención de emergencias",
  "Poda de árboles",
  "Inspección de obras",
].map((name, i) => ({ name, measure: "Acción", target: 12 * (i + 1), monthly: i + 1 }));
const INSPECTIONS: Pasted[] = [
  // Σ months 24 for a META of 30: the one warning of the approval.
  { name: "Fiscalización de predios", measure: "Informe", target: 30, monthly: 2 },
  ...[
    "Notificación de valores",
    "Verificación de licencias",
    "Control de anuncios",
    "Operativos nocturnos",
    "Inspección de establecimientos",
    "Atención de denuncias",
    "Fiscalización de obras privadas",
    "Control de ruidos molestos",
    "Fiscalización de transporte",
  ].map((name, i) => ({ name, measure: "Operativo", target: 12 * (i + 3), monthly: i + 3 })),
];
/** April as the editor records it, for the first three of OFICINA DE FISCALIZACIÓN. */
const APRIL = [1, 3, 5];
const COMMENT = "Actas de abril de la oficina";

describe.skipIf(!hasChromium)("a whole year of a plan built from nothing, in the browser", () => {
  let harness: Harness;
  let page: Page;
  let institutionSlug: string;
  let institutionId: string;
  let planId: string;

  beforeAll(async () => {
    harness = await startHarness();
    const { db } = harness.database;
    const institution = await buildInstitution(db, { name: "Municipalidad de Año Entero" });
    institutionSlug = institution.slug;
    institutionId = institution.id;
    await addUser(db, { ...PLANNER, password: PASSWORD, role: "planner", institution: institution.slug });
  });
  afterAll(async () => {
    await harness?.close();
  });

  const unitRows = () =>
    page.getByRole("region", { name: "Tabla: Unidades orgánicas", exact: true }).locator("tbody tr");
  const activityRows = () =>
    page.getByRole("region", { name: "Tabla: Actividades del plan", exact: true }).locator("tbody tr");
  const card = () => page.locator(".mantine-Card-root").filter({ hasText: PLAN });
  const monthRow = (name: string) =>
    page
      .getByRole("region", { name: "Tabla: Cierre de meses", exact: true })
      .locator("tbody tr")
      .filter({ hasText: name });

  async function addUnit(name: string, parent?: string) {
    const form = page.getByRole("region", { name: "Agregar una unidad" });
    await form.getByLabel("Nombre").fill(name);
    if (parent) {
      await form.getByLabel("Depende de").click();
      await page.getByRole("option", { name: new RegExp(`${parent}$`) }).click();
    }
    await form.getByRole("button", { name: "Agregar", exact: true }).click();
    await page
      .getByRole("status")
      .filter({ hasText: `Se agregó «${name}».` })
      .waitFor();
  }

  async function paste(unit: string, rows: Pasted[]) {
    await page.getByRole("button", { name: "Agregar actividades" }).click();
    const dialog = page.getByRole("dialog", { name: "Agregar actividades pegadas de una hoja de cálculo" });
    await dialog.getByLabel("Unidad orgánica").click();
    await page.getByRole("option", { name: new RegExp(`${unit}$`) }).click();
    await dialog
      .getByLabel("Filas pegadas")
      .fill(
        rows
          .map((row) => [row.name, row.measure, row.target, ...Array(12).fill(row.monthly)].join("\t"))
          .join("\n"),
      );
    await dialog.getByText(`${rows.length} filas para crear, 0 con problemas (no se crean).`).waitFor();
    await dialog.getByRole("button", { name: `Crear ${rows.length} actividades` }).click();
    await dialog.waitFor({ state: "detached" });
  }

  /** Closes the first open month from «Cierre de meses», confirming after the list of what it lacks. */
  async function closeMonth(month: string, missing: number) {
    await page.getByRole("button", { name: `Cerrar ${month}` }).click();
    const dialog = page.getByRole("dialog", { name: `Cerrar ${month}` });
    await dialog
      .getByText(`${missing} actividades tienen algo programado en ${month} y nada registrado:`)
      .waitFor();
    await dialog.getByRole("button", { name: "Confirmar el cierre" }).click();
    await page.getByRole("button", { name: `Reabrir ${month}` }).waitFor();
    expect(await monthRow(month).textContent()).toContain("Cerrado");
  }

  it("a planner builds a three-level unit tree on an empty institution", async () => {
    page = await sessionOf(harness, PLANNER);
    // The home page of an institution without plans says where the year starts.
    await page.getByRole("heading", { name: "Formule el plan de Municipalidad de Año Entero" }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, "home-start");
    await page.getByRole("button", { name: "Unidades orgánicas" }).click();
    await page.getByText("Todavía no hay unidades: agregue la primera.").waitFor();
    await addUnit(GENERAL);
    await addUnit(OPERACIONES, GENERAL);
    await addUnit(OFICINA, OPERACIONES);
    await expect
      .poll(() => unitRows().allInnerTexts())
      .toEqual([
        expect.stringMatching(new RegExp(`^${GENERAL}`)),
        expect.stringMatching(new RegExp(`^${OPERACIONES}`)),
        expect.stringMatching(new RegExp(`^${OFICINA}`)),
      ]);
  });

  it("creates the plan 2027 blank, types 5 activities and pastes 20 rows with their months", async () => {
    await page.getByRole("link", { name: "Planes", exact: true }).click();
    await page.getByText("Todavía no hay planes: cree el primero con «Nuevo plan».").waitFor();
    await page.getByRole("button", { name: "Nuevo plan" }).click();
    const dialog = page.getByRole("dialog", { name: "Nuevo plan" });
    await dialog.getByLabel("Año").fill("2027");
    await dialog.getByLabel("Tipo").click();
    await page.getByRole("option", { name: "POA" }).click();
    await dialog.getByLabel("Título").fill("PLAN OPERATIVO ANUAL 2027");
    await dialog.getByRole("button", { name: "Crear el plan" }).click();
    await page.getByRole("heading", { name: "Actividades del POA 2027" }).waitFor();
    await page.getByRole("status").filter({ hasText: "0 actividades" }).waitFor();
    planId = /\/plans\/([0-9a-f-]{36})\//.exec(page.url())?.[1] as string;
    expect(planId).toBeDefined();

    for (const [index, activity] of TYPED.entries()) {
      await page.getByRole("button", { name: "Nueva actividad" }).click();
      const editor = page.getByRole("dialog", { name: "Nueva actividad" });
      await editor.getByLabel("Unidad orgánica").click();
      await page.getByRole("option", { name: new RegExp(`${GENERAL}$`) }).click();
      await editor.getByLabel("Nombre de la actividad").fill(activity.name);
      await editor.getByLabel("Unidad de medida").fill(activity.measure);
      await editor.getByLabel("Meta anual").fill(String(activity.target));
      await editor.getByRole("button", { name: "Crear la actividad" }).click();
      await editor.waitFor({ state: "detached" });
      await expect.poll(() => activityRows().count()).toBe(index + 1);
    }

    await paste(OPERACIONES, OPERATIONS);
    await paste(OFICINA, INSPECTIONS);
    await page.getByRole("status").filter({ hasText: "25 actividades" }).waitFor();
    // Pasting the months programmed them: Σ 12 × 6 = 72 = META for «Control de mercados».
    const cells = async (name: string) =>
      (await activityRows().filter({ hasText: name }).locator("td").allTextContents()).join(" | ");
    expect(await cells("Control de mercados")).toMatch(/Acción \| 72 \| 72(?! ?≠)/);
    expect(await cells("Fiscalización de predios")).toMatch(/Informe \| 30 \| 24 ?≠ META/);
  });

  it("programs the typed activities in the grid, April to June", async () => {
    await page.goto(harness.url(`/plans/${planId}/grid`));
    await page
      .getByRole("grid", { name: "Planilla de la programación mensual" })
      .waitFor({ timeout: 20_000 });
    for (const activity of TYPED) {
      await page.getByLabel(`ABR, programado, ${activity.name}`, { exact: true }).click();
      for (const value of activity.quarter) {
        await page.keyboard.type(String(value));
        await page.keyboard.press("Tab");
      }
      await expect
        .poll(() => page.getByLabel(`JUN, programado, ${activity.name}`, { exact: true }).inputValue())
        .toBe(String(activity.quarter[2]));
    }
    // The last Tab saved June of the last row.
    const last = TYPED[TYPED.length - 1] as (typeof TYPED)[number];
    await expect
      .poll(() => page.getByLabel(`JUN, programado, ${last.name}`, { exact: true }).getAttribute("aria-busy"))
      .toBeNull();
  });

  it("reads the one META that differs in the checks, approves with it and starts the plan", async () => {
    await page.goto(harness.url("/"));
    await card().getByText("Estado del plan: Borrador").waitFor();
    await card().getByRole("button", { name: "Aprobar" }).click();
    const dialog = page.getByRole("dialog", { name: `Aprobar ${PLAN}` });
    await dialog
      .getByText("La revisión encontró 1 observación en las 25 actividades del plan.", { exact: false })
      .waitFor();
    const differs = dialog.getByRole("region", { name: "META distinta de lo programado (1)" });
    expect(await differs.textContent()).toContain(
      `«Fiscalización de predios» (${OFICINA}): META 30, programado en el año 24`,
    );
    expect(await dialog.getByRole("region", { name: /Actividades sin programación/ }).count()).toBe(0);
    expect(await dialog.getByRole("region", { name: /Unidades sin actividades/ }).count()).toBe(0);
    await dialog.getByRole("button", { name: "Aprobar con 1 observación" }).click();
    await card().getByText("Estado del plan: Aprobado").waitFor();

    await card().getByRole("button", { name: "Iniciar ejecución" }).click();
    await page
      .getByRole("dialog", { name: `Iniciar la ejecución de ${PLAN}` })
      .getByRole("button", { name: "Iniciar la ejecución" })
      .click();
    await card().getByText("Estado del plan: En ejecución").waitFor();
  });

  it("closes January to March, in order, after reading that nothing was recorded", async () => {
    await page.goto(harness.url(`/plans/${planId}/months`));
    await page.getByRole("heading", { name: "Cierre de meses" }).waitFor();
    // The typed activities have nothing programmed before April: the 20 pasted ones lack each month.
    for (const month of ["Enero", "Febrero", "Marzo"]) await closeMonth(month, 20);
    expect(await monthRow("Abril").textContent()).toContain("Abierto");
  });

  it("an editor of the office records April with a comment in the grid and opens an activity's page", async () => {
    const { db } = harness.database;
    const [office] = await db.select().from(orgUnits).where(eq(orgUnits.name, OFICINA));
    expect(office?.institutionId).toBe(institutionId);
    await addUser(db, {
      ...EDITOR,
      password: PASSWORD,
      role: "editor",
      institution: institutionSlug,
      unitIds: [office?.id as string],
    });
    const editor = await sessionOf(harness, EDITOR);
    await editor.goto(harness.url(`/plans/${planId}/grid`));
    await editor.getByRole("grid", { name: "Planilla de la ejecución mensual" }).waitFor({ timeout: 20_000 });
    await editor.getByRole("combobox", { name: "Unidad orgánica" }).fill(OFICINA);
    await editor.getByRole("option", { name: OFICINA, exact: true }).click();
    await editor.getByText(`${OFICINA} (`).waitFor();
    await editor.getByLabel("Comentario (se guarda con cada valor)").fill(COMMENT);
    const cell = (month: string, name: string) =>
      editor.getByLabel(`${month}, ejecutado, ${name}`, { exact: true });
    // March is closed: read-only.
    expect(
      await editor
        .getByLabel(new RegExp(`^MAR, ejecutado, ${INSPECTIONS[0]?.name}`))
        .getAttribute("aria-readonly"),
    ).toBe("true");
    for (const [index, value] of APRIL.entries()) {
      const activity = INSPECTIONS[index] as Pasted;
      await cell("ABR", activity.name).click();
      await editor.keyboard.type(String(value));
      await editor.keyboard.press("Enter");
      await expect.poll(() => cell("ABR", activity.name).getAttribute("aria-busy")).toBeNull();
      await expect.poll(() => cell("ABR", activity.name).inputValue()).toBe(String(value));
    }

    // The activity's name opens its page: April with the value and the comment.
    const first = INSPECTIONS[0] as Pasted;
    await editor.getByRole("link", { name: first.name, exact: true }).click();
    await editor.getByRole("heading", { level: 1, name: first.name }).waitFor();
    expect(new URL(editor.url()).pathname).toMatch(/^\/activities\/[0-9a-f-]{36}$/);
    const april = editor
      .getByRole("region", { name: "Tabla: Ejecución por mes", exact: true })
      .locator("tbody tr")
      .filter({ hasText: "Abril" });
    await expect
      .poll(async () => (await april.locator("td").allTextContents()).slice(0, 3))
      .toEqual([String(first.monthly), String(APRIL[0]), COMMENT]);
  });

  it("the planner closes April after reading the activities without April, by unit", async () => {
    await page.goto(harness.url(`/plans/${planId}/months`));
    await page.getByRole("button", { name: "Cerrar Abril" }).click();
    const dialog = page.getByRole("dialog", { name: "Cerrar Abril" });
    await dialog.getByText("22 actividades tienen algo programado en Abril y nada registrado:").waitFor();
    expect(await dialog.getByRole("region", { name: `${GENERAL}: 5` }).textContent()).toContain(
      "«Atención de consultas» (programado 50)",
    );
    expect(await dialog.getByRole("region", { name: `${OPERACIONES}: 10` }).count()).toBe(1);
    const office = await dialog.getByRole("region", { name: `${OFICINA}: 7` }).textContent();
    expect(office).toContain("«Control de anuncios» (programado 5)");
    for (const recorded of INSPECTIONS.slice(0, APRIL.length)) expect(office).not.toContain(recorded.name);
    await dialog.getByRole("button", { name: "Confirmar el cierre" }).click();
    await page.getByRole("button", { name: "Reabrir Abril" }).waitFor();
    expect(await monthRow("Abril").textContent()).toContain("Cerrado");
  });

  it("the Q2 report shows the figures typed: TOTAL 531 programmed, 9 executed", async () => {
    await page.getByRole("link", { name: "Informes" }).click();
    await page.getByRole("heading", { name: "Informes", level: 1 }).waitFor();
    await page.getByRole("combobox", { name: "Informe" }).click();
    await page.getByRole("option", { name: "Seguimiento del POI" }).click();
    await page.getByRole("combobox", { name: "Periodo" }).click();
    await page.getByRole("option", { name: "II trimestre", exact: true }).click();
    const preview = page.getByRole("region", { name: "Vista previa", exact: true });
    await preview.getByText("Municipalidad de Año Entero · POA 2027 · II trimestre 2027").waitFor();
    const rows = preview.locator("tbody tr");
    // 25 activities and the TOTAL.
    await expect.poll(() => rows.count()).toBe(26);
    // Q2 programmed: typed 3 + 6 + 3 + 150 + 9 = 171, pasted 3 × (1 + … + 10) = 165 and
    // 6 + 3 × (3 + … + 11) = 195; executed the April typed, 1 + 3 + 5.
    const total = await rows.last().locator("td").allTextContents();
    expect(total[0]).toBe("TOTAL");
    expect(total.slice(-4, -1)).toEqual(["531", "9", "1.7 %"]);
    // «Fiscalización de predios»: META 30, 2 a month, April 1 → Q2 6 programmed, 1 executed.
    const office = await rows.filter({ hasText: "Fiscalización de predios" }).locator("td").allTextContents();
    expect(office.slice(0, 5)).toEqual([OFICINA, "Fiscalización de predios", "", "Informe", "30"]);
    expect(office.slice(-4, -1)).toEqual(["6", "1", "16.7 %"]);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, "whole-year-q2-report");
  });
});
