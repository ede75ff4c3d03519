/**
 * The web app's speed, in headless Chromium on this machine:
 * (a) time to an interactive dashboard of a 1,000-activity plan (Q1): from navigation until the
 *     execution %, the units table, the charts and the activities at risk are on screen
 *     (target < 1.5 s); the first load (empty browser cache) and the median of later loads;
 * (b) the first page's bundle: the JS and CSS index.html loads, gzipped (target < 500 kB), and
 *     the chunk the dashboard adds;
 * (c) time to an interactive plan grid of the same plan: from navigation until its first
 *     activity row is on screen (target < 1.5 s), with the part spent on the activity pages;
 * (d) the grid of a BENCH_WEB_GRID_ROWS-activity plan (5000): its load, then a scroll from top to
 *     bottom in 40 steps, one frame each: the median and slowest frame, how many rows the page holds.
 *
 * Size: BENCH_WEB_ACTIVITIES (1000). The app runs in this process on an in-memory PGlite.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { sql } from "drizzle-orm";
import type { Page } from "playwright-core";
import { ensureWebBuilt, webRoot } from "../e2e/build-web.js";
import { launchChromium } from "../e2e/chromium.js";
import { openDatabase } from "../src/db/connection.js";
import { addUser } from "../src/db/users.js";
import { buildApp } from "../src/server/app.js";
import { importDocument } from "../src/services/import-document.js";
import { poiText } from "./generate-poi.js";

const ACTIVITIES = Number(process.env.BENCH_WEB_ACTIVITIES ?? 1000);
const GRID_ROWS = Number(process.env.BENCH_WEB_GRID_ROWS ?? 5000);
const RUNS = 7;
const EMAIL = "bench@avance.test";
const PASSWORD = "una clave larga de banco";

const kB = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;

/** The gzipped size of the files a page of the build loads: index.html's scripts, styles and preloads. */
function bundle(): { firstPage: number; dashboard: number; files: string[] } {
  const html = readFileSync(join(webRoot, "index.html"), "utf8");
  const files = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map(
    (match) => match[1] as string,
  );
  const gz = (file: string) => gzipSync(readFileSync(join(webRoot, file))).length;
  const entry = files.find((file) => file.endsWith(".js")) as string;
  const chunk = /"assets\/(dashboard-[^"]+\.js)"/.exec(readFileSync(join(webRoot, entry), "utf8"))?.[1];
  return {
    firstPage: files.reduce((sum, file) => sum + gz(file), 0),
    dashboard: chunk ? gz(`/assets/${chunk}`) : 0,
    files,
  };
}

type Load = { total: number; reports: number };

/** Navigation → dashboard on screen, and the part of it spent waiting for the two report answers. */
async function interactive(page: Page, url: string): Promise<Load> {
  let lastReport = 0;
  const onResponse = async (response: { url: () => string; finished: () => Promise<unknown> }) => {
    if (!response.url().includes("/reports/")) return;
    await response.finished();
    lastReport = performance.now();
  };
  page.on("response", onResponse);
  const start = performance.now();
  await page.goto(url);
  await page.getByTestId("execution-pct").waitFor();
  await page
    .getByRole("region", { name: "Unidades orgánicas", exact: true })
    .locator("tbody tr")
    .first()
    .waitFor();
  await page.locator('[role="img"] svg').nth(2).waitFor();
  await page.getByRole("region", { name: "Actividades en riesgo", exact: true }).waitFor();
  const end = performance.now();
  page.off("response", onResponse);
  return { total: end - start, reports: lastReport - start };
}

/** Navigation → the grid's first activity row on screen, and when the last activity page came in. */
async function gridInteractive(page: Page, url: string): Promise<Load> {
  let lastPage = 0;
  const onResponse = async (response: { url: () => string; finished: () => Promise<unknown> }) => {
    if (!response.url().includes("/activities?")) return;
    await response.finished();
    lastPage = performance.now();
  };
  page.on("response", onResponse);
  const start = performance.now();
  await page.goto(url);
  await page.getByRole("grid").getByRole("rowheader").nth(1).waitFor();
  const end = performance.now();
  page.off("response", onResponse);
  return { total: end - start, reports: lastPage - start };
}

async function median(measure: () => Promise<Load>): Promise<{ first: Load; median: Load }> {
  const first = await measure();
  const later: Load[] = [];
  for (let i = 0; i < RUNS; i++) later.push(await measure());
  later.sort((a, b) => a.total - b.total);
  return { first, median: later[Math.floor(later.length / 2)] as Load };
}

/** Scrolls the grid to the bottom one step per frame: the slowest frame, the rows in the page. */
const SCROLL_CHECK = `(async () => {
  const grid = document.querySelector('[role="grid"]');
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve(performance.now())));
  const frames = [];
  let rows = 0;
  for (let step = 1; step <= 40; step++) {
    const before = await frame();
    grid.scrollTop = (grid.scrollHeight * step) / 40;
    const after = await frame();
    frames.push(after - before);
    rows = Math.max(rows, grid.querySelectorAll('[role="row"]').length);
  }
  frames.sort((a, b) => a - b);
  return { median: frames[20], slowest: frames[39], rows, bottom: grid.scrollTop + grid.clientHeight >= grid.scrollHeight - 1 };
})()`;

export async function run(): Promise<void> {
  await ensureWebBuilt();
  const sizes = bundle();
  console.log(
    `first page (${sizes.files.length} files: ${sizes.files.join(", ")}): ${kB(sizes.firstPage)} gzipped (target < 500 kB)` +
      `; the dashboard adds ${kB(sizes.dashboard)}`,
  );

  const database = await openDatabase({ dataDir: null });
  const imported = await importDocument(database.db, {
    fileName: `poi-${ACTIVITIES}.txt`,
    bytes: new TextEncoder().encode(poiText(ACTIVITIES)),
    institution: "Banco de pruebas",
  });
  const planId = imported.commit?.planId as string;
  await addUser(database.db, {
    email: EMAIL,
    password: PASSWORD,
    role: "viewer",
    institution: "Banco de pruebas",
  });
  const app = await buildApp({ database, version: "bench" });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const login = await context.request.post(`${base}/api/auth/login`, {
      data: { email: EMAIL, password: PASSWORD },
    });
    if (!login.ok()) throw new Error(`login failed: ${await login.text()}`);
    const page = await context.newPage();
    const url = `${base}/plans/${planId}?period=Q1`;
    const dashboard = await median(() => interactive(page, url));
    const ms = (load: Load, what: string) =>
      `${load.total.toFixed(0)} ms (${what} in at ${load.reports.toFixed(0)} ms)`;
    // What a user meets on a running server after someone recorded something: the figures
    // changed (the report cache misses), the code and the database are warm.
    const changed = await median(async () => {
      await database.db.execute(sql`update plans set updated_at = now() where id = ${planId}`);
      return interactive(page, url);
    });
    console.log(
      `dashboard of ${ACTIVITIES} activities, Q1, interactive: first load ${ms(dashboard.first, "report answers")}, ` +
        `median of ${RUNS} more ${ms(dashboard.median, "report answers")}, ` +
        `median after a change to the figures ${ms(changed.median, "report answers")} (target < 1500 ms)`,
    );
    const grid = await median(() => gridInteractive(page, `${base}/plans/${planId}/grid`));
    console.log(
      `plan grid of ${ACTIVITIES} activities, interactive: first load ${ms(grid.first, "activity pages")}, ` +
        `median of ${RUNS} more ${ms(grid.median, "activity pages")} (target < 1500 ms)`,
    );
    const large = await importDocument(database.db, {
      fileName: `poi-${GRID_ROWS}.txt`,
      bytes: new TextEncoder().encode(poiText(GRID_ROWS).replace("2021 - I° TRIMESTRE", "2021 - GRANDE")),
      institution: "Banco de pruebas",
    });
    const largeLoad = await gridInteractive(page, `${base}/plans/${large.commit?.planId}/grid`);
    const scroll = (await page.evaluate(SCROLL_CHECK)) as {
      median: number;
      slowest: number;
      rows: number;
      bottom: boolean;
    };
    console.log(
      `plan grid of ${GRID_ROWS} activities: interactive in ${ms(largeLoad, "activity pages")}; ` +
        `scrolled to the bottom${scroll.bottom ? "" : " (NOT reached)"} in 40 steps, frames: median ` +
        `${scroll.median.toFixed(0)} ms, slowest ${scroll.slowest.toFixed(0)} ms, at most ${scroll.rows} rows in the page`,
    );
  } finally {
    await browser.close();
    await app.close();
    await database.close();
  }
}
