/**
 * Reader limits against the real server (`avance serve` in a child process, PGlite): each crafted
 * document of test/fixtures/import/crafted.ts, and a few large real-looking ones, posted to
 * `POST /api/imports`, with the time to the answer and the slowest `/api/health` answered
 * meanwhile (polled one after another). Targets on the 2-core machine: a crafted document
 * answered in < 2 s, `/api/health` in < 200 ms throughout.
 *
 * Then the HTML reader alone in this process, for growing documents: nested (refused at the
 * depth limit, whatever the depth), flat and stray closing tags (linear in the size), with the
 * longest stretch the event loop was blocked.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { openDatabase } from "../src/db/connection.js";
import { readDocument } from "../src/import/read-document.js";
import { addInstitution } from "../src/services/institutions/add-institution.js";
import { addUser } from "../src/services/users/add-user.js";
import * as crafted from "../test/fixtures/import/crafted.js";
import { csvText, grid } from "../test/fixtures/import/generate.js";
import { login, PASSWORD, startServer, stopServer } from "./api.js";
import { poiText, writePoiXlsx } from "./generate-poi.js";

const PORT = Number(process.env.BENCH_LIMITS_PORT ?? 3950);
const EMAIL = "planner@bench.pe";
const encode = (text: string) => new TextEncoder().encode(text);
const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(bytes < 1024 * 1024 ? 3 : 1)} MB`;

type Case = { name: string; file: string; bytes: () => Promise<Uint8Array> | Uint8Array };

const cases: Case[] = [
  { name: "24 hojas, fila 10.000.000", file: "dispersas.xlsx", bytes: () => crafted.sparseRows() },
  { name: "6 hojas hasta la fila 200.000", file: "altas.xlsx", bytes: () => crafted.tallSheets() },
  { name: "60 hojas", file: "hojas.xlsx", bytes: () => crafted.manySheets() },
  { name: "10.001 entradas vacías en el zip", file: "partes.xlsx", bytes: () => crafted.manyEntries() },
  { name: "celda en la columna XFD", file: "ancha.xlsx", bytes: () => crafted.wideRow() },
  { name: "bomba zip (600 MB descomprimida)", file: "bomba.xlsx", bytes: () => crafted.zipBomb() },
  { name: "zip que declara 1 KB y son 20 MB", file: "mentira.xlsx", bytes: () => crafted.lyingZip() },
  { name: "1.000.001 textos compartidos", file: "textos.xlsx", bytes: () => crafted.sharedStrings() },
  { name: "100.000 <div> anidados", file: "anidado.xls", bytes: () => encode(crafted.deepHtml(100_000)) },
  { name: "2.000.000 <div> anidados", file: "anidado.xls", bytes: () => encode(crafted.deepHtml(2_000_000)) },
  { name: "51 tablas HTML", file: "tablas.xls", bytes: () => encode(crafted.manyTables()) },
  { name: "200.001 líneas de texto", file: "larga.txt", bytes: () => encode(crafted.tallText()) },
  { name: "CSV de 1.001 columnas", file: "ancha.csv", bytes: () => encode(crafted.wideCsv()) },
  { name: "5,4 millones de celdas", file: "celdas.txt", bytes: () => encode(crafted.manyCells()) },
  // Within the limits: large documents read whole, the server answering meanwhile.
  {
    name: "HTML plano de 22 MB (75.000 filas)",
    file: "plano.xls",
    bytes: () => encode(crafted.flatHtml(22)),
  },
  { name: "POI de 100.000 actividades, texto", file: "poi.txt", bytes: () => encode(poiText(100_000)) },
  {
    name: "POI de 100.000 actividades, CSV",
    file: "poi.csv",
    bytes: () => encode(csvText(grid(poiText(100_000)), ";")),
  },
  { name: "POI de 100.000 actividades, xlsx", file: "poi.xlsx", bytes: () => poiXlsx(100_000) },
];

async function poiXlsx(activities: number): Promise<Uint8Array> {
  const dir = await mkdtemp(join(tmpdir(), "avance-bench-limits-xlsx-"));
  try {
    await writePoiXlsx(activities, join(dir, "poi.xlsx"));
    return new Uint8Array(await readFile(join(dir, "poi.xlsx")));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** `work`'s result, and the slowest of the `/api/health` requests made one after another meanwhile. */
async function healthDuring<T>(url: string, work: Promise<T>) {
  let done = false;
  let slowest = 0;
  let count = 0;
  const poll = (async () => {
    while (!done) {
      const start = performance.now();
      const response = await fetch(`${url}/api/health`);
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`/api/health: ${response.status}`);
      slowest = Math.max(slowest, performance.now() - start);
      count++;
      await sleep(10);
    }
  })();
  const result = await work.finally(() => {
    done = true;
  });
  await poll;
  return { result, slowest, count };
}

async function server(url: string, institutionId: string) {
  const headers = await login(url, EMAIL);
  console.log(
    `documento${" ".repeat(32)} tamaño      respuesta  /api/health máx (n)  problema  (carga ${loadavg()
      .map((n) => n.toFixed(1))
      .join(" ")})`,
  );
  for (const { name, file, bytes: build } of cases) {
    const bytes = await build();
    const start = performance.now();
    const answer = fetch(`${url}/api/imports?institutionId=${institutionId}&fileName=${file}`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/octet-stream" },
      body: bytes,
    }).then(async (response) => ({
      status: response.status,
      body: (await response.json()) as { problems?: { message: string }[] },
      end: performance.now(),
    }));
    const { result, slowest, count } = await healthDuring(url, answer);
    const problem =
      result.status === 200 ? (result.body.problems?.[0]?.message ?? "—") : JSON.stringify(result.body);
    console.log(
      `${name.padEnd(41)} ${megabytes(bytes.length).padStart(9)} ${`${(result.end - start).toFixed(0)} ms`.padStart(10)} ${`${slowest.toFixed(0)} ms (${count})`.padStart(16)}     ${String(problem).slice(0, 70)}`,
    );
  }
}

/** The HTML reader alone: time, time per MB and the longest block of the event loop. */
async function series(label: string, sizes: readonly number[], make: (size: number) => string) {
  for (const size of sizes) {
    const bytes = encode(make(size));
    const blocked = monitorEventLoopDelay({ resolution: 10 });
    blocked.enable();
    const start = performance.now();
    const result = await readDocument({ fileName: "serie.xls", bytes });
    const ms = performance.now() - start;
    // The monitor records a block when its timer fires late: after the read, not before.
    await sleep(20);
    blocked.disable();
    console.log(
      `${`${label} ${size.toLocaleString("es-PE")}`.padEnd(34)} ${megabytes(bytes.length).padStart(9)} ${`${ms.toFixed(0)} ms`.padStart(9)} ${`${(ms / (bytes.length / 1024 / 1024)).toFixed(0)} ms/MB`.padStart(10)}  bloqueo máx ${(blocked.max / 1e6).toFixed(0)} ms  ${result.problems[0]?.message.slice(0, 50) ?? ""}`,
    );
  }
}

export async function run() {
  const dataRoot = await mkdtemp(join(tmpdir(), "avance-bench-limits-"));
  try {
    const database = await openDatabase({ dataDir: dataRoot });
    const institution = await addInstitution(database.db, { name: "Bench límites" });
    await addUser(database.db, {
      email: EMAIL,
      role: "planner",
      institution: institution.slug,
      password: PASSWORD,
    });
    await database.close();
    const { child, url } = await startServer({ AVANCE_DATA_DIR: dataRoot, DATABASE_URL: "" }, PORT);
    try {
      await server(url, institution.id);
    } finally {
      await stopServer(child);
    }
  } finally {
    await rm(dataRoot, { recursive: true, force: true });
  }
  console.log("\nLector HTML en este proceso:");
  await series("<div> anidados", [100_000, 200_000, 400_000, 2_000_000], crafted.deepHtml);
  await series("HTML plano, MB", [2.75, 5.5, 11, 22], crafted.flatHtml);
  await series("cierres sueltos, MB", [2.75, 5.5, 11, 22], (size) => crafted.strayCloses(size));
}
