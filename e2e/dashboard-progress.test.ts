/**
 * The dashboard of a plan that mixes quantity and progress activities, and of a unit whose closed
 * months have nothing recorded (issue 13, points 4 and 5): on the demo (January–March closed), a
 * progress activity programmed 10, 20, 30 % and executed 10, 15, 24 % shows its own total apart
 * (80.0 %, amber), never added to the quantities; a new unit with 4 programmed each month of the
 * quarter and nothing recorded shows 0.0 % and red, not «—».
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  activities,
  executedValues,
  orgUnits,
  programmedValues,
  programmingVersions,
} from "../src/db/schema.js";
import {
  type DemoHarness,
  hasChromium,
  logIn,
  ROOT,
  screenshots,
  seriousViolations,
  startDemoHarness,
} from "./support.js";

const months = (values: number[]) =>
  Object.fromEntries(values.map((value, i) => [`q${String(i + 1).padStart(2, "0")}`, String(value)]));

describe.skipIf(!hasChromium)("the dashboard: progress totals apart, closed months with nothing at 0", () => {
  let harness: DemoHarness;
  let planId: string;

  beforeAll(async () => {
    harness = await startDemoHarness();
    const { db } = harness.database;
    const { institutionId } = harness;
    planId = harness.planId;
    const [first] = await db
      .select()
      .from(activities)
      .where(and(eq(activities.institutionId, institutionId), eq(activities.planId, planId)))
      .limit(1);
    if (!first) throw new Error("the demo has no activity");
    const [unit] = await db
      .insert(orgUnits)
      .values({ institutionId, name: "OFICINA DE PRUEBA SIN REGISTROS", parentId: null })
      .returning();
    const [progress, empty] = await db
      .insert(activities)
      .values([
        {
          institutionId,
          planId,
          unitId: first.unitId,
          name: "IMPLEMENTACIÓN DEL SISTEMA DE GESTIÓN DOCUMENTAL",
          measureKind: "progress",
          annualTarget: "100",
          position: 1000,
        },
        {
          institutionId,
          planId,
          unitId: unit?.id as string,
          name: "INFORMES DE LA OFICINA DE PRUEBA",
          annualTarget: "12",
          position: 1001,
        },
      ])
      .returning();
    const versions = await db
      .select()
      .from(programmingVersions)
      .where(
        and(eq(programmingVersions.institutionId, institutionId), eq(programmingVersions.planId, planId)),
      );
    for (const version of versions.filter((v) => v.mirrors === null)) {
      await db.insert(programmedValues).values([
        {
          institutionId,
          versionId: version.id,
          activityId: progress?.id as string,
          ...months([10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 100, 100]),
        },
        { institutionId, versionId: version.id, activityId: empty?.id as string, ...months([4, 4, 4]) },
      ]);
    }
    await db
      .insert(executedValues)
      .values({ institutionId, activityId: progress?.id as string, ...months([10, 15, 24]) });
  });
  afterAll(async () => {
    await harness?.close();
  });

  it("shows the quantities' % and the progress activities' % apart, and 0 % red for the unit with nothing recorded", async () => {
    const { page } = harness;
    await page.goto(harness.url("/"));
    await logIn(page, ROOT.email);
    await page.getByRole("heading", { name: `Bienvenido, ${ROOT.name}` }).waitFor();
    await page.goto(harness.url(`/plans/${planId}?period=Q1`));
    const kpi = page.getByRole("region", { name: "Resumen del periodo" });
    await kpi.getByText("Ejecución de la institución · Actividades medidas en % de avance").waitFor({
      timeout: 20_000,
    });
    // Quantities: 1,494 of 1,543 + 12 (the new unit's 4 a month, nothing recorded: 0).
    expect(await page.getByTestId("execution-pct").textContent()).toBe("96.1 %");
    await kpi.getByText("1,494 de 1,555 programado").waitFor();
    expect(await page.getByTestId("progress-pct").textContent()).toBe("80.0 %");
    await kpi.getByText("24 de 30 (suma de los % de avance del periodo)").waitFor();
    await kpi.getByText(/cada tipo tiene su total, nunca se suman entre sí/).waitFor();

    const units = page.getByRole("region", { name: "Unidades orgánicas" });
    const row = units.locator("tbody tr", { hasText: "OFICINA DE PRUEBA SIN REGISTROS" });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/0\.0 %/);
    expect(await row.textContent()).not.toContain("Sin semáforo");
    expect(await row.textContent()).toContain("Rojo");

    const atRisk = page.getByRole("region", { name: "Actividades en riesgo" });
    const empty = atRisk.locator("tbody tr", { hasText: "INFORMES DE LA OFICINA DE PRUEBA" });
    await empty.waitFor();
    expect(await empty.textContent()).toMatch(
      /En rojo: 0\.0 %[\s\S]*Sin ejecución registrada en: enero, febrero y marzo/,
    );

    const notes = page.getByRole("region", { name: "Notas" });
    await notes
      .getByText(/En un mes cerrado, una actividad con algo programado y nada registrado cuenta 0/)
      .waitFor();
    await notes.getByText(/TOTAL AVANCE \(%\) las de avance, aparte/).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, "dashboard-progress");
  });

  it("in English too", async () => {
    const { page } = harness;
    await page.locator("label", { hasText: /^EN$/ }).click();
    await page.getByText("Institution execution · Activities measured as % progress").waitFor();
    await page.getByText("24 of 30 (sum of the period's % progress)").waitFor();
    await page.locator("label", { hasText: /^ES$/ }).click();
    await page.getByText("Ejecución de la institución · Actividades medidas por cantidad").waitFor();
  });
});
