/**
 * The workflow screens' gaps of issue 6, on the demo (POI 2026 in execution, January–March
 * closed): the header's plan picker lists the institution's plans on pages that are not a plan's;
 * the audit log filters by plan, unit and user (admins) and its CSV follows the filters; the
 * reprogramming list loads 20 at a time with its count; an editor sees the evidence and
 * reprogramming controls only on activities of their units, and a note elsewhere.
 */
import { and, asc, eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activities, orgUnits, plans } from "../src/db/schema.js";
import { getActivity } from "../src/services/activities/get-activity.js";
import { requestReprogramming } from "../src/services/reprogramming/request-reprogramming.js";
import {
  ADMIN,
  addStaff,
  type DemoHarness,
  EDITOR,
  hasChromium,
  PLANNER,
  screenshots,
  seriousViolations,
  sessionOf,
  startDemoHarness,
} from "./support.js";

/** Pending requests the planner made before the tests: more than one page of 20. */
const REQUESTS = 25;

type Activity = { id: string; name: string; unitId: string; unitName: string };

describe.skipIf(!hasChromium)("workflow screens: filters, paging, who may act, plan picker", () => {
  let harness: DemoHarness;
  let planId: string;
  let planLabels: string[];
  /** An activity of the editor's unit, and one of another unit. */
  let own: Activity;
  let other: Activity;
  /** The planner's requests per unit id. */
  const requestsByUnit = new Map<string, number>();
  let requestUnit: { id: string; name: string };
  /** Sessions in the order they were opened: later tests go on in the planner's first one. */
  const pages: Page[] = [];

  /** A browser session of its own, logged in as this person (closed with the harness's browser). */
  async function loginAs(person: { email: string; name: string }): Promise<Page> {
    const page = await sessionOf(harness, person);
    pages.push(page);
    return page;
  }

  /** Picks an option of a labelled select with the keyboard only: focus, type, arrow, Enter. */
  async function pick(page: Page, label: string, typed: string, option: string) {
    const select = page.getByRole("main").getByRole("combobox", { name: label, exact: true });
    await select.focus();
    await page.keyboard.type(typed);
    await page.getByRole("option", { name: option, exact: true }).waitFor();
    // Down the filtered list to the option.
    const names = await page.getByRole("listbox").getByRole("option").allTextContents();
    for (let step = 0; step <= names.indexOf(option); step++) await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    await expect.poll(() => select.inputValue()).toBe(option);
  }

  const auditRows = (page: Page) =>
    page.getByRole("region", { name: "Tabla: Bitácora", exact: true }).locator("tbody tr");

  beforeAll(async () => {
    harness = await startDemoHarness();
    const { db } = harness.database;
    planId = harness.planId;
    const units = await db.select().from(orgUnits).where(eq(orgUnits.institutionId, harness.institutionId));
    const list = await db
      .select()
      .from(activities)
      .where(and(eq(activities.institutionId, harness.institutionId), eq(activities.planId, planId)))
      .orderBy(asc(activities.position));
    const unitName = (id: string) => units.find((unit) => unit.id === id)?.name as string;
    const isLeaf = (id: string) => !units.some((unit) => unit.parentId === id);
    // The editor's unit has no unit below it: every other unit's activity is not theirs.
    const mine = list.find((item) => isLeaf(item.unitId));
    const theirs = list.find((item) => mine && item.unitId !== mine.unitId);
    if (!mine || !theirs) throw new Error("the demo plan needs activities of two units");
    own = { id: mine.id, name: mine.name, unitId: mine.unitId, unitName: unitName(mine.unitId) };
    other = { id: theirs.id, name: theirs.name, unitId: theirs.unitId, unitName: unitName(theirs.unitId) };
    const { planner } = await addStaff(harness, own.unitId);

    // The planner asks to add one to December of 25 activities (none of the two above).
    const asked = list
      .filter((item) => item.unitId !== own.unitId && item.id !== other.id)
      .slice(0, REQUESTS);
    if (asked.length < REQUESTS) throw new Error(`the demo plan has only ${asked.length} other activities`);
    for (const item of asked) {
      const { programmed } = await getActivity(db, harness.institutionId, item.id);
      const quantities = programmed.map((value, index) => (index === 11 ? (value ?? 0) + 1 : value));
      await requestReprogramming(
        db,
        { userId: planner.id, ip: "127.0.0.1", planner: true, editsUnit: () => false },
        {
          institutionId: harness.institutionId,
          activityId: item.id,
          quantities,
          justification: `Ajuste de diciembre ${item.name}`,
        },
      );
      requestsByUnit.set(item.unitId, (requestsByUnit.get(item.unitId) ?? 0) + 1);
    }
    const [busiest] = [...requestsByUnit].sort((a, b) => b[1] - a[1]);
    requestUnit = { id: busiest?.[0] as string, name: unitName(busiest?.[0] as string) };
    const planRows = await db.select().from(plans).where(eq(plans.institutionId, harness.institutionId));
    planLabels = planRows.map((plan) => `${plan.kind} ${plan.year} · ${plan.title}`).sort();
  });
  afterAll(async () => {
    await harness?.close();
  });

  it("the header's plan picker lists the institution's plans on the audit page, then keeps the one opened", async () => {
    const page = await loginAs(PLANNER);
    await page.goto(harness.url("/audit"));
    await page.getByRole("heading", { name: "Bitácora", level: 1 }).waitFor();
    const picker = page.getByRole("banner").getByRole("combobox", { name: "Plan", exact: true });
    // No plan opened yet in this browser: an invitation, not «Sin planes».
    expect(await picker.getAttribute("placeholder")).toBe("Elegir un plan");
    expect(await picker.isDisabled()).toBe(false);
    await picker.click();
    await expect
      .poll(async () => (await page.getByRole("listbox").getByRole("option").allTextContents()).sort())
      .toEqual(planLabels);
    const poi = planLabels.find((label) => label.startsWith("POI")) as string;
    await page.getByRole("option", { name: poi }).click();
    await page.waitForURL(`**/plans/${planId}`);

    // Back on a page that is not a plan's: the plan just opened.
    await page.getByRole("navigation").getByRole("link", { name: "Reprogramaciones" }).click();
    await page.getByRole("heading", { name: "Solicitudes de reprogramación" }).waitFor();
    await expect.poll(() => picker.inputValue()).toBe(poi);
    await page.reload();
    await page.getByRole("heading", { name: "Solicitudes de reprogramación" }).waitFor();
    await expect.poll(() => picker.inputValue()).toBe(poi);
  });

  it("the reprogramming list shows 20 of 25 with a count, «Cargar más» brings the rest", async () => {
    const page = pages[0] as Page;
    const cards = page.getByRole("main").getByRole("article");
    await expect.poll(() => cards.count()).toBe(20);
    // The count above the list and beside «Cargar más».
    expect(await page.getByText("20 de 25 solicitudes").count()).toBe(2);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, "reprogrammings-first-page");
    const more = page.getByRole("button", { name: "Cargar más" });
    await more.click();
    await page.getByText("25 de 25 solicitudes").waitFor();
    expect(await cards.count()).toBe(REQUESTS);
    expect(await more.count()).toBe(0);
    // The keyboard focus is on the first request the button brought.
    expect(await page.evaluate('document.activeElement.getAttribute("aria-label")')).toBe(
      await cards.nth(20).getAttribute("aria-label"),
    );
    // Every request once.
    const names = await Promise.all((await cards.all()).map((card) => card.getAttribute("aria-label")));
    expect(new Set(names).size).toBe(REQUESTS);

    // A review reads the pages again: one fewer, none twice.
    await cards.first().getByRole("button", { name: "Aprobar" }).click();
    await page.getByText("24 de 24 solicitudes").waitFor();
    expect(await cards.count()).toBe(REQUESTS - 1);
  });

  it("an admin filters the audit log by plan, unit and user with the keyboard; the CSV follows the filters", async () => {
    const page = await loginAs(ADMIN);
    await page.getByRole("navigation").getByRole("link", { name: "Bitácora" }).click();
    await page.getByRole("heading", { name: "Bitácora", level: 1 }).waitFor();
    const poi = planLabels.find((label) => label.startsWith("POI")) as string;
    await pick(page, "Plan", "POI", poi);
    await pick(page, "Usuario", "Ana", `${PLANNER.name} · ${PLANNER.email}`);
    await page.getByRole("button", { name: "Buscar" }).click();
    // The planner's 25 requests and her approval, nothing else of hers.
    await page.getByText(`${REQUESTS + 1} entradas`).waitFor();
    const rows = await auditRows(page).allTextContents();
    expect(rows.every((text) => text.includes(PLANNER.name))).toBe(true);
    expect(rows.filter((text) => text.includes("Solicitud · reprogramación"))).toHaveLength(REQUESTS);

    await pick(page, "Unidad orgánica", requestUnit.name, requestUnit.name);
    await pick(page, "Acción", "Solic", "Solicitud");
    await page.getByRole("button", { name: "Buscar" }).click();
    const expected = requestsByUnit.get(requestUnit.id) as number;
    await page.getByText(`${expected} entradas`, { exact: true }).waitFor();
    expect(await auditRows(page).count()).toBe(expected);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, "audit-filters");

    const href = (await page.getByRole("link", { name: "Descargar CSV" }).getAttribute("href")) as string;
    const search = new URL(href, harness.url("/")).searchParams;
    expect([...search.keys()].sort()).toEqual(["action", "format", "planId", "unitId", "userId"]);
    expect(search.get("planId")).toBe(planId);
    expect(search.get("unitId")).toBe(requestUnit.id);
    const csv = await page.request.get(harness.url(href));
    expect(csv.status()).toBe(200);
    const lines = (await csv.text()).trim().split(/\r?\n/);
    expect(lines).toHaveLength(1 + expected);
    expect(
      lines.slice(1).every((line) => line.includes(PLANNER.email) && line.includes(requestUnit.id)),
    ).toBe(true);
  });

  it("a planner filters by plan and unit; the user filter is only an admin's", async () => {
    const page = pages[0] as Page;
    await page.getByRole("navigation").getByRole("link", { name: "Bitácora" }).click();
    await page.getByRole("heading", { name: "Bitácora", level: 1 }).waitFor();
    const main = page.getByRole("main");
    expect(await main.getByRole("combobox", { name: "Plan", exact: true }).count()).toBe(1);
    expect(await main.getByRole("combobox", { name: "Unidad orgánica", exact: true }).count()).toBe(1);
    expect(await main.getByRole("combobox", { name: "Usuario", exact: true }).count()).toBe(0);
    await pick(page, "Unidad orgánica", requestUnit.name, requestUnit.name);
    await page.getByRole("button", { name: "Buscar" }).click();
    const expected = requestsByUnit.get(requestUnit.id) as number;
    // Her requests of that unit (the list also holds the approval, if it was of that unit).
    await expect
      .poll(
        async () => (await auditRows(page).allTextContents()).filter((t) => t.includes("Solicitud")).length,
      )
      .toBe(expected);
  });

  it("an editor is offered evidence upload and a reprogramming request only on their unit's activities; elsewhere a note says why", async () => {
    const page = await loginAs(EDITOR);
    await page.goto(harness.url(`/activities/${own.id}`));
    await page.getByRole("heading", { name: own.name, level: 1 }).waitFor({ timeout: 30_000 });
    // April to December are open: one «Adjuntar» each.
    await expect.poll(() => page.getByRole("button", { name: /^Adjuntar a / }).count()).toBe(9);
    expect(await page.getByRole("button", { name: "Enviar la solicitud" }).count()).toBe(1);
    expect(await page.getByText("Solo lectura", { exact: false }).count()).toBe(0);

    await page.goto(harness.url(`/activities/${other.id}`));
    await page.getByRole("heading", { name: other.name, level: 1 }).waitFor({ timeout: 30_000 });
    await page
      .getByText(
        `Solo lectura: la actividad es de ${other.unitName}, una unidad que usted no edita; su ejecución y sus evidencias las registran los editores de esa unidad.`,
      )
      .waitFor();
    expect(
      await page
        .getByText(
          `Solo los editores de ${other.unitName} y los planificadores piden reprogramar esta actividad.`,
        )
        .count(),
    ).toBe(1);
    expect(await page.getByRole("button", { name: /^Adjuntar a / }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "Enviar la solicitud" }).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, "activity-other-unit");

    // (A page load fetches the whole bundle again: on a busy machine, more than 10 s.)
    // A planner asks for any activity but attaches no evidence.
    const planner = pages[0] as Page;
    await planner.goto(harness.url(`/activities/${other.id}`));
    await planner.getByRole("heading", { name: other.name, level: 1 }).waitFor({ timeout: 30_000 });
    await planner
      .getByText(
        `Solo lectura: la ejecución y las evidencias las registran los editores de ${other.unitName}.`,
      )
      .waitFor();
    expect(await planner.getByRole("button", { name: /^Adjuntar a / }).count()).toBe(0);
    expect(await planner.getByRole("button", { name: "Enviar la solicitud" }).count()).toBe(1);
  });
});
