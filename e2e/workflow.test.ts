/**
 * The workflow screens on the demo (seed 004 in execution, January–March closed): a planner
 * closes April and reopens it with a reason, which the audit screen shows; an editor asks for a
 * reprogramming, the planner sees old beside new and approves it, and the activity detail shows
 * the new programming and its history; an admin invites a new person (the link once), who
 * creates their account through it, and a person with an account of their own, who accepts at
 * login; a wrong green threshold shows the server's message on its field. Each new page is scanned by
 * axe-core and photographed at two widths.
 */
import { and, asc, eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activities } from "../src/db/schema.js";
import { addUser } from "../src/services/users/add-user.js";
import { buildInstitution } from "../test/helpers/factories.js";
import {
  ADMIN,
  addStaff,
  type DemoHarness,
  EDITOR,
  hasChromium,
  PASSWORD,
  PLANNER,
  screenshots,
  seriousViolations,
  sessionOf,
  startDemoHarness,
  WIDE,
} from "./support.js";

describe.skipIf(!hasChromium)("workflow screens in the browser", () => {
  let harness: DemoHarness;
  let planId: string;
  let activity: { id: string; name: string };
  /** Sessions in the order they were opened: later tests go on in the planner's first one. */
  const pages: Page[] = [];
  /** A person with an account in another institution, invited to the demo. */
  const CONSULTANT = { email: "consultora@otra.gob.pe", name: "Inés Consultora" };
  let other: string;
  /** The admin's session, on the users page, for the tests after the invitations. */
  let adminPage: Page;

  /** A browser session of its own, logged in as this person (closed with the harness's browser). */
  async function loginAs(person: { email: string; name: string }): Promise<Page> {
    const page = await sessionOf(harness, person);
    pages.push(page);
    return page;
  }

  const row = (page: Page, scope: string, text: string) =>
    page
      .getByRole("region", { name: `Tabla: ${scope}`, exact: true })
      .locator("tbody tr")
      .filter({ hasText: text });

  beforeAll(async () => {
    harness = await startDemoHarness();
    const { db } = harness.database;
    const { institutionId } = harness;
    planId = harness.planId;
    const [first] = await db
      .select()
      .from(activities)
      .where(and(eq(activities.institutionId, institutionId), eq(activities.planId, planId)))
      .orderBy(asc(activities.position))
      .limit(1);
    if (!first) throw new Error("the demo plan has no activity");
    activity = { id: first.id, name: first.name };
    await addStaff(harness, first.unitId);
    other = (await buildInstitution(db, { name: "Municipalidad de Otra Parte" })).slug;
  });
  afterAll(async () => {
    await harness?.close();
  });

  it("closes April, reopens it with a reason, and the audit log shows both", async () => {
    const page = await loginAs(PLANNER);
    await page.goto(harness.url(`/plans/${planId}/months`));
    await page.getByRole("heading", { name: "Cierre de meses" }).waitFor();
    expect(await row(page, "Cierre de meses", "Marzo").textContent()).toContain("Cerrado");
    // Months close in order: only April offers «Cerrar».
    expect(
      await page
        .getByRole("main")
        .getByRole("button", { name: /^Cerrar / })
        .allTextContents(),
    ).toEqual(["Cerrar Abril"]);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, "months");

    await page.getByRole("button", { name: "Cerrar Abril" }).click();
    // No one-click close: the confirmation lists what April lacks first (e2e/plan-life.test.ts).
    await page
      .getByRole("dialog", { name: "Cerrar Abril" })
      .getByRole("button", { name: "Confirmar el cierre" })
      .click();
    await page.getByRole("button", { name: "Reabrir Abril" }).waitFor();
    expect(await row(page, "Cierre de meses", "Abril").textContent()).toContain("Cerrado");
    expect(await page.getByRole("button", { name: "Cerrar Mayo" }).count()).toBe(1);

    await page.getByRole("button", { name: "Reabrir Abril" }).click();
    const dialog = page.getByRole("dialog", { name: "Reabrir Abril" });
    await dialog.getByRole("button", { name: "Reabrir el mes" }).click();
    // An empty reason: the server's message on the field, and April stays closed.
    await expect.poll(() => dialog.getByText("No puede estar vacío", { exact: false }).count()).toBe(1);
    // Said on the field, in words: not the API's field name («reason»).
    expect(await dialog.getByText("«reason»", { exact: false }).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, "months-reopen");
    await dialog.getByLabel("Motivo de la reapertura").fill("Falta la evidencia de la Gerencia de Finanzas");
    await dialog.getByRole("button", { name: "Reabrir el mes" }).click();
    await page.getByRole("button", { name: "Cerrar Abril" }).waitFor();
    expect(await row(page, "Cierre de meses", "Abril").textContent()).toContain("Abierto");

    // The navigation, which folds behind a button on a phone (the link clicked next closes it).
    await screenshots(page, "navigation", () =>
      page.getByRole("button", { name: "Abrir o cerrar el menú" }).click(),
    );
    await page.getByRole("link", { name: "Bitácora" }).click();
    await page.getByRole("heading", { name: "Bitácora" }).waitFor();
    const entries = page.getByRole("region", { name: "Tabla: Bitácora", exact: true }).locator("tbody tr");
    await expect
      .poll(async () => (await entries.allTextContents()).slice(0, 2))
      .toEqual([
        expect.stringMatching(
          /Ana Quispe.*Reapertura · mes · Abril.*Falta la evidencia de la Gerencia de Finanzas$/,
        ),
        expect.stringMatching(/Ana Quispe.*Cierre · mes · Abril$/),
      ]);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, "audit");
  });

  it("an editor asks for a reprogramming, the planner approves it seeing old and new, the activity shows it", async () => {
    const editor = await loginAs(EDITOR);
    await editor.goto(harness.url(`/activities/${activity.id}`));
    await editor.getByRole("heading", { name: activity.name }).waitFor();
    // Evidence for April (open again): the file is listed as a download link of its month.
    const chooser = editor.waitForEvent("filechooser");
    await editor.getByRole("button", { name: "Adjuntar a Abril" }).click();
    await (await chooser).setFiles({
      name: "acta-abril.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"),
    });
    const evidence = row(editor, "Ejecución por mes", "Abril").getByRole("link", { name: "acta-abril.pdf" });
    await evidence.waitFor();
    expect(await evidence.getAttribute("href")).toMatch(
      /^\/api\/institutions\/[0-9a-f-]{36}\/evidence\/[0-9a-f-]{36}$/,
    );

    const may = editor.getByRole("textbox", { name: "Mayo", exact: true });
    const before = Number(await may.inputValue());
    await may.fill(String(before + 5));
    await editor.getByLabel("Justificación").fill("Campaña de cobranza adelantada a mayo");
    await editor.getByRole("button", { name: "Enviar la solicitud" }).click();
    await editor.getByText("Solicitud enviada: queda pendiente de revisión.").waitFor();
    expect(await seriousViolations(editor)).toEqual([]);
    await screenshots(editor, "activity-editor");

    const planner = pages[0] as Page;
    await planner.getByRole("link", { name: "Reprogramaciones" }).click();
    const card = planner.getByRole("article", { name: `Reprogramación de ${activity.name}` });
    await card.waitFor();
    expect(await card.getByText("Campaña de cobranza adelantada a mayo").count()).toBe(1);
    const changed = card.locator("tbody tr[data-changed]");
    expect(await changed.count()).toBe(1);
    // Old beside new, the change said in words (not by colour alone).
    expect(await changed.textContent()).toBe(`Mayo${before}${before + 5}▲ aumenta`);
    expect(await seriousViolations(planner)).toEqual([]);
    await screenshots(planner, "reprogramming-review");
    await card.getByRole("button", { name: "Aprobar" }).click();
    await planner.getByText("No hay solicitudes en este estado.").waitFor();

    await planner.goto(harness.url(`/activities/${activity.id}`));
    await planner.getByRole("heading", { name: activity.name }).waitFor();
    await expect
      .poll(() => row(planner, "Ejecución por mes", "Mayo").locator("td").first().textContent())
      .toBe(String(before + 5));
    const history = planner
      .getByRole("region", { name: "Tabla: Historial", exact: true })
      .locator("tbody tr");
    expect(await history.first().textContent()).toMatch(/Ana Quispe.*Aprobación · reprogramación/);
    expect(await history.nth(1).textContent()).toMatch(
      /Luis Chávez.*Solicitud · reprogramación.*Campaña de cobranza adelantada a mayo/,
    );
    expect(await history.nth(2).textContent()).toMatch(/Luis Chávez.*Carga · evidencia/);
    expect(await seriousViolations(planner)).toEqual([]);
    await screenshots(planner, "activity");
  });

  it("links the dashboard's activities at risk to their detail", async () => {
    const planner = pages[0] as Page;
    await planner.goto(harness.url(`/plans/${planId}?period=Q1`));
    const atRisk = planner.getByRole("region", { name: "Actividades en riesgo", exact: true });
    const link = atRisk.getByRole("link").first();
    const name = (await link.textContent()) as string;
    await link.click();
    await planner.getByRole("heading", { name, level: 1 }).waitFor();
    expect(new URL(planner.url()).pathname).toMatch(/^\/activities\/[0-9a-f-]{36}$/);
  });

  it("an admin invites a person, who creates their account through the link; an existing account accepts at login", async () => {
    const page = await loginAs(ADMIN);
    adminPage = page;
    await page.getByRole("link", { name: "Usuarios" }).click();
    await page.getByRole("heading", { name: "Usuarios y roles" }).waitFor();
    await page.getByLabel("Correo electrónico").fill("auditora@sat-piura.gob.pe");
    await page.getByLabel("Nombre").fill("Carmen Ríos");
    await page.getByRole("button", { name: "Invitar", exact: true }).click();
    await page.getByText("Invitación creada para auditora@sat-piura.gob.pe").waitFor();
    const link = (await page.getByTestId("invitation-link").textContent()) as string;
    expect(link).toMatch(/\/invitacion\?token=[\w-]{43}$/);
    // Pending, not a member yet.
    await expect.poll(() => row(page, "Invitaciones pendientes", "Carmen Ríos").count()).toBe(1);
    expect(await row(page, "Miembros de la institución", "Carmen Ríos").count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, "users");

    // The person opens the link in a browser of their own and sets their own password.
    const context = await harness.browser.newContext({ viewport: WIDE, locale: "es-PE" });
    const invited = await context.newPage();
    invited.setDefaultTimeout(10_000);
    await invited.goto(link);
    await invited
      .getByRole("heading", { name: "Invitación a SAT Piura (ejemplo)" })
      .waitFor({ timeout: 30_000 });
    expect(await invited.getByRole("cell", { name: "auditora@sat-piura.gob.pe" }).count()).toBe(1);
    expect(await invited.getByLabel("Su nombre").inputValue()).toBe("Carmen Ríos");
    await invited.getByLabel("Contraseña (12 caracteres o más)").fill("la clave de carmen ríos");
    expect(await seriousViolations(invited)).toEqual([]);
    await screenshots(invited, "invitation-link");
    await invited.getByRole("button", { name: "Crear mi cuenta y entrar" }).click();
    await invited.getByRole("heading", { name: "Bienvenido, Carmen Ríos" }).waitFor();
    expect(await invited.getByRole("combobox", { name: "Institución" }).first().inputValue()).toBe(
      "SAT Piura (ejemplo)",
    );
    // The link is used up.
    await invited.goto(link);
    await invited.getByText("La invitación no existe o ya no sirve").waitFor();

    // A person with an account (of no institution here) sees the invitation when they log in.
    await addUser(harness.database.db, {
      ...CONSULTANT,
      password: PASSWORD,
      role: "viewer",
      institution: other,
    });
    await page.getByLabel("Correo electrónico").fill(CONSULTANT.email);
    await page.getByRole("button", { name: "Invitar", exact: true }).click();
    await page.getByText(`Invitación creada para ${CONSULTANT.email}`).waitFor();
    const consultant = await loginAs(CONSULTANT);
    await consultant.getByRole("heading", { name: "Invitaciones pendientes" }).waitFor();
    await consultant.getByText("SAT Piura (ejemplo) le invita con el rol Lector (vence el").waitFor();
    expect(await seriousViolations(consultant)).toEqual([]);
    await screenshots(consultant, "invitation-at-login");
    await consultant.getByRole("button", { name: "Aceptar la invitación de SAT Piura (ejemplo)" }).click();
    await expect
      .poll(() => consultant.getByRole("combobox", { name: "Institución" }).first().inputValue())
      .toBe("SAT Piura (ejemplo)");
    expect(await consultant.getByRole("heading", { name: "Invitaciones pendientes" }).count()).toBe(0);

    await page.reload();
    await expect.poll(() => row(page, "Miembros de la institución", "Carmen Ríos").count()).toBe(1);
    await expect.poll(() => row(page, "Miembros de la institución", CONSULTANT.name).count()).toBe(1);
    expect(await page.getByText("No hay invitaciones pendientes.").count()).toBe(1);
  });

  it("an admin changes a role and removes a member; a wrong green threshold shows the server's message", async () => {
    const page = adminPage;
    // A new role, kept by the server (the list is read again), then removed from the institution.
    await page.getByRole("combobox", { name: "Rol de Carmen Ríos" }).click();
    await page.getByRole("option", { name: "Planificador" }).click();
    await page.reload();
    await expect
      .poll(() => page.getByRole("combobox", { name: "Rol de Carmen Ríos" }).inputValue())
      .toBe("Planificador");
    page.once("dialog", (dialog) => dialog.accept());
    await page
      .getByRole("row", { name: /Carmen Ríos/ })
      .getByRole("button", { name: "Quitar" })
      .click();
    await expect.poll(() => row(page, "Miembros de la institución", "Carmen Ríos").count()).toBe(0);

    await page.getByRole("link", { name: "Configuración" }).click();
    const green = page.getByRole("textbox", { name: "Verde desde" });
    await green.fill("1500");
    await page.getByRole("button", { name: "Guardar" }).click();
    // On the field: the field is marked invalid and names the message.
    await expect.poll(() => green.getAttribute("aria-invalid")).toBe("true");
    const described = (await green.getAttribute("aria-describedby")) ?? "";
    const message = page.locator(`[id="${described.split(" ").find((id) => id.endsWith("error"))}"]`);
    expect(await message.textContent()).toContain("Admite como máximo 1000 %");
    expect(await message.textContent()).not.toContain("«greenFrom»");
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, "settings-error");
    await green.fill("95");
    await page.getByRole("button", { name: "Guardar" }).click();
    await page.getByText("Configuración guardada.").waitFor();
  });
});
