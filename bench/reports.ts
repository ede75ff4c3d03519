/**
 * Report speed: the unit summary and the POI report of one institution, and the roll-up of every
 * institution of a deployment, each beside a hand-written SQL query computing the same totals
 * (checked equal), printing both times and their ratio.
 *
 * (a) PGlite, one plan of 1,000 activities: each report < 100 ms.
 * (b) PostgreSQL (`BENCH_DATABASE_URL`; a database of its own, created and dropped here),
 *     2,000 institutions × 500 activities: one institution's report < 100 ms, the roll-up of all
 *     < 3 s, within 1.5× of the hand-written query.
 *
 * Sizes: BENCH_REPORT_ACTIVITIES (1000), BENCH_REPORT_INSTITUTIONS (2000), BENCH_REPORT_PER_INSTITUTION (500).
 * BENCH_REPORT_REUSE=postgres://…/db measures a database seeded before instead of seeding one.
 */
import { type SQL, sql } from "drizzle-orm";
import { type Database, type Db, openDatabase, queryRows } from "../src/db/connection.js";
import { activityLines } from "../src/db/reports/activity-lines.js";
import { deploymentRollup } from "../src/db/reports/deployment-rollup.js";
import { lineTotals } from "../src/db/reports/line-totals.js";
import { loadPlanContext, type PlanContext } from "../src/db/reports/plan-context.js";
import { unitSummary } from "../src/db/reports/unit-summary.js";
import { periodMonths } from "../src/domain/periods.js";
import { buildPlanReport } from "../src/services/reports/build-plan-report.js";
import { openScratchDatabase } from "../test/helpers/scratch-database.js";

const UNITS = 10; // per institution: 2 roots with 4 sub-units each
const Q1 = periodMonths({ kind: "quarter", year: 2021, quarter: 1 });

const uuid = (group: number, n: SQL | number) =>
  sql`('00000000-0000-' || lpad(${sql.raw(String(group))}::text, 4, '0') || '-0000-' || lpad((${n})::text, 12, '0'))::uuid`;
const INSTITUTION = 0;
const UNIT = 1;
const PLAN = 2;
const CURRENT = 3;
const BASELINE = 4;
const ACTIVITY = 5;

/** Generates the deployment with INSERT … SELECT generate_series: seconds, not minutes. */
export async function seed(db: Db, institutions: number, perInstitution: number) {
  const n = sql.raw("n");
  const i = sql.raw("i");
  await db.execute(sql`insert into institutions (id, name, slug)
    select ${uuid(INSTITUTION, i)}, 'Institución ' || i, 'inst-' || i from generate_series(1, ${institutions}) i`);
  // Units 1–2 are roots; 3–6 hang from 1, 7–10 from 2.
  const unit = (u: SQL) => uuid(UNIT, sql`(i - 1) * ${UNITS} + ${u}`);
  await db.execute(sql`insert into org_units (institution_id, id, parent_id, name, position)
    select ${uuid(INSTITUTION, i)}, ${unit(sql`u`)},
      case when u <= 2 then null else ${unit(sql`1 + (u - 3) / 4`)} end, 'Unidad ' || u, u
    from generate_series(1, ${institutions}) i, generate_series(1, ${UNITS}) u`);
  await db.execute(sql`insert into plans (institution_id, id, year, kind, title)
    select ${uuid(INSTITUTION, i)}, ${uuid(PLAN, i)}, 2021, 'POI', 'PLAN OPERATIVO INSTITUCIONAL 2021'
    from generate_series(1, ${institutions}) i`);
  await db.execute(sql`insert into programming_versions (institution_id, id, plan_id, code, name, role)
    select ${uuid(INSTITUTION, i)}, ${uuid(CURRENT, i)}, ${uuid(PLAN, i)}, 'RE', 'Vigente', 'current'
    from generate_series(1, ${institutions}) i
    union all
    select ${uuid(INSTITUTION, i)}, ${uuid(BASELINE, i)}, ${uuid(PLAN, i)}, 'A', 'Aprobada', 'baseline'
    from generate_series(1, ${institutions}) i`);
  // 1 in 20 activities is a stock (last month counts), 1 in 50 is withdrawn.
  await db.execute(sql`insert into activities (institution_id, id, plan_id, unit_id, name, unit_of_measure,
      annual_target, cumulative, active, position)
    select ${uuid(INSTITUTION, i)}, ${uuid(ACTIVITY, n)}, ${uuid(PLAN, i)},
      ${uuid(UNIT, sql`(i - 1) * ${UNITS} + 1 + n % ${UNITS}`)}, 'Actividad ' || n, 'ACCIONES', 120,
      n % 20 <> 0, n % 50 <> 0, n
    from (select n, (n - 1) / ${perInstitution} + 1 as i from generate_series(1, ${institutions * perInstitution}) n) s`);
  const months = Array.from({ length: 12 }, (_, m) => `q${String(m + 1).padStart(2, "0")}`);
  const programmed = months.map((_, m) => `((position % 7) + ${m})::numeric / 4`).join(", ");
  for (const version of [CURRENT, BASELINE]) {
    await db.execute(
      sql`insert into programmed_values (institution_id, version_id, activity_id, ${sql.raw(months.join(", "))})
        select institution_id, ${uuid(version, sql`(position - 1) / ${perInstitution} + 1`)}, id, ${sql.raw(programmed)}
        from activities`,
    );
  }
  await db.execute(sql`insert into executed_values (institution_id, activity_id, q01, q02, q03, q04)
    select institution_id, id, (position % 5)::numeric / 4, nullif(position % 6, 5)::numeric / 4,
      (position % 4)::numeric / 4, case when position % 3 = 0 then 1.25 end
    from activities`);
  await db.execute(sql`analyze`);
}

// ---------------------------------------------------------------------------------------------
// The hand-written queries: what an engineer would write for these totals, no abstraction.
// LEFT joins, as anyone who has run it once on a large deployment writes it: with inner joins on
// the composite tenant keys PostgreSQL estimates one row per plan and picks nested loops that
// take minutes over a million activities.

const handProgrammed = sql.raw(`case when a.cumulative and a.measure_kind = 'quantity'
    then coalesce(p.q01, 0) + coalesce(p.q02, 0) + coalesce(p.q03, 0) else coalesce(p.q03, p.q02, p.q01, 0) end`);
const handExecuted = sql.raw(`case when coalesce(e.q03, e.q02, e.q01) is null then null
    when a.cumulative and a.measure_kind = 'quantity'
    then coalesce(e.q01, 0) + coalesce(e.q02, 0) + coalesce(e.q03, 0) else coalesce(e.q03, e.q02, e.q01) end`);
const handJoins = `left join programming_versions v on v.institution_id = a.institution_id and v.plan_id = a.plan_id and v.role = 'current'
  left join programmed_values p on p.institution_id = a.institution_id and p.version_id = v.id and p.activity_id = a.id
  left join executed_values e on e.institution_id = a.institution_id and e.activity_id = a.id`;
const handFrom = sql.raw(`from activities a ${handJoins}`);

type Totals = { key: string | null; programmed: string; executed: string | null };

/** Each unit with its whole subtree (every unit below it): the figures the unit summary shows. */
function handUnits(plan: PlanContext) {
  return sql`with recursive below (unit_id, ancestor) as (
      select id, id from org_units where institution_id = ${plan.institutionId}
      union all
      select c.id, b.ancestor from org_units c join below b on c.parent_id = b.unit_id
      where c.institution_id = ${plan.institutionId}
    ), own as (
      select a.unit_id, sum(${handProgrammed}) as programmed, sum(${handExecuted}) as executed
      ${handFrom} where a.institution_id = ${plan.institutionId} and a.plan_id = ${plan.id} and a.active
      group by a.unit_id
    )
    select b.ancestor as key, sum(own.programmed)::text as programmed, sum(own.executed)::text as executed
    from below b join own on own.unit_id = b.unit_id group by b.ancestor`;
}

/** Each activity with its twelve programmed and executed months and the period's figures: the POI's rows. */
function handActivities(plan: PlanContext) {
  const months = (alias: string) =>
    Array.from({ length: 12 }, (_, i) => `${alias}.q${String(i + 1).padStart(2, "0")}`).join(", ");
  return sql`select a.id as key, u.name as unit, a.name, a.budget_activity, a.unit_of_measure, a.annual_target,
      ${sql.raw(months("p"))}, ${sql.raw(months("e"))},
      (${handProgrammed})::text as programmed, (${handExecuted})::text as executed
    ${handFrom} join org_units u on u.institution_id = a.institution_id and u.id = a.unit_id
    where a.institution_id = ${plan.institutionId} and a.plan_id = ${plan.id} and a.active
    order by a.position`;
}

const handDeployment = sql`select a.institution_id as key, sum(${handProgrammed})::text as programmed,
    sum(${handExecuted})::text as executed
  from activities a join plans pl on pl.institution_id = a.institution_id and pl.id = a.plan_id
  ${sql.raw(handJoins)}
  where pl.year = 2021 and a.active
  group by a.institution_id`;

// ---------------------------------------------------------------------------------------------

/**
 * Runs `ours` and `hand` alternately (a warm-up each, then `runs` each) and keeps each one's best
 * time: on a shared machine the best run is the one least disturbed by others.
 */
async function compare<A, B>(
  ours: () => Promise<A>,
  hand: () => Promise<B>,
  runs: number,
): Promise<{ ours: { result: A; ms: number }; hand: { result: B; ms: number } }> {
  let oursResult = await ours();
  let handResult = await hand();
  let oursMs = Number.POSITIVE_INFINITY;
  let handMs = Number.POSITIVE_INFINITY;
  for (let r = 0; r < runs; r++) {
    let start = performance.now();
    oursResult = await ours();
    oursMs = Math.min(oursMs, performance.now() - start);
    start = performance.now();
    handResult = await hand();
    handMs = Math.min(handMs, performance.now() - start);
  }
  return { ours: { result: oursResult, ms: oursMs }, hand: { result: handResult, ms: handMs } };
}

function check(label: string, ours: [string, number, number | null][], hand: Totals[]) {
  const expected = new Map(
    hand.map((row) => [
      row.key ?? "",
      [Number(row.programmed), row.executed === null ? null : Number(row.executed)],
    ]),
  );
  for (const [key, programmed, executed] of ours) {
    const want = expected.get(key);
    if (!want || want[0] !== programmed || want[1] !== executed) {
      throw new Error(
        `${label}: cifras distintas de la consulta escrita a mano para ${key}: ${programmed}/${executed} ≠ ${want}`,
      );
    }
  }
  if (ours.length !== hand.length) throw new Error(`${label}: ${ours.length} filas ≠ ${hand.length}`);
}

function line(label: string, ours: number, hand: number, target: string) {
  const ratio = ours / hand;
  console.log(
    `${label.padEnd(58)} Avance ${ours.toFixed(1).padStart(7)} ms · a mano ${hand.toFixed(1).padStart(7)} ms · ${ratio.toFixed(2)}× (${target})`,
  );
}

async function institutionReports(database: Database, label: string, planId: string, runs: number) {
  const { db } = database;
  const plan = (await loadPlanContext(db, planId)) as PlanContext;
  const scope = { kind: "plan" as const, institutionId: plan.institutionId, planId };
  const hand = () => queryRows<Totals>(db, handUnits(plan));

  const units = await compare(() => buildPlanReport(db, plan, { report: "units", period: "Q1" }), hand, runs);
  const unitQuery = await compare(
    () => unitSummary(db, { institutionId: plan.institutionId, planId, months: Q1 }),
    hand,
    runs,
  );
  check(
    "unidades",
    unitQuery.ours.result.units.map((unit) => [unit.id, unit.subtree.programmed, unit.subtree.executed]),
    unitQuery.hand.result,
  );
  line(`${label}: resumen por unidad, informe completo`, units.ours.ms, units.hand.ms, "objetivo < 100 ms");
  line(`${label}: resumen por unidad, su consulta`, unitQuery.ours.ms, unitQuery.hand.ms, "referencia");

  const handPoi = () => queryRows<Totals>(db, handActivities(plan));
  const poi = await compare(() => buildPlanReport(db, plan, { report: "poi", period: "Q1" }), handPoi, runs);
  const poiQueries = await compare(
    () => Promise.all([activityLines(db, { scope, months: Q1 }), lineTotals(db, { scope, months: Q1 })]),
    handPoi,
    runs,
  );
  const rows = poi.ours.result.sections[0]?.rows.filter((row) => row.kind === "activity") ?? [];
  check(
    "POI",
    rows.map((row, i) => [
      poi.hand.result[i]?.key ?? "",
      row.cells.programmed as number,
      row.cells.executed as number | null,
    ]),
    poi.hand.result,
  );
  const handTotal = poi.hand.result.reduce((sum, row) => sum + Number(row.programmed), 0);
  if (Math.abs(handTotal - (poiQueries.ours.result[1].total.figures.programmed as number)) > 1e-6)
    throw new Error("POI: total distinto");
  line(
    `${label}: POI de ${rows.length} actividades, informe completo`,
    poi.ours.ms,
    poi.hand.ms,
    "objetivo < 100 ms",
  );
  line(
    `${label}: POI, sus dos consultas (filas y totales)`,
    poiQueries.ours.ms,
    poiQueries.hand.ms,
    "referencia",
  );
}

async function deployment(database: Database, institutions: number) {
  const { db } = database;
  const hand = () => queryRows<Totals>(db, handDeployment);
  const { ours, hand: handed } = await compare(
    () => deploymentRollup(db, { year: 2021, months: Q1 }),
    hand,
    3,
  );
  check(
    "despliegue",
    ours.result.institutions.map((row) => [row.id, row.programmed, row.executed]),
    handed.result,
  );
  const label = `PostgreSQL: las ${institutions.toLocaleString("es-PE")} instituciones`;
  line(label, ours.ms, handed.ms, "objetivo < 3 s y ≤ 1.5×");
  const red = await compare(() => deploymentRollup(db, { year: 2021, months: Q1, withRed: true }), hand, 2);
  line(`${label}, con actividades en rojo`, red.ours.ms, red.hand.ms, "referencia");
}

async function serverReports(server: Database, institutions: number) {
  const middle = Math.ceil(institutions / 2);
  const [plan] = await queryRows<{ id: string }>(
    server.db,
    sql`select id from plans where institution_id = ${uuid(INSTITUTION, middle)}`,
  );
  await institutionReports(server, "PostgreSQL, 1 institución", plan?.id as string, 10);
  await deployment(server, institutions);
}

export async function run() {
  const perPlan = Number(process.env.BENCH_REPORT_ACTIVITIES ?? 1000);
  const pglite = await openDatabase({ dataDir: null });
  try {
    const start = performance.now();
    await seed(pglite.db, 1, perPlan);
    console.log(
      `PGlite: ${perPlan.toLocaleString("es-PE")} actividades generadas en ${((performance.now() - start) / 1000).toFixed(1)} s`,
    );
    const [plan] = await queryRows<{ id: string }>(pglite.db, sql`select id from plans limit 1`);
    await institutionReports(pglite, "PGlite, 1 plan", plan?.id as string, 10);
  } finally {
    await pglite.close();
  }

  const serverUrl = process.env.BENCH_DATABASE_URL;
  if (!serverUrl) {
    console.log("PostgreSQL: omitido (defina BENCH_DATABASE_URL=postgres://…)");
    return;
  }
  const institutions = Number(process.env.BENCH_REPORT_INSTITUTIONS ?? 2000);
  const perInstitution = Number(process.env.BENCH_REPORT_PER_INSTITUTION ?? 500);
  const reuse = process.env.BENCH_REPORT_REUSE;
  if (reuse) {
    // A database this benchmark seeded before (kept for repeated measuring); nothing is written.
    const server = await openDatabase({ url: reuse });
    try {
      await serverReports(server, institutions);
    } finally {
      await server.close();
    }
    return;
  }
  const server = await openScratchDatabase(serverUrl, "avance_bench_reports");
  try {
    const start = performance.now();
    await seed(server.db, institutions, perInstitution);
    console.log(
      `PostgreSQL: ${institutions.toLocaleString("es-PE")} instituciones × ${perInstitution} actividades generadas en ${((performance.now() - start) / 1000).toFixed(1)} s`,
    );
    await serverReports(server, institutions);
  } finally {
    await server.close();
  }
}
