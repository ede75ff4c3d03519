/**
 * What the browser tests share: the web app built once (again only when its sources changed),
 * the app on a random port with a fresh database, Debian's Chromium through playwright-core,
 * axe-core scans and screenshots (test-output/screenshots/, gitignored).
 *
 * Without /usr/bin/chromium the browser tests are skipped with a notice on a developer's machine
 * and fail in CI (CI=true), where .ci/run installs it.
 */
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import type { Browser, Page } from "playwright-core";
import { vi } from "vitest";
import type { Database } from "../src/db/connection.js";
import { institutions } from "../src/db/schema.js";
import { buildApp } from "../src/server/app.js";
import type { FirstRunSetup } from "../src/server/first-run.js";
import { loadDemo } from "../src/services/demo/load-demo.js";
import { addUser } from "../src/services/users/add-user.js";
import { openTestDatabase } from "../test/helpers/database.js";
import { ensureWebBuilt } from "./build-web.js";
import { CHROMIUM, launchChromium } from "./chromium.js";

export const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  if (process.env.CI === "true") throw new Error(`${CHROMIUM} is missing: CI must run the browser tests.`);
  console.warn(`NOTICE: ${CHROMIUM} not found: the browser tests (e2e/) are skipped on this machine.`);
}

// A browser step waits for real pages from a real server, on a machine the other test files
// share: every browser test file gets more than a unit test's 30 s.
vi.setConfig({ testTimeout: 90_000 });

const root = new URL("../", import.meta.url).pathname;

export type Harness = {
  app: FastifyInstance;
  database: Database;
  browser: Browser;
  page: Page;
  url: (path: string) => string;
  close: () => Promise<void>;
};

export async function startHarness(options: { setup?: FirstRunSetup } = {}): Promise<Harness> {
  await ensureWebBuilt();
  const database = await openTestDatabase();
  const app = await buildApp({ database, version: "e2e", ...options });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  const browser = await launchChromium();
  const context = await browser.newContext({ viewport: WIDE, locale: "es-PE" });
  const page = await context.newPage();
  // A missing element fails its step with a clear message, well within the test's time.
  page.setDefaultTimeout(10_000);
  return {
    app,
    database,
    browser,
    page,
    url: (path) => `http://127.0.0.1:${port}${path}`,
    close: async () => {
      await browser.close();
      await app.close();
      await database.close();
    },
  };
}

export const PASSWORD = "una clave larga de prueba";
export const ROOT = { email: "root@avance.org", name: "Raíz" };

export type DemoHarness = Harness & { planId: string; institutionId: string; slug: string };

/** A harness where a super-admin (ROOT, PASSWORD) has loaded the example («Cargar ejemplo»). */
export async function startDemoHarness(): Promise<DemoHarness> {
  const harness = await startHarness();
  const { db } = harness.database;
  const root = await addUser(db, { ...ROOT, password: PASSWORD, role: "super-admin" });
  const { planId, institutionId } = await loadDemo(db, { userId: root.id, ip: "127.0.0.1" }, () => true);
  const [institution] = await db.select().from(institutions).where(eq(institutions.id, institutionId));
  return { ...harness, planId, institutionId, slug: institution?.slug as string };
}

/** The demo institution's staff the workflow tests act as, each with PASSWORD. */
export const PLANNER = { email: "planificadora@sat-piura.gob.pe", name: "Ana Quispe" };
export const EDITOR = { email: "editor@sat-piura.gob.pe", name: "Luis Chávez" };
export const ADMIN = { email: "admin@sat-piura.gob.pe", name: "Rosa Huamán" };

/** Adds PLANNER, ADMIN and EDITOR (who records execution for `editorUnitId`) to the demo institution. */
export async function addStaff(harness: DemoHarness, editorUnitId: string) {
  const { db } = harness.database;
  const institution = harness.slug;
  const planner = await addUser(db, { ...PLANNER, password: PASSWORD, role: "planner", institution });
  await addUser(db, { ...ADMIN, password: PASSWORD, role: "admin", institution });
  await addUser(db, { ...EDITOR, password: PASSWORD, role: "editor", institution, unitIds: [editorUnitId] });
  return { planner };
}

/**
 * Fills and sends the login form the page shows (PASSWORD). The first page of a browser session loads the
 * whole bundle: on a busy machine, more than the 10 s a step usually gets.
 */
export async function logIn(page: Page, email: string): Promise<void> {
  await page.getByRole("heading", { name: "Iniciar sesión" }).waitFor({ timeout: 30_000 });
  await page.getByLabel("Correo electrónico").fill(email);
  await page.getByLabel("Contraseña").fill(PASSWORD);
  await page.getByRole("button", { name: "Ingresar" }).click();
}

/** A browser session of its own (its own cookies) logged in as this person, on the home page. */
export async function sessionOf(harness: Harness, person: { email: string; name: string }): Promise<Page> {
  const context = await harness.browser.newContext({ viewport: WIDE, locale: "es-PE" });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  await page.goto(harness.url("/"));
  await logIn(page, person.email);
  await page.getByRole("heading", { name: `Bienvenido, ${person.name}` }).waitFor();
  return page;
}

const axeSource = readFileSync(join(root, "node_modules/axe-core/axe.min.js"), "utf8");

const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];

export type AxeViolation = { id: string; impact: string | null; help: string; nodes: { target: string[] }[] };

/** The serious and critical WCAG 2.1 AA violations axe-core finds on the page as it is now. */
export async function seriousViolations(page: Page): Promise<string[]> {
  // Colours are measured once transitions end: a button fading back from its loading state
  // read as too little contrast (CI caught it).
  await page.waitForFunction(() => {
    type Running = { playState: string; effect: { getComputedTiming(): { endTime?: unknown } } | null };
    const { document } = globalThis as unknown as { document: { getAnimations(): Running[] } };
    return document
      .getAnimations()
      .every(
        (animation) =>
          animation.playState !== "running" || animation.effect?.getComputedTiming().endTime === Infinity,
      );
  });
  // Evaluated through the DevTools protocol: the app's CSP (rightly) refuses inline scripts.
  if (!(await page.evaluate(() => "axe" in globalThis))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async (tags) => {
    const { axe } = globalThis as unknown as {
      axe: { run: (options: object) => Promise<{ violations: AxeViolation[] }> };
    };
    return (await axe.run({ runOnly: { type: "tag", values: tags } })).violations;
  }, AXE_TAGS);
  return violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map(
      (violation) =>
        `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(" ")).join(", ")})`,
    );
}

const shots = join(root, "test-output/screenshots");

/** The widths the screenshots are taken at: a laptop and the narrowest phone the app supports. */
export const WIDE = { width: 1366, height: 768 } as const;
export const PHONE = { width: 390, height: 844 } as const;
export const NARROW = { width: 360, height: 800 } as const;

/**
 * Full-page screenshots at 1366×768, 390×844 (a common phone) and 360×800 (the narrowest the app
 * must serve), for a person to look at. At 360 px the page as a whole must not scroll sideways
 * (a wide table may, inside its own container): an overflow fails the test, naming the elements
 * that stick out.
 */
export async function screenshots(
  page: Page,
  name: string,
  /** Run once the page is phone-sized, e.g. to open the menu that folds behind a button there. */
  atNarrow?: () => Promise<void>,
): Promise<void> {
  mkdirSync(shots, { recursive: true });
  let overflow: { width: number; culprits: string[] } | undefined;
  for (const { width, height } of [WIDE, PHONE, NARROW]) {
    await page.setViewportSize({ width, height });
    if (width === PHONE.width) await atNarrow?.();
    // From the top: a full-page shot of a scrolled page draws the fixed header mid-page.
    await page.evaluate("window.scrollTo(0, 0)");
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(shots, `${name}-${width}.png`), fullPage: true });
    if (width === NARROW.width) overflow = await pageOverflow(page);
  }
  await page.setViewportSize(WIDE);
  if (overflow && overflow.width > NARROW.width + 1) {
    throw new Error(
      `${name}: at ${NARROW.width} px the page is ${overflow.width} px wide: ${overflow.culprits.join("; ")}`,
    );
  }
}

/**
 * The page's scroll width and the elements that reach past the viewport's right edge: only the
 * outermost, and none inside an element that scrolls (or clips) sideways. A string: this project's
 * typecheck has no DOM types.
 */
const OVERFLOW = `(() => {
  const limit = document.documentElement.clientWidth + 1;
  const culprits = [];
  for (const element of document.body.querySelectorAll("*")) {
    const box = element.getBoundingClientRect();
    if (box.right <= limit || box.width === 0) continue;
    const parent = element.parentElement;
    if (parent && parent !== document.body && parent.getBoundingClientRect().right > limit) continue;
    let clipped = false;
    for (let up = parent; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== "visible") clipped = true;
    }
    if (clipped) continue;
    const name = element.tagName.toLowerCase() + (element.className ? "." + String(element.className).split(" ")[0] : "");
    culprits.push(name + " «" + (element.textContent ?? "").trim().slice(0, 40) + "» to " + Math.round(box.right) + " px");
  }
  return { width: document.documentElement.scrollWidth, culprits: culprits.slice(0, 5) };
})()`;

function pageOverflow(page: Page): Promise<{ width: number; culprits: string[] }> {
  return page.evaluate(OVERFLOW);
}
