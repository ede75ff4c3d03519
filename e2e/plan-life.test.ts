/**
 * A plan's life in the browser: on a 2027 draft built here, a planner sees the «Borrador» badge
 * on the home card, opens «Aprobar», reads the checks (a META that differs from its months,
 * naming the activity, and a unit without activities), approves with the warnings, the badge
 * says «Aprobado»; starts the execution; after an editor recorded January for one activity,
 * closes January from «Cierre de meses» after reading what the month lacks, by unit. The two
 * dialogs are scanned by axe-core and photographed at 1366, 390 and 360 px.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { programActivity } from "../src/services/activities/program-activity.js";
import { recordExecution } from "../src/services/execution/record-execution.js";
import { addUser } from "../src/services/users/add-user.js";
import { buildActivity, buildInstitution, buildPlan, buildUnit } from "../test/helpers/factories.js";
import {
  type Harness,
  hasChromium,
  PASSWORD,
  PLANNER,
  screenshots,
  seriousViolations,
  sessionOf,
  startHarness,
} from "./support.js";

describe.skipIf(!hasChromium)("a plan's life in the browser", () => {
  let harness: Harness;
  let page: Page;
  let planId: string;
  /** An editor of FINANZAS records January of RECAUDACIÓN MENSUAL (once the plan runs). */
  let recordJanuary: () => Promise<void>;
  const PLAN = "POA 2027 · PLAN OPERATIVO ANUAL 2027";

  beforeAll(async () => {
    harness = await startHarness();
    const { db } = harness.database;
    const institution = await buildInstitution(db, { name: "Municipalidad de Castilla" });
    const finanzas = await buildUnit(db, institution.id, { name: "GERENCIA DE FINANZAS", position: 1 });
    const rentas = await buildUnit(db, institution.id, { name: "GERENCIA DE RENTAS", position: 2 });
    await buildUnit(db, institution.id, { name: "OFICINA DE IMAGEN", position: 3 });
    const plan = await buildPlan(db, institution.id, {
      year: 2027,
      kind: "POA",
      title: "PLAN OPERATIVO ANUAL 2027",
    });
    planId = plan.id;
    const planner = await addUser(db, {
      ...PLANNER,
      password: PASSWORD,
      role: "planner",
      institution: institution.slug,
    });
    const actor = { userId: planner.id, ip: "127.0.0.1" };
    const ids = { institutionId: institution.id, planId };
    const monthly = (value: number) => Array(12).fill(value);
    const add = async (
      unitId: string,
      name: string,
      target: string,
      quantities: (number | null)[],
      position: number,
    ) => {
      const activity = await buildActivity(db, { ...ids, unitId }, { name, annualTarget: target, position });
      await programActivity(db, actor, institution.id, activity.id, { quantities });
      return activity;
    };
    const recaudacion = await add(finanzas.id, "RECAUDACIÓN MENSUAL", "120", monthly(10), 1);
    await add(finanzas.id, "CAPACITACIONES AL PERSONAL", "12", [4, 4, 4, 4, ...Array(8).fill(null)], 2);
    await add(rentas.id, "FISCALIZACIÓN DE PREDIOS", "24", monthly(2), 3);
    // January of RECAUDACIÓN is recorded once the plan runs (below); the others stay missing.
    const editor = await addUser(db, {
      email: "editor@castilla.gob.pe",
      name: "Luis Chávez",
      password: PASSWORD,
      role: "editor",
      institution: institution.slug,
      unitIds: [finanzas.id],
    });
    recordJanuary = async () => {
      const result = await recordExecution(
        db,
        { userId: editor.id, ip: "127.0.0.1", planner: false, editsUnit: (unitId) => unitId === finanzas.id },
        { institutionId: institution.id, activityId: recaudacion.id, month: 1, value: 9, version: 0 },
      );
      if (!("entry" in result)) throw new Error("January was not recorded");
    };
  });
  afterAll(async () => {
    await harness?.close();
  });

  const card = () => page.locator(".mantine-Card-root").filter({ hasText: PLAN });

  it("shows the draft badge, lists the checks before approval and approves with them", async () => {
    page = await sessionOf(harness, PLANNER);
    await card().getByText("Estado del plan: Borrador").waitFor();
    await card().getByRole("button", { name: "Aprobar" }).click();
    const dialog = page.getByRole("dialog", { name: `Aprobar ${PLAN}` });
    await dialog
      .getByText("La revisión encontró 2 observaciones en las 3 actividades del plan.", { exact: false })
      .waitFor();
    const differs = dialog.getByRole("region", { name: "META distinta de lo programado (1)" });
    expect(await differs.textContent()).toContain(
      "«CAPACITACIONES AL PERSONAL» (GERENCIA DE FINANZAS): META 12, programado en el año 16",
    );
    const units = dialog.getByRole("region", { name: "Unidades sin actividades en el plan (1)" });
    expect(await units.textContent()).toContain("OFICINA DE IMAGEN");
    expect(await dialog.getByRole("region", { name: /Actividades sin programación/ }).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, "plan-approve");

    await dialog.getByRole("button", { name: "Aprobar con 2 observaciones" }).click();
    await card().getByText("Estado del plan: Aprobado").waitFor();
    expect(await dialog.count()).toBe(0);
  });

  it("starts the execution after a confirmation; the grid shows the new status", async () => {
    await card().getByRole("button", { name: "Iniciar ejecución" }).click();
    const dialog = page.getByRole("dialog", { name: `Iniciar la ejecución de ${PLAN}` });
    await dialog.getByRole("button", { name: "Iniciar la ejecución" }).click();
    await card().getByText("Estado del plan: En ejecución").waitFor();
    expect(await card().getByRole("button", { name: "Cerrar plan" }).count()).toBe(1);

    await page.goto(harness.url(`/plans/${planId}/grid`));
    await page.getByRole("heading", { name: /PLAN OPERATIVO ANUAL 2027/ }).waitFor();
    // Above the grid and beside the plan picker in the header.
    await expect
      .poll(() => page.getByText("Estado del plan: En ejecución").filter({ visible: true }).count())
      .toBe(2);
  });

  it("closes January only after reading what it lacks, by unit", async () => {
    await recordJanuary();
    await page.goto(harness.url(`/plans/${planId}/months`));
    await page.getByRole("heading", { name: "Cierre de meses" }).waitFor();
    await page.getByRole("button", { name: "Cerrar Enero" }).click();
    const dialog = page.getByRole("dialog", { name: "Cerrar Enero" });
    await dialog.getByText("2 actividades tienen algo programado en Enero y nada registrado:").waitFor();
    const finanzas = dialog.getByRole("region", { name: "GERENCIA DE FINANZAS: 1" });
    expect(await finanzas.textContent()).toContain("«CAPACITACIONES AL PERSONAL» (programado 4)");
    expect(await finanzas.textContent()).not.toContain("RECAUDACIÓN");
    const rentas = dialog.getByRole("region", { name: "GERENCIA DE RENTAS: 1" });
    expect(await rentas.textContent()).toContain("«FISCALIZACIÓN DE PREDIOS» (programado 2)");
    expect(await dialog.textContent()).toContain("lo que no se registró cuenta como 0 ejecutado");
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, "month-close-confirm");

    // Cancelling leaves January open; confirming closes it.
    await dialog.getByRole("button", { name: "Cancelar" }).first().click();
    const january = page
      .getByRole("region", { name: "Tabla: Cierre de meses" })
      .locator("tbody tr")
      .filter({ hasText: "Enero" });
    expect(await january.textContent()).toContain("Abierto");
    await page.getByRole("button", { name: "Cerrar Enero" }).click();
    await dialog.getByRole("button", { name: "Confirmar el cierre" }).click();
    await page.getByRole("button", { name: "Reabrir Enero" }).waitFor();
    expect(await january.textContent()).toContain("Cerrado");
  });
});
