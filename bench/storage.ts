/**
 * Why monthly values are stored one row per activity with a column per month: the quarterly
 * GROUP BY that every report runs, over 100k activities, on both engines, beside the same data
 * stored one row per activity-month.
 */
import { sql } from "drizzle-orm";
import { type Database, openDatabase, queryRows } from "../src/db/connection.js";
import { openScratchDatabase } from "../test/helpers/scratch-database.js";

const ACTIVITIES = Number(process.env.BENCH_ACTIVITIES ?? 100_000);
const UNITS = 200;

async function time<T>(work: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await work();
  return [result, (performance.now() - start) / 1000];
}

async function seed(database: Database) {
  const { db } = database;
  await db.execute(
    sql`insert into institutions (id, name, slug) values ('00000000-0000-0000-0000-000000000001', 'Bench', 'bench')`,
  );
  const inst = sql`'00000000-0000-0000-0000-000000000001'::uuid`;
  await db.execute(sql`insert into plans (institution_id, id, year, kind, title)
    values (${inst}, '00000000-0000-0000-0000-000000000002', 2026, 'POI', 'Bench')`);
  await db.execute(sql`insert into programming_versions (institution_id, id, plan_id, code, name, role)
    values (${inst}, '00000000-0000-0000-0000-000000000003', '00000000-0000-0000-0000-000000000002', 'RE', 'Actual', 'current')`);
  await db.execute(sql`insert into org_units (institution_id, id, name)
    select ${inst}, ('00000000-0000-0001-0000-' || lpad(n::text, 12, '0'))::uuid, 'Unidad ' || n from generate_series(1, ${UNITS}) n`);
  await db.execute(sql`insert into activities (institution_id, id, plan_id, unit_id, name, annual_target, position)
    select ${inst}, ('00000000-0000-0002-0000-' || lpad(n::text, 12, '0'))::uuid, '00000000-0000-0000-0000-000000000002',
      ('00000000-0000-0001-0000-' || lpad((n % ${UNITS} + 1)::text, 12, '0'))::uuid, 'Actividad ' || n, 120, n
    from generate_series(1, ${ACTIVITIES}) n`);
  const months = Array.from({ length: 12 }, (_, i) => `q${String(i + 1).padStart(2, "0")}`);
  await db.execute(
    sql.raw(`insert into programmed_values (institution_id, version_id, activity_id, ${months.join(", ")})
    select institution_id, '00000000-0000-0000-0000-000000000003', id, ${months.map((_, i) => `(position % 7 + ${i})::numeric / 2`).join(", ")}
    from activities`),
  );
  await db.execute(sql`insert into executed_values (institution_id, activity_id, q01, q02, q03)
    select institution_id, id, position % 5, position % 6, position % 4 from activities`);
  await db.execute(sql`analyze`);
}

/** The same figures, one row per activity-month: the layout we did not choose. */
async function seedLong(database: Database) {
  await database.db.execute(
    sql`create temporary table long_values (activity_id uuid, month smallint, programmed numeric(18,4), executed numeric(18,4), primary key (activity_id, month))`,
  );
  await database.db.execute(
    sql.raw(`insert into long_values
    select p.activity_id, m, (array[p.q01,p.q02,p.q03,p.q04,p.q05,p.q06,p.q07,p.q08,p.q09,p.q10,p.q11,p.q12])[m],
      case m when 1 then e.q01 when 2 then e.q02 when 3 then e.q03 end
    from programmed_values p join executed_values e using (institution_id, activity_id), generate_series(1, 12) m`),
  );
  await database.db.execute(sql`analyze long_values`);
}

const wideQ1 = sql`select a.unit_id, coalesce(sum(p.q01), 0) + coalesce(sum(p.q02), 0) + coalesce(sum(p.q03), 0) as programmed,
    coalesce(sum(e.q01), 0) + coalesce(sum(e.q02), 0) + coalesce(sum(e.q03), 0) as executed
  from activities a
  join programmed_values p on p.institution_id = a.institution_id and p.activity_id = a.id
  left join executed_values e on e.institution_id = a.institution_id and e.activity_id = a.id
  where a.institution_id = '00000000-0000-0000-0000-000000000001' and a.active
  group by a.unit_id`;

const longQ1 = sql`select a.unit_id, coalesce(sum(l.programmed), 0) as programmed, coalesce(sum(l.executed), 0) as executed
  from activities a join long_values l on l.activity_id = a.id
  where a.institution_id = '00000000-0000-0000-0000-000000000001' and a.active and l.month between 1 and 3
  group by a.unit_id`;

async function measure(label: string, database: Database) {
  const [, seconds] = await time(() => seed(database));
  console.log(
    `${label}: insertar ${ACTIVITIES.toLocaleString("es")} actividades con sus 12 meses: ${seconds.toFixed(2)} s`,
  );
  await seedLong(database);
  const best = async (query: ReturnType<typeof sql>) => {
    let min = Number.POSITIVE_INFINITY;
    let rows = 0;
    for (let run = 0; run < 5; run++) {
      const [result, s] = await time(() => queryRows(database.db, query));
      rows = result.length;
      min = Math.min(min, s);
    }
    return { min, rows };
  };
  const wide = await best(wideQ1);
  const long = await best(longQ1);
  console.log(
    `${label}: Q1 por unidad, una fila por actividad (elegido): ${wide.min.toFixed(3)} s (${wide.rows} unidades)`,
  );
  console.log(
    `${label}: Q1 por unidad, una fila por actividad-mes:       ${long.min.toFixed(3)} s (${long.rows} unidades)`,
  );
}

export async function run() {
  const pglite = await openDatabase({ dataDir: null });
  try {
    await measure("PGlite", pglite);
  } finally {
    await pglite.close();
  }
  const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    console.log("PostgreSQL: omitido (defina BENCH_DATABASE_URL=postgres://…)");
    return;
  }
  const server = await openScratchDatabase(serverUrl, "avance_bench");
  try {
    await measure("PostgreSQL", server);
  } finally {
    await server.close();
  }
}
