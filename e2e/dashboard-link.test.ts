/**
 * A dashboard link opened in a fresh tab (a bookmark, a link in a mail): the app asks for the
 * session, the dashboard's code and its two reports at once as it starts (`preloadPage` in
 * web/src/app.tsx) instead of one after the other. Each report is asked for once, for the period
 * of the link or the dashboard's default; without a session the login page comes first and,
 * once logged in, the dashboard shows its figures (the early answers, 401, are not kept).
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DemoHarness, hasChromium, logIn, ROOT, startDemoHarness } from "./support.js";

/**
 * The report answers of the page from now on, as `report period status`. Polled: the % on screen
 * comes from the units report while the POI's answer may still be on its way.
 */
function reportRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on("response", (response) => {
    const url = new URL(response.url());
    const [, report] = /\/reports\/(\w+)$/.exec(url.pathname) ?? [];
    if (report) seen.push(`${report} ${url.searchParams.get("period")} ${response.status()}`);
  });
  return seen;
}

describe.skipIf(!hasChromium)("a dashboard link opened in a fresh tab", () => {
  let harness: DemoHarness;
  let planId: string;

  beforeAll(async () => {
    harness = await startDemoHarness();
    planId = harness.planId;
  });
  afterAll(async () => {
    await harness?.close();
  });

  it("without a session: the login page, then the dashboard with its figures", async () => {
    const { page, url } = harness;
    const requests = reportRequests(page);
    await page.goto(url(`/plans/${planId}?period=Q1`));
    await logIn(page, ROOT.email);
    await expect
      .poll(() => page.getByTestId("execution-pct").textContent(), { timeout: 20_000 })
      .toBe("96.8 %");
    // The two asked for at the start were refused; the dashboard asked again once logged in.
    await expect
      .poll(() => [...requests].sort())
      .toEqual(["poi Q1 200", "poi Q1 401", "units Q1 200", "units Q1 401"]);
  });

  it("with a session: the figures, each report asked for once, for the link's period", async () => {
    const { page, url } = harness;
    const requests = reportRequests(page);
    await page.goto(url(`/plans/${planId}?period=Q1`));
    await expect
      .poll(() => page.getByTestId("execution-pct").textContent(), { timeout: 20_000 })
      .toBe("96.8 %");
    expect(await page.getByText("SAT Piura (ejemplo) · POI 2021 · I Trimestre 2021").count()).toBe(1);
    await expect.poll(() => [...requests].sort()).toEqual(["poi Q1 200", "units Q1 200"]);
  });

  it("without a period in the link, the dashboard's own: the year so far, each report once", async () => {
    const { page, url } = harness;
    const requests = reportRequests(page);
    await page.goto(url(`/plans/${planId}`));
    // The example's closed months are January to March: the year so far is the I quarter.
    await expect
      .poll(() => page.getByTestId("execution-pct").textContent(), { timeout: 20_000 })
      .toBe("96.8 %");
    await expect.poll(() => [...requests].sort()).toEqual(["poi YTD 200", "units YTD 200"]);
  });
});
