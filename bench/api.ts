/**
 * API throughput: the real server (`avance serve` in a child process, listening on a port) under
 * autocannon, on PGlite and, with BENCH_DATABASE_URL, on PostgreSQL (a scratch database).
 *
 * One plan of 1,000 activities (the generator of bench/reports.ts). Reads, as a logged-in viewer:
 * the dashboard figures (`reports/units?period=Q1&format=json`) and the POI report. Writes, as the
 * editor of the root units: `PUT …/activities/:id/execution/:month`, a different activity and
 * month on every request (so no 409s). Prints requests/s, p50 and p99.
 *
 * Targets on the 2-core machine, PostgreSQL: ≥ 1,000 reads/s with p99 < 50 ms, ≥ 300 writes/s.
 * BENCH_API_SECONDS (10) and BENCH_API_CONNECTIONS (10) change the load; BENCH_API_PROFILE=dir writes
 * a CPU profile of the server (`--cpu-prof`) there.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { sql } from "drizzle-orm";
import { type Database, type Db, openDatabase, queryRows } from "../src/db/connection.js";
import { addUser } from "../src/services/users/add-user.js";
import { openScratchDatabase } from "../test/helpers/scratch-database.js";
import { seed } from "./reports.js";

const SECONDS = Number(process.env.BENCH_API_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_API_CONNECTIONS ?? 10);
const ACTIVITIES = 1000;
export const PASSWORD = "clave de benchmark larga";
/** The generator records months 1–4; writes go to the months after. */
const WRITE_MONTHS = [5, 6, 7, 8, 9, 10, 11, 12];

type Target = {
  label: string;
  env: NodeJS.ProcessEnv;
  database: () => Promise<Database>;
  cleanup: () => Promise<void>;
};

type Fixture = { institutionId: string; planId: string; activityIds: string[] };

async function prepare(db: Db): Promise<Fixture> {
  await seed(db, 1, ACTIVITIES);
  await db.execute(sql`update plans set status = 'in_execution'`);
  const [plan] = await queryRows<{ id: string; institution_id: string }>(
    db,
    sql`select id, institution_id from plans limit 1`,
  );
  if (!plan) throw new Error("the generator made no plan");
  await addUser(db, { email: "viewer@bench.pe", role: "viewer", institution: "inst-1", password: PASSWORD });
  const editor = await addUser(db, {
    email: "editor@bench.pe",
    role: "editor",
    institution: "inst-1",
    password: PASSWORD,
  });
  await db.execute(sql`insert into membership_units (institution_id, user_id, unit_id)
    select institution_id, ${editor.id}, id from org_units where parent_id is null`);
  const activities = await queryRows<{ id: string }>(
    db,
    sql`select id from activities where active order by position`,
  );
  return { institutionId: plan.institution_id, planId: plan.id, activityIds: activities.map((a) => a.id) };
}

/** `avance serve` in a child process, resolved once it listens (bench/limits.ts starts it too). */
export async function startServer(
  env: NodeJS.ProcessEnv,
  port: number,
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [
      // BENCH_API_PROFILE=dir: a CPU profile of the server per run (open it in Chrome DevTools).
      ...(process.env.BENCH_API_PROFILE
        ? ["--cpu-prof", "--cpu-prof-dir", process.env.BENCH_API_PROFILE]
        : []),
      "--import",
      "tsx",
      "src/cli/index.ts",
      "serve",
      "--port",
      String(port),
      "--host",
      "127.0.0.1",
    ],
    {
      env: { ...process.env, ...env, LOG_LEVEL: "warn", NODE_ENV: "production" },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  await new Promise<void>((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("está en marcha")) resolve();
    });
    child.on("exit", (code) => reject(new Error(`avance serve exited (${code}): ${out}`)));
  });
  return { child, url: `http://127.0.0.1:${port}` };
}

export async function stopServer(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.on("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

export async function login(url: string, email: string): Promise<Record<string, string>> {
  const response = await fetch(`${url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (!response.ok) throw new Error(`login ${email}: ${response.status} ${await response.text()}`);
  const cookie = (response.headers.get("set-cookie") ?? "").split(";")[0] as string;
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { cookie, "x-csrf-token": csrfToken };
}

/**
 * CPU seconds the server process has used (Linux /proc; clock ticks of 1/100 s). Requests/s
 * swing with whatever else the shared machine runs; CPU per request does much less.
 */
async function cpuSeconds(pid: number | undefined): Promise<number | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => undefined);
  const fields = stat?.slice(stat.lastIndexOf(")") + 2).split(" ");
  return fields ? (Number(fields[11]) + Number(fields[12])) / 100 : undefined;
}

async function measured(
  label: string,
  pid: number | undefined,
  load: () => Promise<autocannon.Result>,
): Promise<void> {
  const before = await cpuSeconds(pid);
  const result = await load();
  const after = await cpuSeconds(pid);
  const failed = result.non2xx + result.errors + result.timeouts;
  const cpu =
    before === undefined || after === undefined || result.requests.total === 0
      ? ""
      : ` · CPU del servidor ${(((after - before) * 1000) / result.requests.total).toFixed(2)} ms/solicitud`;
  const size = result.requests.total
    ? ` · ${(result.throughput.total / result.requests.total / 1024).toFixed(1)} KB`
    : "";
  console.log(
    `${label.padEnd(52)} ${result.requests.average.toFixed(0).padStart(6)} req/s · p50 ${String(result.latency.p50).padStart(4)} ms · p99 ${String(result.latency.p99).padStart(4)} ms${size}${cpu}${failed ? ` · ${failed} fallidas` : ""}`,
  );
}

async function measure(target: Target, port: number) {
  const database = await target.database();
  let fixture: Fixture;
  try {
    const start = performance.now();
    fixture = await prepare(database.db);
    console.log(
      `${target.label}: ${ACTIVITIES} actividades generadas en ${((performance.now() - start) / 1000).toFixed(1)} s`,
    );
  } finally {
    await database.close();
  }
  const { child, url } = await startServer(target.env, port);
  try {
    const viewer = await login(url, "viewer@bench.pe");
    const editor = await login(url, "editor@bench.pe");
    // autocannon takes the path from the url (a `path` option of its own would be ignored).
    const run = (options: Omit<autocannon.Options, "url">, path = "") =>
      autocannon({ url: `${url}${path}`, duration: SECONDS, connections: CONNECTIONS, ...options });
    const reads = [
      [
        "resumen por unidad (units, Q1, json)",
        `/api/plans/${fixture.planId}/reports/units?period=Q1&format=json`,
      ],
      ["informe POI (poi, Q1, json)", `/api/plans/${fixture.planId}/reports/poi?period=Q1&format=json`],
    ] as const;
    for (const [label, path] of reads) {
      await run({ headers: viewer, duration: 1 }, path); // warm-up
      await measured(`${target.label} · ${label}`, child.pid, () => run({ headers: viewer }, path));
    }
    // Every request a different (activity, month); a second round would name version 1.
    const pairs = fixture.activityIds.length * WRITE_MONTHS.length;
    let next = 0;
    await measured(`${target.label} · registrar ejecución (PUT)`, child.pid, () =>
      run({
        method: "PUT",
        headers: { ...editor, "content-type": "application/json" },
        requests: [
          {
            setupRequest: (request) => {
              const i = next++;
              const activity = fixture.activityIds[i % fixture.activityIds.length];
              const month = WRITE_MONTHS[Math.floor(i / fixture.activityIds.length) % WRITE_MONTHS.length];
              return {
                ...request,
                path: `/api/institutions/${fixture.institutionId}/activities/${activity}/execution/${month}`,
                body: JSON.stringify({ value: 3.25, comment: "benchmark", version: Math.floor(i / pairs) }),
              };
            },
          },
        ],
      }),
    );
  } finally {
    await stopServer(child);
  }
}

export async function run() {
  console.log(
    `autocannon: ${SECONDS} s, ${CONNECTIONS} conexiones; ${cpus().length} núcleos, carga ${loadavg()
      .map((n) => n.toFixed(2))
      .join(" ")}`,
  );
  const dataRoot = await mkdtemp(join(tmpdir(), "avance-bench-api-"));
  const targets: Target[] = [
    {
      label: "PGlite",
      env: { AVANCE_DATA_DIR: dataRoot, DATABASE_URL: "" },
      database: () => openDatabase({ dataDir: dataRoot }),
      cleanup: () => rm(dataRoot, { recursive: true, force: true }),
    },
  ];
  const serverUrl = process.env.BENCH_DATABASE_URL;
  if (serverUrl) {
    let scratch: Database | undefined;
    const url = new URL(serverUrl);
    targets.push({
      label: "PostgreSQL",
      get env() {
        return { DATABASE_URL: url.toString() };
      },
      database: async () => {
        scratch = await openScratchDatabase(serverUrl, "avance_bench_api");
        // Kept open (dropped at cleanup); the server gets its own connections.
        const { rows } = (await scratch.db.execute(sql`select current_database() as name`)) as unknown as {
          rows: { name: string }[];
        };
        url.pathname = `/${rows[0]?.name}`;
        return { ...scratch, close: async () => undefined };
      },
      cleanup: async () => scratch?.close(),
    });
  } else {
    console.log("PostgreSQL: omitido (defina BENCH_DATABASE_URL=postgres://…)");
  }
  for (const [index, target] of targets.entries()) {
    try {
      await measure(target, 3900 + index);
    } finally {
      await target.cleanup();
    }
  }
}
