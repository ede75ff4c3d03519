/**
 * The plan grid in the browser, on the demo POI (seed 004, in execution, January–March closed):
 * an editor of GERENCIA DE SERVICIOS AL ADMINISTRADO enters April for two of the unit's
 * activities (typing, Enter, Tab, a pasted block), sees the row total follow, cannot touch another
 * unit's activity (read-only cell, and a 403 from the API); once a planner closes April the cell
 * locks; the Q1 POI report is unchanged (6,350 · 1,543 · 1,494 · 96.8 %); a stale edit from a
 * second browser shows the other person's value and both choices work. A planner programs a
 * draft plan through the same grid: META beside the name and Σ ≠ META flagged, a refused «abc»
 * keeping its message under the cell, Esc restoring the saved value selected, cells formatted like
 * the totals, a progress activity in % whose T1 is its last month, and the name opening the
 * activity's page.
 */
import ExcelJS from "exceljs";
import type { APIRequestContext, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activities, executedValues } from "../src/db/schema.js";
import { addUser } from "../src/services/users/add-user.js";
import {
  type Harness,
  hasChromium,
  NARROW,
  screenshots,
  seriousViolations,
  startHarness,
  WIDE,
} from "./support.js";

const ADMIN = { email: "admin@sat-piura.gob.pe", password: "una clave larga de administración" };
const GSA = "GERENCIA DE SERVICIOS AL ADMINISTRADO";
const OCI = "ORGANO DE CONTROL INSTITUCIONAL";

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

type Activity = { id: string; name: string; unitId: string; executed: (number | null)[] };
type Session = { request: APIRequestContext; csrf: string };

async function logIn(
  context: BrowserContext,
  url: string,
  email: string,
  password: string,
): Promise<Session> {
  const answer = await context.request.post(url, { data: { email, password } });
  if (!answer.ok()) throw new Error(`login of ${email}: ${await answer.text()}`);
  return { request: context.request, csrf: (await answer.json()).csrfToken };
}

async function call(session: Session, method: "GET" | "POST" | "PUT", url: string, data?: object) {
  return session.request.fetch(url, {
    method,
    headers: { "x-csrf-token": session.csrf },
    ...(data ? { data } : {}),
  });
}

/** What Excel puts on the clipboard, pasted into the element as a paste event carries it. */
async function pasteInto(target: Locator, text: string) {
  await target.evaluate((element, block) => {
    // These tests compile without the DOM's types: the two classes are the page's own.
    const page = globalThis as unknown as {
      DataTransfer: new () => { setData: (type: string, value: string) => void };
      ClipboardEvent: new (type: string, init: object) => Event;
    };
    const data = new page.DataTransfer();
    data.setData("text/plain", block);
    element.dispatchEvent(
      new page.ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }),
    );
  }, text);
}

describe.skipIf(!hasChromium)("plan grid in the browser", () => {
  let harness: Harness;
  let admin: Session;
  let institutionId: string;
  let planId: string;
  let gsa: Activity[];
  let oci: Activity;
  const editorPassword: Record<string, string> = {};
  const api = (path: string) => harness.url(`/api/institutions/${institutionId}${path}`);

  beforeAll(async () => {
    harness = await startHarness();
    await addUser(harness.database.db, { ...ADMIN, role: "super-admin" });
    admin = await logIn(
      await harness.browser.newContext(),
      harness.url("/api/auth/login"),
      ADMIN.email,
      ADMIN.password,
    );
    const demo = await (await call(admin, "POST", harness.url("/api/demo"))).json();
    institutionId = demo.institutionId;
    planId = demo.planId;
    const units: { id: string; name: string }[] = (
      await (await call(admin, "GET", api("/units?pageSize=500"))).json()
    ).items;
    const unitId = (name: string) => units.find((unit) => unit.name === name)?.id as string;
    const list = async (unit: string): Promise<Activity[]> =>
      (
        await (
          await call(admin, "GET", api(`/plans/${planId}/activities?pageSize=500&unitId=${unitId(unit)}`))
        ).json()
      ).items;
    gsa = (await list(GSA)).filter((activity) => activity.unitId === unitId(GSA));
    oci = (await list(OCI))[0] as Activity;
    for (const [email, name, role] of [
      ["editora@sat-piura.gob.pe", "Elena Editora", "editor"],
      ["editor2@sat-piura.gob.pe", "Mario Segundo", "editor"],
      ["planificador@sat-piura.gob.pe", "Pedro Planificador", "planner"],
    ] as const) {
      const invited = await call(admin, "POST", api("/users"), {
        email,
        name,
        role,
        ...(role === "editor" ? { unitIds: [unitId(GSA)] } : {}),
      });
      expect(invited.status()).toBe(202);
      // The person creates their account through the invitation link, with a password of their own.
      const token = new URL((await invited.json()).link).searchParams.get("token");
      const password = `la clave de ${name}`;
      const context = await harness.browser.newContext();
      const accepted = await context.request.post(harness.url("/api/invitations/accept"), {
        data: { token, name, password },
      });
      expect(accepted.status()).toBe(200);
      await context.close();
      editorPassword[email] = password;
    }
  }, 120_000);
  afterAll(async () => {
    await harness?.close();
  });

  const openGrid = async (page: Page) => {
    await page.goto(harness.url(`/plans/${planId}/grid`));
    await page.getByRole("grid", { name: "Planilla de la ejecución mensual" }).waitFor({ timeout: 20_000 });
    await page.getByRole("combobox", { name: "Unidad orgánica" }).fill(GSA);
    await page.getByRole("option", { name: GSA, exact: true }).click();
    await page.getByText(`${GSA} (`).waitFor();
  };
  // A read-only cell's name ends with the figure it shows.
  const cell = (page: Page, month: string, activity: Activity) =>
    page.getByLabel(new RegExp(`^${month}, ejecutado, ${escapeRegExp(activity.name)}(: .+)?$`));
  const total = (page: Page, activity: Activity) => page.getByTestId(`total-${activity.id}`);
  const executed = async (activity: Activity) =>
    (await (await call(admin, "GET", api(`/activities/${activity.id}/execution`))).json()).months as {
      month: number;
      value: number | null;
      comment: string | null;
      version: number;
    }[];
  const sumText = (values: (number | null)[]) =>
    new Intl.NumberFormat("en-US").format(values.reduce<number>((sum, value) => sum + (value ?? 0), 0));

  it("lets the unit's editor enter April with a comment: typing, Enter, Tab and a pasted block", async () => {
    const { page } = harness;
    const [first, second] = gsa as [Activity, Activity];
    const context = page.context();
    await logIn(
      context,
      harness.url("/api/auth/login"),
      "editora@sat-piura.gob.pe",
      editorPassword["editora@sat-piura.gob.pe"] as string,
    );
    await openGrid(page);
    await page.getByLabel("Comentario (se guarda con cada valor)").fill("Informe de abril de la gerencia");

    const before = sumText(first.executed);
    expect(await total(page, first).textContent()).toBe(before);
    await cell(page, "ABR", first).click();
    await page.keyboard.type("12");
    // The row total follows the typing, before anything is saved.
    await expect.poll(() => total(page, first).textContent()).toBe(sumText([...first.executed, 12]));
    await page.keyboard.press("Enter");
    // Enter saved and went down to the next activity's April.
    await expect
      .poll(() => page.locator(":focus").getAttribute("aria-label"))
      .toBe(`ABR, ejecutado, ${second.name}`);
    await page.keyboard.type("7");
    await page.keyboard.press("Tab");
    await expect
      .poll(() => page.locator(":focus").getAttribute("aria-label"))
      .toBe(`MAY, ejecutado, ${second.name}`);
    // A block of two cells copied from Excel, pasted into the first activity's May.
    await cell(page, "MAY", first).click();
    await pasteInto(cell(page, "MAY", first), "3\t4\r\n");
    await expect.poll(() => total(page, first).textContent()).toBe(sumText([...first.executed, 12, 3, 4]));
    await expect.poll(async () => (await executed(first)).find((m) => m.month === 6)?.value).toBe(4);

    const months = await executed(first);
    expect(months.slice(3, 6).map((m) => [m.value, m.comment])).toEqual([
      [12, "Informe de abril de la gerencia"],
      [3, "Informe de abril de la gerencia"],
      [4, "Informe de abril de la gerencia"],
    ]);
    expect((await executed(second)).find((m) => m.month === 4)?.value).toBe(7);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, "grid-editor");
  });

  it("keeps another unit's activity read-only, saying why, and the API refuses it too (403)", async () => {
    const { page } = harness;
    await page.getByRole("combobox", { name: "Unidad orgánica" }).fill(OCI);
    await page.getByRole("option", { name: OCI, exact: true }).click();
    const locked = cell(page, "ABR", oci);
    expect(await locked.getAttribute("aria-readonly")).toBe("true");
    expect(await locked.evaluate((element) => element.tagName)).toBe("DIV");
    const why = await locked.getAttribute("aria-describedby");
    expect(await page.locator(`[id="${why}"]`).textContent()).toBe(
      "Solo lectura: la actividad es de una unidad que usted no edita.",
    );
    await locked.focus();
    expect(await page.getByTestId("grid-focus").textContent()).toContain("usted no edita");
    await page.keyboard.type("5");
    expect(await locked.textContent()).toBe("");

    const me = await page.context().request.get(harness.url("/api/auth/me"));
    const csrf = String((await me.json()).csrfToken);
    const direct = await page.context().request.put(api(`/activities/${oci.id}/execution/4`), {
      headers: { "x-csrf-token": csrf },
      data: { value: 5, version: 0 },
    });
    expect(direct.status()).toBe(403);
    expect((await executed(oci)).find((m) => m.month === 4)?.value).toBeNull();
  });

  it("locks April once a planner closes it; the Q1 report keeps 6,350 · 1,543 · 1,494 · 96.8 %", async () => {
    const { page, browser } = harness;
    const context = await browser.newContext();
    const planner = await logIn(
      context,
      harness.url("/api/auth/login"),
      "planificador@sat-piura.gob.pe",
      editorPassword["planificador@sat-piura.gob.pe"] as string,
    );
    expect((await call(planner, "POST", api(`/plans/${planId}/months/4/close`))).status()).toBe(200);

    await openGrid(page);
    const april = cell(page, "ABR", gsa[0] as Activity);
    expect(await april.getAttribute("aria-readonly")).toBe("true");
    expect(await page.locator(`[id="${await april.getAttribute("aria-describedby")}"]`).textContent()).toBe(
      "Solo lectura: el mes está cerrado.",
    );
    expect(await cell(page, "MAY", gsa[0] as Activity).evaluate((element) => element.tagName)).toBe("INPUT");

    const xlsx = await call(
      planner,
      "GET",
      harness.url(`/api/plans/${planId}/reports/poi?period=Q1&format=xlsx`),
    );
    expect(xlsx.status()).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await xlsx.body()) as never);
    let totalRow: ExcelJS.Row | undefined;
    workbook.worksheets[0]?.eachRow((row) => {
      if (!totalRow && row.getCell(1).value === "TOTAL") totalRow = row;
    });
    const row = totalRow as ExcelJS.Row;
    expect([row.getCell(5).value, row.getCell(21).value, row.getCell(22).value]).toEqual([6350, 1543, 1494]);
    expect(Math.round(Number(row.getCell(23).value) * 1000) / 10).toBe(96.8);
    await context.close();
  });

  it("shows a stale edit with the other person's value; take theirs and keep mine both work", async () => {
    const { page, browser } = harness;
    const second = gsa[1] as Activity;
    const other = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: "es-PE" });
    await logIn(
      other,
      harness.url("/api/auth/login"),
      "editor2@sat-piura.gob.pe",
      editorPassword["editor2@sat-piura.gob.pe"] as string,
    );
    const otherPage = await other.newPage();
    otherPage.setDefaultTimeout(10_000);
    await openGrid(otherPage);
    await openGrid(page);

    // The other person saves after this grid loaded and before this user ever touched the row.
    await cell(otherPage, "AGO", second).click();
    await otherPage.keyboard.type("3");
    await otherPage.keyboard.press("Enter");
    await expect.poll(() => cell(otherPage, "AGO", second).getAttribute("aria-busy")).toBeNull();
    await cell(page, "AGO", second).fill("4");
    await page.keyboard.press("Enter");
    const late = page.getByRole("dialog", { name: "Otra persona cambió este valor" });
    await late.waitFor();
    expect(await late.textContent()).toMatch(/Otra persona guardó 3 \(Mario Segundo, .+\)\./);
    await late.getByRole("button", { name: "Tomar el suyo" }).click();
    await expect.poll(() => cell(page, "AGO", second).inputValue()).toBe("3");
    expect((await executed(second)).find((m) => m.month === 8)?.value).toBe(3);

    const race = async (month: string, theirs: string, mine: string) => {
      // Both start editing the same cell (each reads its version), the other person saves first.
      await cell(page, month, second).click();
      await cell(otherPage, month, second).click();
      await otherPage.keyboard.type(theirs);
      await otherPage.keyboard.press("Enter");
      await expect.poll(() => cell(otherPage, month, second).getAttribute("aria-busy")).toBeNull();
      await cell(page, month, second).fill(mine);
      await page.keyboard.press("Enter");
      const dialog = page.getByRole("dialog", { name: "Otra persona cambió este valor" });
      await dialog.waitFor();
      expect(await dialog.textContent()).toMatch(
        new RegExp(`Otra persona guardó ${theirs} \\(Mario Segundo, .+\\)\\.`),
      );
      return dialog;
    };

    const may = await race("MAY", "9", "11");
    expect(await seriousViolations(page)).toEqual([]);
    await may.getByRole("button", { name: "Tomar el suyo" }).click();
    await expect.poll(() => cell(page, "MAY", second).inputValue()).toBe("9");
    expect((await executed(second)).find((m) => m.month === 5)?.value).toBe(9);

    const july = await race("JUL", "5", "6");
    await july.getByRole("button", { name: "Mantener el mío" }).click();
    await expect.poll(async () => (await executed(second)).find((m) => m.month === 7)?.value).toBe(6);
    expect(await cell(page, "JUL", second).inputValue()).toBe("6");
    await other.close();
  });

  it("lets a planner program a draft plan: Tab saves each month of the row in turn", async () => {
    const { browser } = harness;
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: "es-PE" });
    const email = "planificador@sat-piura.gob.pe";
    const planner = await logIn(
      context,
      harness.url("/api/auth/login"),
      email,
      editorPassword[email] as string,
    );
    const draft = await (
      await call(planner, "POST", api("/plans"), { year: 2027, kind: "POA", title: "POA 2027 borrador" })
    ).json();
    const created = await call(planner, "POST", api(`/plans/${draft.id}/activities`), {
      unitId: gsa[0]?.unitId,
      name: "CAMPAÑA DE ORIENTACIÓN TRIBUTARIA",
    });
    const activity = (await created.json()) as Activity;
    const page = await context.newPage();
    await page.goto(harness.url(`/plans/${draft.id}/grid`));
    await page
      .getByRole("grid", { name: "Planilla de la programación mensual" })
      .waitFor({ timeout: 20_000 });
    await page.getByLabel(`ENE, programado, ${activity.name}`, { exact: true }).click();
    for (const value of ["5", "6", "7"]) {
      await page.keyboard.type(value);
      await page.keyboard.press("Tab");
    }
    await expect.poll(() => page.getByTestId(`q1-${activity.id}`).textContent()).toBe("18");
    const programmed = async () =>
      (await (await call(planner, "GET", api(`/activities/${activity.id}`))).json()).programmed as (
        | number
        | null
      )[];
    await expect.poll(async () => (await programmed()).slice(0, 4)).toEqual([5, 6, 7, null]);
    await context.close();
  });

  it("shows META, flags Σ ≠ META, keeps a refusal under its cell, Esc selects, progress in % by its last month", async () => {
    const { browser } = harness;
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: "es-PE" });
    const email = "planificador@sat-piura.gob.pe";
    const planner = await logIn(
      context,
      harness.url("/api/auth/login"),
      email,
      editorPassword[email] as string,
    );
    const draft = await (
      await call(planner, "POST", api("/plans"), { year: 2028, kind: "POA", title: "POA 2028 borrador" })
    ).json();
    const create = async (body: object) =>
      (await (
        await call(planner, "POST", api(`/plans/${draft.id}/activities`), { unitId: gsa[0]?.unitId, ...body })
      ).json()) as Activity;
    const reports = await create({
      name: "INFORMES DE GESTIÓN",
      unitOfMeasure: "Informe",
      annualTarget: 12,
    });
    const notices = await create({ name: "NOTIFICACIONES DE VALORES", unitOfMeasure: "Notificación" });
    const system = await create({
      name: "IMPLEMENTACIÓN DEL SISTEMA DE COBRANZA",
      unitOfMeasure: "% de avance",
      measureKind: "progress",
      cumulative: false,
    });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(harness.url(`/plans/${draft.id}/grid`));
    await page
      .getByRole("grid", { name: "Planilla de la programación mensual" })
      .waitFor({ timeout: 20_000 });
    const input = (month: string, activity: Activity) =>
      page.getByLabel(`${month}, programado, ${activity.name}`, { exact: true });
    const typeRow = async (activity: Activity, values: string[]) => {
      await input("ENE", activity).click();
      for (const value of values) {
        await page.keyboard.type(value);
        await page.keyboard.press("Tab");
      }
    };
    const programmed = async (activity: Activity) =>
      (await (await call(planner, "GET", api(`/activities/${activity.id}`))).json()).programmed as (
        | number
        | null
      )[];

    // META and the unit of measure beside the name; Σ 16 for a META of 12 is flagged, live.
    expect(await page.getByTestId(`target-${reports.id}`).textContent()).toBe("12");
    expect(await page.getByRole("gridcell", { name: "Informe", exact: true }).count()).toBe(1);
    await typeRow(reports, ["4", "4", "4"]);
    // Σ 12 = META 12: no flag.
    expect(await page.getByTestId(`gap-${reports.id}`).count()).toBe(0);
    await page.keyboard.type("4");
    await expect
      .poll(() => page.getByTestId(`gap-${reports.id}`).textContent())
      .toContain("Σ 16 ≠ META 12 (+4)");
    await page.keyboard.press("Tab");
    await expect.poll(async () => (await programmed(reports)).slice(0, 4)).toEqual([4, 4, 4, 4]);

    // «abc» keeps its message under the cell after Enter moved on; the total does not count it.
    await page.keyboard.type("abc");
    await page.keyboard.press("Enter");
    const refusal = page.getByTestId(`refusal-${reports.id}-5`);
    await expect
      .poll(() => refusal.textContent())
      .toBe("Escriba un número (p. ej. 1250 o 12.5), sin letras ni signos.");
    await expect
      .poll(() => page.locator(":focus").getAttribute("aria-label"))
      .toBe(`MAY, programado, ${notices.name}`);
    expect(await refusal.isVisible()).toBe(true);
    expect(await input("MAY", reports).getAttribute("aria-invalid")).toBe("true");
    expect(
      await page
        .locator(`[id="${await input("MAY", reports).getAttribute("aria-describedby")}"]`)
        .textContent(),
    ).toContain("Escriba un número");
    expect(await total(page, reports).textContent()).toBe("16");
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, "grid-meta");
    // Esc puts the saved value back and the message goes.
    await input("MAY", reports).click();
    await page.keyboard.press("Escape");
    expect(await input("MAY", reports).inputValue()).toBe("");
    expect(await refusal.count()).toBe(0);

    // Esc restores the saved text selected: typing 1 then gives 1, not 41.
    await input("ENE", reports).click();
    await page.keyboard.type("7");
    await page.keyboard.press("Escape");
    expect(await input("ENE", reports).inputValue()).toBe("4");
    await page.keyboard.type("1");
    expect(await input("ENE", reports).inputValue()).toBe("1");
    await page.keyboard.press("Tab");
    await expect.poll(async () => (await programmed(reports))[0]).toBe(1);
    await expect
      .poll(() => page.getByTestId(`gap-${reports.id}`).textContent())
      .toContain("Σ 13 ≠ META 12 (+1)");

    // Cells are written like the totals (10,000), the raw number while edited.
    await typeRow(notices, ["10000", "20000"]);
    await expect.poll(() => input("ENE", notices).inputValue()).toBe("10,000");
    expect(await total(page, notices).textContent()).toBe("30,000");
    await input("ENE", notices).focus();
    expect(await input("ENE", notices).inputValue()).toBe("10000");
    // No META: nothing to flag.
    expect(await page.getByTestId(`gap-${notices.id}`).count()).toBe(0);

    // Progress: cells in %, T1 and the year are the last month's (20 %, not 43), checked against 100 %.
    await typeRow(system, ["8", "15", "20"]);
    await expect.poll(() => page.getByTestId(`q1-${system.id}`).textContent()).toBe("20 %");
    expect(await input("FEB", system).inputValue()).toBe("15 %");
    expect(await total(page, system).textContent()).toBe("20 %");
    expect(await page.getByTestId(`gap-${system.id}`).textContent()).toContain(
      "Último mes 20 % ≠ META 100 % (−80 %)",
    );
    // Over 100 is refused with the grid's own words, and T2 does not count it.
    await input("ABR", system).click();
    await page.keyboard.type("150");
    await page.keyboard.press("Enter");
    await expect
      .poll(() => page.getByTestId(`refusal-${system.id}-4`).textContent())
      .toBe("Un avance es un porcentaje: escriba un valor de 0 a 100.");
    expect(await page.getByTestId(`q2-${system.id}`).textContent()).toBe("");
    expect(await total(page, system).textContent()).toBe("20 %");
    expect((await programmed(system)).slice(0, 4)).toEqual([8, 15, 20, null]);

    // The activity's name is its link: Enter on the name opens the activity page, Back returns.
    await page.getByRole("link", { name: system.name }).focus();
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { level: 1, name: system.name }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/activities/${system.id}`);
    await page.goBack();
    await page.getByRole("grid", { name: "Planilla de la programación mensual" }).waitFor();
    // «Cierre de meses» after the grid shows its page (the two share the months' query).
    await page.getByRole("link", { name: "Cierre de meses" }).click();
    await page.getByRole("heading", { level: 1, name: "Cierre de meses" }).waitFor();
    await context.close();
  });

  it("lets a planner add activities as new rows of a unit: typed with Enter, or a block pasted from Excel", async () => {
    const { browser } = harness;
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: "es-PE" });
    const email = "planificador@sat-piura.gob.pe";
    const planner = await logIn(
      context,
      harness.url("/api/auth/login"),
      email,
      editorPassword[email] as string,
    );
    const draft = await (
      await call(planner, "POST", api("/plans"), {
        year: 2029,
        kind: "POA",
        title: "POA 2029 desde la planilla",
      })
    ).json();
    const listed = async () =>
      (await (await call(planner, "GET", api(`/plans/${draft.id}/activities?pageSize=500`))).json())
        .items as (Activity & {
        unitOfMeasure: string | null;
        annualTarget: number | null;
        programmed: (number | null)[];
      })[];
    const page = await context.newPage();
    await page.goto(harness.url(`/plans/${draft.id}/grid`));
    await page
      .getByRole("grid", { name: "Planilla de la programación mensual" })
      .waitFor({ timeout: 20_000 });
    // A plan with no activity yet lists the institution's units, each with its «+ Actividad».
    await page.getByText(`${GSA} (0)`).waitFor();
    await page.getByRole("button", { name: `Agregar una actividad a ${GSA}` }).click();
    const name = page.getByLabel(`Nombre de la nueva actividad de ${GSA}`);
    await expect
      .poll(() => page.locator(":focus").getAttribute("aria-label"))
      .toBe(`Nombre de la nueva actividad de ${GSA}`);
    await page.keyboard.type("CHARLAS DE ORIENTACIÓN AL CONTRIBUYENTE");
    await page.keyboard.press("Tab");
    await page.keyboard.type("Charla");
    await page.keyboard.press("Tab");
    await page.keyboard.type("12");
    await page.keyboard.press("Enter");
    const message = page.getByRole("status").filter({ hasText: "agregada" });
    await message.getByText("«CHARLAS DE ORIENTACIÓN AL CONTRIBUYENTE» agregada").waitFor();
    // The row empties with the focus back on the name, for the next one.
    expect(await name.inputValue()).toBe("");
    await expect
      .poll(() => page.locator(":focus").getAttribute("aria-label"))
      .toBe(`Nombre de la nueva actividad de ${GSA}`);
    await page.keyboard.type("VISITAS DE FISCALIZACIÓN");
    await page.keyboard.press("Enter");
    await page.getByRole("link", { name: "VISITAS DE FISCALIZACIÓN" }).waitFor();
    // A META that is not a number is refused in the row; nothing is created.
    await page.keyboard.type("ACTIVIDAD CON META MAL ESCRITA");
    await page.getByLabel(`META de la nueva actividad de ${GSA}`).fill("doce");
    await page.getByLabel(`META de la nueva actividad de ${GSA}`).press("Enter");
    await page.getByTestId(`new-row-message-${gsa[0]?.unitId}`).getByText("Escriba un número").waitFor();
    expect((await listed()).map((activity) => activity.name)).toEqual([
      "CHARLAS DE ORIENTACIÓN AL CONTRIBUYENTE",
      "VISITAS DE FISCALIZACIÓN",
    ]);
    const [charlas] = await listed();
    expect(charlas).toMatchObject({ unitOfMeasure: "Charla", annualTarget: 12, unitId: gsa[0]?.unitId });
    // Its months are typed in its row like any other: Σ 3 + 3 + 3 against META 12 is flagged.
    await page.getByLabel(`ENE, programado, ${charlas?.name}`, { exact: true }).click();
    for (const value of ["3", "3", "3"]) {
      await page.keyboard.type(value);
      await page.keyboard.press("Tab");
    }
    await expect
      .poll(() => page.getByTestId(`gap-${charlas?.id}`).textContent())
      .toContain("Σ 9 ≠ META 12 (−3)");
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, "grid-new-rows");

    // Rows copied from Excel into the new row go to «Agregar actividades», previewed, then created.
    await pasteInto(
      name,
      [
        "ATENCIÓN DE CONSULTAS TELEFÓNICAS\tLlamada\t1200\t100\t100\t100\t100\t100\t100\t100\t100\t100\t100\t100\t100",
        "CAMPAÑA DE DESCUENTOS\tCampaña\t2\t\t\t1\t\t\t\t\t\t1\t\t\t",
      ].join("\r\n"),
    );
    const dialog = page.getByRole("dialog", { name: "Agregar actividades pegadas de una hoja de cálculo" });
    await dialog.getByText("2 filas para crear, 0 con problemas (no se crean).").waitFor();
    await dialog.getByRole("button", { name: "Crear 2 actividades" }).click();
    await dialog.waitFor({ state: "hidden" });
    await page.getByRole("link", { name: "CAMPAÑA DE DESCUENTOS" }).waitFor();
    const pasted = (await listed()).filter(
      (activity) => activity.name.startsWith("ATENCIÓN") || activity.name.startsWith("CAMPAÑA"),
    );
    expect(
      pasted.map((activity) => [
        activity.name,
        activity.annualTarget,
        activity.programmed.reduce<number>((sum, value) => sum + (value ?? 0), 0),
      ]),
    ).toEqual([
      ["ATENCIÓN DE CONSULTAS TELEFÓNICAS", 1200, 1200],
      ["CAMPAÑA DE DESCUENTOS", 2, 2],
    ]);
    // Esc closes the new row.
    await name.click();
    await page.keyboard.press("Escape");
    await name.waitFor({ state: "detached" });
    await context.close();
  });

  it("warns an editor when a progress activity's % goes down, and records it", async () => {
    const { browser } = harness;
    const { db } = harness.database;
    const [progress] = await db
      .insert(activities)
      .values({
        institutionId,
        planId,
        unitId: gsa[0]?.unitId as string,
        name: "IMPLEMENTACIÓN DEL SISTEMA DE CITAS EN LÍNEA",
        measureKind: "progress",
        annualTarget: "100",
        position: 5000,
      })
      .returning();
    await db
      .insert(executedValues)
      .values({ institutionId, activityId: progress?.id as string, q01: "10", q02: "15", q03: "24" });
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: "es-PE" });
    await logIn(
      context,
      harness.url("/api/auth/login"),
      "editora@sat-piura.gob.pe",
      editorPassword["editora@sat-piura.gob.pe"] as string,
    );
    const page = await context.newPage();
    await openGrid(page);
    // April was closed above: May, after 24 % in March.
    await cell(page, "MAY", progress as unknown as Activity).click();
    await page.keyboard.type("20");
    await page.keyboard.press("Enter");
    await page
      .getByTestId("grid-warning")
      .getByText(
        "Registrado, pero el avance de «IMPLEMENTACIÓN DEL SISTEMA DE CITAS EN LÍNEA» bajó: 20 % en mayo, después de 24 % en marzo.",
        { exact: false },
      )
      .waitFor();
    await expect
      .poll(async () => (await executed(progress as unknown as Activity)).find((m) => m.month === 5)?.value)
      .toBe(20);
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });

  it("fits a phone: the grid scrolls sideways under a frozen activity column", async () => {
    const { page } = harness;
    await page.setViewportSize(NARROW);
    const grid = page.getByRole("grid");
    const sizes = await grid.evaluate((element) => ({
      client: element.clientWidth,
      scroll: element.scrollWidth,
    }));
    expect(sizes.scroll).toBeGreaterThan(sizes.client);
    const name = page.getByRole("rowheader", { name: gsa[0]?.name }).first();
    const offset = async () => ((await name.boundingBox())?.x ?? 0) - ((await grid.boundingBox())?.x ?? 0);
    await grid.evaluate((element) => element.scrollTo(0, 0));
    await expect.poll(() => grid.evaluate((element) => element.scrollLeft)).toBe(0);
    // Inside the grid's 1 px border, before and after the months slide under it (polled: the
    // layout settles after the resize).
    await expect.poll(offset).toBe(1);
    await grid.evaluate((element) => element.scrollTo(400, 0));
    await expect.poll(() => grid.evaluate((element) => element.scrollLeft)).toBe(400);
    await expect.poll(offset).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await page.setViewportSize(WIDE);
    await screenshots(page, "grid-stale");
  });
});
