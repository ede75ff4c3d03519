/**
 * Simultaneous import commits through a listening server with `fetch`: on PostgreSQL each
 * request runs on its own connection and they truly overlap. Twenty commits of one preview
 * import once (the others hear 409), and several previews of one document committed at once
 * leave one plan with the figures of one import.
 */
import { readFileSync } from "node:fs";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { activities, orgUnits, plans } from "../../src/db/schema.js";
import { testDatabaseUrl } from "../helpers/database.js";
import { buildInstitution } from "../helpers/factories.js";
import { type Client, loginAs, setUpTestServer } from "../helpers/server.js";

const seed = readFileSync("samples/004_72e0f0e913d1a590.txt");

const server = setUpTestServer({ listen: true });

type Answer = { status: number; body: Record<string, unknown> };

async function send(client: Client, url: string, body: Buffer | object): Promise<Answer> {
  const document = Buffer.isBuffer(body);
  const response = await fetch(`${server.origin}${url}`, {
    method: "POST",
    headers: {
      ...client.headers,
      cookie: `avance_session=${client.cookies.avance_session}`,
      "content-type": document ? "text/plain" : "application/json",
    },
    body: document ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** An empty institution and its planner. */
async function emptyInstitution() {
  const institution = await buildInstitution(server.database.db, { name: "SAT Piura" });
  const planner = await loginAs(server.app, server.database.db, "planner", institution.slug);
  const preview = async () => {
    const answer = await send(planner, `/api/imports?institutionId=${institution.id}&fileName=004.txt`, seed);
    expect(answer.status).toBe(200);
    return answer.body.token as string;
  };
  const commit = (token: string) => send(planner, `/api/imports/${token}/commit`, {});
  return { institution, planner, preview, commit };
}

/** What the institution holds, and the plan's Q1 as the POI report reads it. */
async function holdings(institutionId: string, client: Client) {
  const found = await server.database.db
    .select({ id: plans.id, year: plans.year, kind: plans.kind })
    .from(plans)
    .where(eq(plans.institutionId, institutionId));
  const units = await server.database.db
    .select()
    .from(orgUnits)
    .where(eq(orgUnits.institutionId, institutionId));
  const [plan] = found;
  const planActivities = plan
    ? await server.database.db
        .select({ id: activities.id })
        .from(activities)
        .where(and(eq(activities.institutionId, institutionId), eq(activities.planId, plan.id)))
    : [];
  const report = await server.app.inject({
    method: "GET",
    url: `/api/plans/${plan?.id}/reports/poi?period=Q1&format=json`,
    cookies: client.cookies,
  });
  const { programmed, executed } = report.json().totals ?? {};
  return {
    plans: found.map(({ kind, year }) => `${kind} ${year}`),
    units: units.length,
    activities: planActivities.length,
    q1: { programmed, executed },
  };
}

const ONE_IMPORT = {
  plans: ["POI 2021"],
  units: 24,
  activities: 78,
  q1: { programmed: 1543, executed: 1494 },
};

describe(`simultaneous import commits (${testDatabaseUrl ? "PostgreSQL" : "PGlite"})`, () => {
  it("20 commits of one preview: one imports, 19 hear 409 «ya se importó / se está importando»", async () => {
    const { institution, planner, preview, commit } = await emptyInstitution();
    const token = await preview();
    const answers = await Promise.all(Array.from({ length: 20 }, () => commit(token)));

    const imported = answers.filter((answer) => answer.status === 200);
    expect(imported).toHaveLength(1);
    expect(imported[0]?.body).toMatchObject({
      status: "imported",
      created: true,
      activities: { created: 78, updated: 0, unchanged: 0 },
    });
    const refused = answers.filter((answer) => answer.status !== 200);
    expect(refused.map((answer) => answer.status)).toEqual(Array(19).fill(409));
    for (const { body } of refused) {
      expect(body.detail).toMatch(/^004\.txt: esta vista previa ya se (importó|está importando)/);
    }
    expect(await holdings(institution.id, planner)).toEqual(ONE_IMPORT);

    // Later, the used token still says so, not «caducó».
    const late = await commit(token);
    expect(late.status).toBe(409);
    expect(late.body.detail).toBe(
      "004.txt: esta vista previa ya se importó; para importar el archivo otra vez, vuelva a subirlo.",
    );
  });

  it("5 previews of one document committed at once: one plan, the figures of one import", async () => {
    const { institution, planner, preview, commit } = await emptyInstitution();
    const tokens: string[] = [];
    for (let n = 0; n < 5; n++) tokens.push(await preview());
    const answers = await Promise.all(tokens.map(commit));

    expect(answers.map((answer) => answer.status)).toEqual(Array(5).fill(200));
    // The first to take its turn creates the plan; the others are re-imports that change nothing.
    expect(answers.filter((answer) => answer.body.created === true)).toHaveLength(1);
    const reimports = answers.filter((answer) => answer.body.created === false);
    expect(reimports.map((answer) => answer.body.activities)).toEqual(
      Array(4).fill({ created: 0, updated: 0, unchanged: 78 }),
    );
    expect(reimports.map((answer) => answer.body.units)).toEqual(Array(4).fill({ created: 0 }));
    expect(await holdings(institution.id, planner)).toEqual(ONE_IMPORT);
  });

  it("plans of five years committed at once into one institution share its units, created once", async () => {
    const { institution, planner, commit } = await emptyInstitution();
    const years = [2021, 2022, 2023, 2024, 2025];
    const tokens: string[] = [];
    for (const year of years) {
      const url = `/api/imports?institutionId=${institution.id}&fileName=004-${year}.txt&year=${year}`;
      tokens.push((await send(planner, url, seed)).body.token as string);
    }
    const answers = await Promise.all(tokens.map(commit));
    expect(answers.map((answer) => answer.status)).toEqual(Array(5).fill(200));
    // The units are the institution's: the first plan creates them, the others find them.
    expect(answers.map((answer) => (answer.body.units as { created: number }).created).sort()).toEqual([
      0, 0, 0, 0, 24,
    ]);
    const found = await server.database.db
      .select({ year: plans.year })
      .from(plans)
      .where(eq(plans.institutionId, institution.id));
    expect(found.map((plan) => plan.year).sort()).toEqual(years);
    const units = await server.database.db
      .select()
      .from(orgUnits)
      .where(eq(orgUnits.institutionId, institution.id));
    expect(units).toHaveLength(24);
  });

  it("a commit that fails releases its preview: it can be committed again", async () => {
    const { institution, planner, commit } = await emptyInstitution();
    const text = seed.toString("utf8").replace("\t49\t2\t2\t4\t", "\t49\t-2\t2\t4\t");
    const answer = await send(
      planner,
      `/api/imports?institutionId=${institution.id}&fileName=004-negativo.txt`,
      Buffer.from(text),
    );
    const token = answer.body.token as string;
    // Rows in error without skipErrorRows: refused, and not counted as imported.
    expect((await commit(token)).status).toBe(400);
    const again = await send(planner, `/api/imports/${token}/commit`, { skipErrorRows: true });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ status: "imported", skipped: 1, created: true });
  });
});
