/**
 * Accounts in the browser: an editor opens «Mi cuenta» from their name in the header, sees their
 * institution, role and unit, changes their password (their other browser is logged out, this
 * one stays) and logs in with the new one; an admin resets a planner's password from the users
 * page, after a confirmation, and the planner logs in with the password the dialog showed once.
 */

import { and, asc, eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orgUnits } from "../src/db/schema.js";
import {
  ADMIN,
  addStaff,
  type DemoHarness,
  EDITOR,
  hasChromium,
  NARROW,
  PASSWORD,
  PLANNER,
  screenshots,
  seriousViolations,
  sessionOf,
  startDemoHarness,
  WIDE,
} from "./support.js";

/** A fresh browser session on the login page, logged in with this password. */
async function logInWith(harness: DemoHarness, email: string, password: string): Promise<Page> {
  const context = await harness.browser.newContext({ viewport: WIDE, locale: "es-PE" });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  await page.goto(harness.url("/"));
  await page.getByRole("heading", { name: "Iniciar sesión" }).waitFor({ timeout: 30_000 });
  await page.getByLabel("Correo electrónico").fill(email);
  await page.getByLabel("Contraseña").fill(password);
  await page.getByRole("button", { name: "Ingresar" }).click();
  return page;
}

/** The page of a session that ended: after a reload, the login form. */
async function expectLoggedOut(page: Page): Promise<void> {
  await page.reload();
  await page.getByRole("heading", { name: "Iniciar sesión" }).waitFor({ timeout: 30_000 });
}

describe.skipIf(!hasChromium)("accounts", () => {
  let harness: DemoHarness;
  let unitName: string;

  beforeAll(async () => {
    harness = await startDemoHarness();
    const { db } = harness.database;
    const [unit] = await db
      .select()
      .from(orgUnits)
      .where(and(eq(orgUnits.institutionId, harness.institutionId)))
      .orderBy(asc(orgUnits.name))
      .limit(1);
    if (!unit) throw new Error("the demo has no unit");
    unitName = unit.name;
    await addStaff(harness, unit.id);
  });
  afterAll(async () => {
    await harness?.close();
  });

  it("an editor changes their password on the account page and logs in with the new one", async () => {
    const page = await sessionOf(harness, EDITOR);
    const otherBrowser = await sessionOf(harness, EDITOR);

    await page.getByRole("link", { name: `Mi cuenta: ${EDITOR.name}` }).click();
    await page.getByRole("heading", { name: "Mi cuenta", level: 1 }).waitFor();
    const profile = page.getByRole("region", { name: "Datos de la cuenta" });
    await expect.poll(() => profile.textContent()).toContain(EDITOR.email);
    const row = profile.getByRole("row", { name: /SAT Piura/ });
    await expect.poll(() => row.textContent()).toContain("Editor de unidad");
    await expect.poll(() => row.textContent()).toContain(unitName);

    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, "account");

    // On a phone, the link is in the menu.
    await otherBrowser.setViewportSize(NARROW);
    await otherBrowser.getByRole("button", { name: "Abrir o cerrar el menú" }).click();
    await otherBrowser.getByRole("link", { name: `Mi cuenta: ${EDITOR.name}` }).click();
    await otherBrowser.getByRole("heading", { name: "Mi cuenta", level: 1 }).waitFor();

    const form = page.getByRole("region", { name: "Cambiar la contraseña" });
    await form.getByLabel("Contraseña actual").fill(PASSWORD);
    await form.getByLabel("Contraseña nueva (10 caracteres o más)").fill("mi clave nueva de editor");
    await form.getByLabel("Repita la contraseña nueva").fill("mi clave nueva de edito");
    await form.getByRole("button", { name: "Cambiar la contraseña" }).click();
    await form.getByText("Las dos contraseñas nuevas no coinciden.").waitFor();

    await form.getByLabel("Repita la contraseña nueva").fill("mi clave nueva de editor");
    await form.getByRole("button", { name: "Cambiar la contraseña" }).click();
    await form
      .getByRole("status")
      .getByText("Contraseña cambiada. Sus demás sesiones se cerraron.")
      .waitFor();

    // This browser stays logged in; the other one is logged out.
    await page.reload();
    await page.getByRole("heading", { name: "Mi cuenta", level: 1 }).waitFor({ timeout: 30_000 });
    await expectLoggedOut(otherBrowser);

    const again = await logInWith(harness, EDITOR.email, "mi clave nueva de editor");
    await again.getByRole("heading", { name: `Bienvenido, ${EDITOR.name}` }).waitFor();
    const old = await logInWith(harness, EDITOR.email, PASSWORD);
    await old.getByText("Correo o contraseña incorrectos.").waitFor();
  });

  it("an admin resets a planner's password and the planner logs in with the one shown", async () => {
    const planner = await sessionOf(harness, PLANNER);
    const page = await sessionOf(harness, ADMIN);
    await page.goto(harness.url("/users"));
    await page.getByRole("button", { name: `Restablecer la contraseña de ${PLANNER.name}` }).click();
    const dialog = page.getByRole("dialog");
    await dialog
      .getByText(
        `Se generará una contraseña nueva para ${PLANNER.name}. La actual deja de servir y se cierran sus sesiones y sus tokens de API.`,
      )
      .waitFor();
    // The admin's own row has no reset: their password is changed on the account page.
    expect(
      await page.getByRole("button", { name: `Restablecer la contraseña de ${ADMIN.name}` }).count(),
    ).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, "password-reset-confirm");

    await dialog.getByRole("button", { name: "Restablecer", exact: true }).click();
    await dialog.getByRole("heading", { name: `Contraseña nueva de ${PLANNER.name}` }).waitFor();
    const password = (await dialog.getByTestId("reset-password").textContent()) ?? "";
    expect(password).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
    await dialog.getByRole("button", { name: "Copiar" }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, "password-reset");
    await dialog.getByRole("button", { name: "Listo" }).click();
    await dialog.waitFor({ state: "detached" });

    await expectLoggedOut(planner);
    const fresh = await logInWith(harness, PLANNER.email, password);
    await fresh.getByRole("heading", { name: `Bienvenido, ${PLANNER.name}` }).waitFor();
  });
});
