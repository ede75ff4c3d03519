/**
 * The formulation screens: on an empty institution a planner builds a three-level unit tree
 * (adds, renames, reorders), creates the plan 2027 blank, adds activities with the editor (a twin
 * name is refused beside its field) and by pasting rows from a spreadsheet; on the demo,
 * «Nuevo plan a partir del plan 2021» copies the POI's 78 activities of 24 units into a 2022
 * draft. Every new screen is scanned by axe-core and photographed at 1366, 390 and 360 px.
 */
import { and, countDistinct, eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activities, institutions, plans, programmedValues } from "../src/db/schema.js";
import { addUser } from "../src/services/users/add-user.js";
import { buildInstitution } from "../test/helpers/factories.js";
import {
  type DemoHarness,
  hasChromium,
  PASSWORD,
  PLANNER,
  screenshots,
  seriousViolations,
  sessionOf,
  startDemoHarness,
} from "./support.js";

const NEW_PLANNER = { email: "planeamiento@muni-nueva.gob.pe", name: "Carla Ríos" };
const NEW_ADMIN = { email: "sistemas@muni-nueva.gob.pe", name: "Pedro Sánchez" };

describe.skipIf(!hasChromium)("formulation screens in the browser", () => {
  let harness: DemoHarness;
  let page: Page;
  let emptyInstitutionId: string;

  beforeAll(async () => {
    harness = await startDemoHarness();
    const { db } = harness.database;
    const empty = await buildInstitution(db, { name: "Municipalidad Nueva" });
    emptyInstitutionId = empty.id;
    await addUser(db, { ...NEW_PLANNER, password: PASSWORD, role: "planner", institution: empty.slug });
    await addUser(db, { ...NEW_ADMIN, password: PASSWORD, role: "admin", institution: empty.slug });
    await addUser(db, { ...PLANNER, password: PASSWORD, role: "planner", institution: harness.slug });
  });

  afterAll(async () => {
    await harness?.close();
  });

  const unitRows = () =>
    page.getByRole("region", { name: "Tabla: Unidades orgánicas", exact: true }).locator("tbody tr");

  async function addUnit(name: string, parent?: RegExp) {
    const form = page.getByRole("region", { name: "Agregar una unidad" });
    await form.getByLabel("Nombre").fill(name);
    if (parent) {
      await form.getByLabel("Depende de").click();
      await page.getByRole("option", { name: parent }).click();
    }
    await form.getByRole("button", { name: "Agregar", exact: true }).click();
    await page
      .getByRole("status")
      .filter({ hasText: `Se agregó «${name}».` })
      .waitFor();
  }

  it("a planner of an empty institution builds a three-level unit tree, renames and reorders it", async () => {
    page = await sessionOf(harness, NEW_PLANNER);
    await page.getByRole("link", { name: "Unidades orgánicas" }).click();
    await page.getByRole("heading", { name: "Unidades orgánicas", level: 1 }).waitFor();
    await page.getByText("Todavía no hay unidades: agregue la primera.").waitFor();

    await addUnit("GERENCIA GENERAL");
    await addUnit("GERENCIA DE OPERACIONES", /^· GERENCIA GENERAL$|^GERENCIA GENERAL$/);
    await addUnit("OFICINA DE FISCALIZACION", /GERENCIA DE OPERACIONES$/);
    await addUnit("GERENCIA DE ADMINISTRACIÓN", /^GERENCIA GENERAL$/);
    await expect
      .poll(() => unitRows().allInnerTexts())
      .toEqual([
        expect.stringMatching(/^GERENCIA GENERAL/),
        expect.stringMatching(/^GERENCIA DE OPERACIONES/),
        expect.stringMatching(/^OFICINA DE FISCALIZACION/),
        expect.stringMatching(/^GERENCIA DE ADMINISTRACIÓN/),
      ]);

    // Rename with its code and responsible person.
    await unitRows()
      .filter({ hasText: "OFICINA DE FISCALIZACION" })
      .getByRole("button", { name: "Editar" })
      .click();
    const dialog = page.getByRole("dialog", { name: "Editar «OFICINA DE FISCALIZACION»" });
    await dialog.getByLabel("Nombre").fill("OFICINA DE FISCALIZACIÓN TRIBUTARIA");
    await dialog.getByLabel("Código").fill("03.01");
    await dialog.getByLabel("Responsable").fill("Jorge Paz");
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, "units-edit");
    await dialog.getByRole("button", { name: "Guardar" }).click();
    await dialog.waitFor({ state: "detached" });
    await expect
      .poll(() => unitRows().filter({ hasText: "OFICINA DE FISCALIZACIÓN TRIBUTARIA" }).innerText())
      .toMatch(/03\.01\s+Jorge Paz\s+Activa/i);

    // ADMINISTRACIÓN goes up, before OPERACIONES (and its sub-unit).
    await page.getByRole("button", { name: "Subir «GERENCIA DE ADMINISTRACIÓN»" }).click();
    await expect
      .poll(() => unitRows().allInnerTexts())
      .toEqual([
        expect.stringMatching(/^GERENCIA GENERAL/),
        expect.stringMatching(/^GERENCIA DE ADMINISTRACIÓN/),
        expect.stringMatching(/^GERENCIA DE OPERACIONES/),
        expect.stringMatching(/^OFICINA DE FISCALIZACIÓN TRIBUTARIA/),
      ]);
    // The same name twice under one parent is refused beside the name.
    await addUnitRefused();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, "units");
  });

  async function addUnitRefused() {
    const form = page.getByRole("region", { name: "Agregar una unidad" });
    // The parent chosen for the last unit (GENERAL) stays: OPERACIONES is already there.
    await form.getByLabel("Nombre").fill("gerencia de operaciones");
    await form.getByRole("button", { name: "Agregar", exact: true }).click();
    await form
      .getByText("Ya existe la unidad «GERENCIA DE OPERACIONES» en el mismo nivel: use otro nombre.")
      .waitFor();
  }

  it("creates the plan 2027 blank and adds activities with the editor and by pasting rows", async () => {
    await page.getByRole("link", { name: "Planes", exact: true }).click();
    await page.getByText("Todavía no hay planes: cree el primero con «Nuevo plan».").waitFor();
    await page.getByRole("button", { name: "Nuevo plan" }).click();
    const dialog = page.getByRole("dialog", { name: "Nuevo plan" });
    await dialog.getByLabel("Año").fill("2027");
    await dialog.getByLabel("Tipo").click();
    await page.getByRole("option", { name: "POA" }).click();
    await dialog.getByLabel("Título").fill("PLAN OPERATIVO ANUAL 2027");
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, "plans-new-blank");
    await dialog.getByRole("button", { name: "Crear el plan" }).click();
    await page.getByRole("heading", { name: "Actividades del POA 2027" }).waitFor();
    await page.getByText("Borrador", { exact: true }).first().waitFor();
    await page.getByRole("status").filter({ hasText: "0 actividades" }).waitFor();

    // The editor, with every field.
    await page.getByRole("button", { name: "Nueva actividad" }).click();
    const editor = page.getByRole("dialog", { name: "Nueva actividad" });
    await editor.getByLabel("Unidad orgánica").click();
    await page.getByRole("option", { name: /OFICINA DE FISCALIZACIÓN TRIBUTARIA$/ }).click();
    await editor.getByLabel("Código", { exact: true }).fill("AO-001");
    await editor.getByLabel("Nombre de la actividad").fill("Fiscalización de predios");
    await editor.getByLabel("Proyecto").fill("Catastro 2027");
    await editor.getByLabel("Objetivo", { exact: true }).fill("Ampliar la base tributaria");
    await editor.getByLabel("Ubicación").fill("Piura");
    await editor.getByLabel("Actividad presupuestal").fill("5000276");
    await editor.getByLabel("Unidad de medida").fill("Informe");
    await editor.getByLabel("Meta anual").fill("12");
    await editor.getByLabel("Fecha de inicio").fill("2027-03-31");
    await editor.getByLabel("Fecha de fin").fill("2027-01-01");
    await editor.getByLabel("Responsable").fill("Jorge Paz");
    await editor.getByLabel("Código OEI").fill("OEI.01");
    await editor.getByLabel("Prioridad").fill("1");
    await editor.getByRole("button", { name: "Crear la actividad" }).click();
    // Dates out of order: the server's refusal beside the end date.
    await editor.getByText("La fecha final (2027-01-01) es anterior a la inicial (2027-03-31).").waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, "activity-editor");
    await editor.getByLabel("Fecha de fin").fill("2027-12-31");
    await editor.getByRole("button", { name: "Crear la actividad" }).click();
    await editor.waitFor({ state: "detached" });
    const table = page.getByRole("region", { name: "Tabla: Actividades del plan" });
    await expect
      .poll(() => table.locator("tbody tr").allInnerTexts())
      .toEqual([
        expect.stringMatching(
          /OFICINA DE FISCALIZACIÓN TRIBUTARIA\s+AO-001\s+Fiscalización de predios\s+Informe\s+12\s+—/,
        ),
      ]);

    // Edit it: the META changes.
    await page.getByRole("button", { name: "Editar «Fiscalización de predios»" }).click();
    const edit = page.getByRole("dialog", { name: "Editar «Fiscalización de predios»" });
    await edit.getByLabel("Meta anual").fill("24");
    await edit.getByRole("button", { name: "Guardar" }).click();
    await edit.waitFor({ state: "detached" });
    await expect.poll(() => table.locator("tbody tr").first().innerText()).toMatch(/Informe\s+24\s+—/);

    // A twin name in the same unit is refused beside the name.
    await page.getByRole("button", { name: "Nueva actividad" }).click();
    const twin = page.getByRole("dialog", { name: "Nueva actividad" });
    await twin.getByLabel("Unidad orgánica").click();
    await page.getByRole("option", { name: /OFICINA DE FISCALIZACIÓN TRIBUTARIA$/ }).click();
    await twin.getByLabel("Nombre de la actividad").fill("FISCALIZACION DE PREDIOS");
    await twin.getByRole("button", { name: "Crear la actividad" }).click();
    await twin
      .getByText("La unidad ya tiene la actividad «Fiscalización de predios» en este plan.")
      .waitFor();
    await twin.getByRole("button", { name: "Cancelar" }).last().click();

    // Paste rows from a spreadsheet: name, unit of measure, META and the twelve months.
    await page.getByRole("button", { name: "Agregar actividades" }).click();
    const paste = page.getByRole("dialog", { name: "Agregar actividades pegadas de una hoja de cálculo" });
    await paste.getByLabel("Unidad orgánica").click();
    await page.getByRole("option", { name: /GERENCIA DE ADMINISTRACIÓN$/ }).click();
    const months = (values: number[]) => values.join("\t");
    await paste
      .getByLabel("Filas pegadas")
      .fill(
        [
          `Atención de expedientes\tExpediente\t1,200\t${months([100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100])}`,
          `Capacitación del personal\tTaller\t5\t${months([0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1])}`,
          "Mantenimiento de locales\tInforme\t2",
          "\tInforme\t3",
        ].join("\n"),
      );
    await paste.getByText("3 filas para crear, 1 con problemas (no se crean).").waitFor();
    await paste.getByText("Falta el nombre.").waitFor();
    // META 5 for four months of 1: created all the same, with a word of warning.
    await paste
      .getByRole("row")
      .filter({ hasText: "Capacitación del personal" })
      .getByText("Aviso: Σ meses ≠ META (se crea igual).")
      .waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, "activities-paste");
    await paste.getByRole("button", { name: "Crear 3 actividades" }).click();
    await paste.waitFor({ state: "detached" });
    await page.getByRole("status").filter({ hasText: "4 actividades" }).waitFor();
    await expect
      .poll(() => table.locator("tbody tr").filter({ hasText: "Atención de expedientes" }).innerText())
      .toMatch(/Expediente\s+1,200\s+1,200/);
    // Σ months 4 for a META of 5: the list flags it.
    expect(
      await table.locator("tbody tr").filter({ hasText: "Capacitación del personal" }).innerText(),
    ).toMatch(/Taller\s+5\s+4\s*≠ META/);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, "plan-activities");

    const [plan] = await harness.database.db
      .select()
      .from(plans)
      .where(eq(plans.institutionId, emptyInstitutionId));
    expect(plan).toMatchObject({ year: 2027, kind: "POA", status: "draft" });
    const rows = await harness.database.db
      .select({ name: activities.name, target: activities.annualTarget, start: activities.startDate })
      .from(activities)
      .where(eq(activities.planId, plan?.id as string))
      .orderBy(activities.position);
    expect(rows.map((row) => [row.name, Number(row.target)])).toEqual([
      ["Fiscalización de predios", 24],
      ["Atención de expedientes", 1200],
      ["Capacitación del personal", 5],
      ["Mantenimiento de locales", 2],
    ]);

    await page.getByRole("link", { name: "Volver a los planes" }).click();
    await page.getByRole("region", { name: "Tabla: Planes" }).getByText("Borrador").waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, "plans");
  });

  it("an admin writes the institution's profile: name, code and country", async () => {
    page = await sessionOf(harness, NEW_ADMIN);
    await page.getByRole("link", { name: "Configuración" }).click();
    await page.getByRole("heading", { name: "Perfil de la institución" }).waitFor();
    await page.getByLabel("Nombre").fill("Municipalidad Provincial Nueva");
    await page.getByLabel("Código", { exact: true }).fill("MPN-01");
    await page.getByLabel("País", { exact: true }).fill("pe");
    await page.getByRole("button", { name: "Guardar" }).click();
    await page.getByRole("status").filter({ hasText: "Configuración guardada." }).waitFor();
    await page.getByRole("heading", { name: "Configuración de Municipalidad Provincial Nueva" }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, "settings-profile");
    const [saved] = await harness.database.db
      .select({ name: institutions.name, code: institutions.code, country: institutions.country })
      .from(institutions)
      .where(eq(institutions.id, emptyInstitutionId));
    expect(saved).toEqual({ name: "Municipalidad Provincial Nueva", code: "MPN-01", country: "PE" });
  });

  it("«Nuevo plan a partir del plan 2021» copies the demo POI's 78 activities of 24 units into a 2022 draft", async () => {
    page = await sessionOf(harness, PLANNER);
    await page.getByRole("link", { name: "Planes", exact: true }).click();
    await page.getByRole("button", { name: "Nuevo plan" }).click();
    const dialog = page.getByRole("dialog", { name: "Nuevo plan" });
    await dialog.getByLabel("A partir de otro plan").check();
    await dialog.getByLabel("Plan de origen").click();
    await page.getByRole("option", { name: /^POI 2021/ }).click();
    await expect.poll(() => dialog.getByLabel("Año").inputValue()).toBe("2022");
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, "plans-new-copy");
    await dialog.getByRole("button", { name: "Crear el plan copiado" }).click();
    await page.getByRole("heading", { name: "Actividades del POI 2022" }).waitFor();
    await page.getByRole("status").filter({ hasText: "78 actividades" }).waitFor();

    const { db } = harness.database;
    const [copy] = await db
      .select()
      .from(plans)
      .where(and(eq(plans.institutionId, harness.institutionId), eq(plans.year, 2022)));
    expect(copy).toMatchObject({ kind: "POI", status: "draft" });
    const [shape] = await db
      .select({ units: countDistinct(activities.unitId), n: countDistinct(activities.id) })
      .from(activities)
      .where(eq(activities.planId, copy?.id as string));
    expect(shape).toEqual({ units: 24, n: 78 });
    const [programmed] = await db
      .select({ n: countDistinct(programmedValues.activityId) })
      .from(programmedValues)
      .innerJoin(activities, eq(activities.id, programmedValues.activityId))
      .where(eq(activities.planId, copy?.id as string));
    expect(programmed?.n).toBe(78);
  });
});
