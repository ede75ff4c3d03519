/**
 * The web app's speed, in headless Chromium on this machine:
 * (a) time to an interactive dashboard of a 1,000-activity plan (Q1): from navigation until the
 *     execution %, the units table, the charts and the activities at risk are on screen
 *     (target < 1.5 s). The first load after a server start: a fresh `avance serve` process
 *     (BENCH_WEB_COLD_STARTS of them, 3), the page opened as soon as it prints that it is running,
 *     by a browser with a session and an empty cache (BENCH_WEB_WATERFALL=1 prints its requests);
 *     then, on a server in this process, the median of loads with the figures cached and after a
 *     change to the figures;
 * (b) the first page's bundle: the JS and CSS index.html loads, gzipped (target < 500 kB), and
 *     the chunk the dashboard adds;
 * (c) time to an interactive plan grid of the same plan: from navigation until its first
 *     activity row is on screen (target < 1.5 s), with the part spent on the activity pages;
 * (d) the grid of a BENCH_WEB_GRID_ROWS-activity plan (5000): its load, then a scroll from top to
 *     bottom in 40 steps, one frame each: the median and slowest frame, how many rows the page holds.
 *
 * Size: BENCH_WEB_ACTIVITIES (1000). The database is a PGlite in a temporary directory.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { sql } from "drizzle-orm";
import type { Page } from "playwright-core";
import { ensureWebBuilt, webRoot } from "../e2e/build-web.js";
import { launchChromium } from "../e2e/chromium.js";
import { openDatabase } from "../src/db/connection.js";
import { buildApp } from "../src/server/app.js";
import { importDocument } from "../src/services/imports/import-document.js";
import { addUser } from "../src/services/users/add-user.js";
import { poiText } from "./generate-poi.js";

const ACTIVITIES = Number(process.env.BENCH_WEB_ACTIVITIES ?? 1000);
const GRID_ROWS = Number(process.env.BENCH_WEB_GRID_ROWS ?? 5000);
const COLD_STARTS = Number(process.env.BENCH_WEB_COLD_STARTS ?? 3);
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

/** The compiled server `npm start` runs (bin/avance.js → dist/), built from the sources now. */
function buildServer(): void {
  execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json"], {
    stdio: "inherit",
  });
}

/**
 * `avance serve` as `npm start` runs it (compiled, not through tsx, whose first-use transpiling
 * no user pays), in a child process on the data directory, once it prints that it is running.
 */
async function startServer(dataRoot: string): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, ["bin/avance.js", "serve", "--port", "0", "--host", "127.0.0.1"], {
    env: {
      ...process.env,
      AVANCE_DATA_DIR: dataRoot,
      DATABASE_URL: "",
      LOG_LEVEL: "warn",
      NODE_ENV: "production",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const running = /está en marcha: http:\/\/[^:]+:(\d+)/.exec(out);
      if (running) resolve(running[1] as string);
    });
    child.on("exit", (code) => reject(new Error(`avance serve exited (${code}): ${out}`)));
  });
  return { child, base: `http://127.0.0.1:${port}` };
}

async function stopServer(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.on("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

/** The requests of a page load: path, start and end in ms since the navigation started. */
function recordRequests(page: Page): () => string {
  const start = performance.now();
  const seen: { path: string; from: number; to: number }[] = [];
  page.on("requestfinished", (request) => {
    const timing = request.timing();
    const offset = timing.startTime - (performance.timeOrigin + start);
    seen.push({
      path: new URL(request.url()).pathname.replace(/[0-9a-f-]{36}/g, ":id"),
      from: offset,
      to: offset + timing.responseEnd,
    });
  });
  return () =>
    seen
      .sort((a, b) => a.from - b.from)
      .map(
        (item) => `  ${item.from.toFixed(0).padStart(5)}–${item.to.toFixed(0).padStart(5)} ms ${item.path}`,
      )
      .join("\n");
}

export async function run(): Promise<void> {
  console.log(
    `${cpus().length} cores, load average ${loadavg()
      .map((n) => n.toFixed(2))
      .join(" ")}`,
  );
  await ensureWebBuilt();
  buildServer();
  const sizes = bundle();
  console.log(
    `first page (${sizes.files.length} files: ${sizes.files.join(", ")}): ${kB(sizes.firstPage)} gzipped (target < 500 kB)` +
      `; the dashboard adds ${kB(sizes.dashboard)}`,
  );

  const dataRoot = await mkdtemp(join(tmpdir(), "avance-bench-web-"));
  let database = await openDatabase({ dataDir: dataRoot });
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  const browser = await launchChromium();
  try {
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
    // A session from before the restart, as a user who comes back after `npm start` has one.
    const setup = await buildApp({ database, version: "bench" });
    const login = await setup.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { email: EMAIL, password: PASSWORD },
    });
    await setup.close();
    if (login.statusCode !== 200) throw new Error(`login failed: ${login.body}`);
    const session = login.cookies.find((cookie) => cookie.name === "avance_session")?.value as string;
    await database.close();

    const ms = (load: Load, what: string) =>
      `${load.total.toFixed(0)} ms (${what} in at ${load.reports.toFixed(0)} ms)`;
    const cold: string[] = [];
    for (let i = 0; i < COLD_STARTS; i++) {
      const server = await startServer(dataRoot);
      try {
        const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
        await context.addCookies([{ name: "avance_session", value: session, url: server.base }]);
        const page = await context.newPage();
        const requests = recordRequests(page);
        cold.push(ms(await interactive(page, `${server.base}/plans/${planId}?period=Q1`), "reports"));
        if (process.env.BENCH_WEB_WATERFALL) console.log(`requests of first load ${i + 1}:\n${requests()}`);
        await context.close();
      } finally {
        await stopServer(server.child);
      }
    }

    database = await openDatabase({ dataDir: dataRoot });
    app = await buildApp({ database, version: "bench" });
    await app.listen({ host: "127.0.0.1", port: 0 });
    const address = app.server.address();
    const base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    await context.addCookies([{ name: "avance_session", value: session, url: base }]);
    const page = await context.newPage();
    const url = `${base}/plans/${planId}?period=Q1`;
    const dashboard = await median(() => interactive(page, url));
    // What a user meets on a running server after someone recorded something: the figures
    // changed (the report cache misses), the code and the database are warm.
    const changed = await median(async () => {
      await database.db.execute(sql`update plans set updated_at = now() where id = ${planId}`);
      return interactive(page, url);
    });
    console.log(
      `dashboard of ${ACTIVITIES} activities, Q1, interactive (target < 1500 ms): ` +
        `first load after a server start ${cold.join(", ")}; ` +
        `median of ${RUNS} later loads ${ms(dashboard.median, "reports")}; ` +
        `median after a change to the figures ${ms(changed.median, "reports")}`,
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
    await app?.close();
    await database.close().catch(() => undefined);
    await rm(dataRoot, { recursive: true, force: true });
  }
}
