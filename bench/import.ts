/**
 * Import speed and memory: seed 004 (target < 100 ms) and a generated POI of 100,000
 * activities as text and xlsx, on PGlite and on PostgreSQL (target ≥ 20,000 rows/s, < 1 GB).
 * The machine's load average is printed beside the figures: on a busy machine the seconds mean
 * less, so CPU seconds are printed too (this process's; the server's when it runs on this machine).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../src/db/connection.js";
import { importDocument } from "../src/services/imports/import-document.js";
import { poiText, writePoiXlsx } from "./generate-poi.js";

const SIZE = Number(process.env.BENCH_IMPORT_ROWS ?? "100000");
const SEED_RUNS = 7;

const load = () =>
  `carga ${loadavg()
    .map((n) => n.toFixed(1))
    .join(" ")}`;
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

async function seed() {
  const database = await openDatabase({ dataDir: null });
  const bytes = new Uint8Array(readFileSync("samples/004_72e0f0e913d1a590.txt"));
  const times: number[] = [];
  // The first run warms up the code paths and the database; it is not counted.
  for (let n = 0; n <= SEED_RUNS; n++) {
    const start = performance.now();
    await importDocument(database.db, { fileName: "004.txt", bytes, institution: `Seed ${n}` });
    if (n > 0) times.push(performance.now() - start);
  }
  await database.close();
  console.log(
    `semilla 004 (78 actividades) en PGlite: mediana ${median(times).toFixed(1)} ms de ${SEED_RUNS} ` +
      `(${Math.min(...times).toFixed(1)}–${Math.max(...times).toFixed(1)}; objetivo < 100 ms; ${load()})`,
  );
}

export async function run() {
  await seed();
  const engines = process.env.BENCH_DATABASE_URL ? ["pglite", "postgresql"] : ["pglite"];
  if (!process.env.BENCH_DATABASE_URL)
    console.log("PostgreSQL: omitido (defina BENCH_DATABASE_URL=postgres://…)");
  const dir = mkdtempSync(join(tmpdir(), "avance-bench-"));
  try {
    const files = { text: join(dir, "poi.txt"), xlsx: join(dir, "poi.xlsx") };
    writeFileSync(files.text, poiText(SIZE));
    await writePoiXlsx(SIZE, files.xlsx);
    for (const [format, path] of Object.entries(files)) {
      for (const engine of engines) {
        const output = execFileSync(
          process.execPath,
          ["--import", "tsx", "bench/import-case.ts", path, engine],
          {
            encoding: "utf8",
            maxBuffer: 1 << 24,
          },
        );
        const result = JSON.parse(output.trim().split("\n").at(-1) as string);
        const seconds = result.readSeconds + result.commitSeconds;
        const server = result.serverCpu === null ? "" : `, servidor ${result.serverCpu.toFixed(1)} s`;
        console.log(
          `${format.padEnd(4)} ${engine.padEnd(10)} ${result.activities.toLocaleString("es-PE")} actividades: ` +
            `${seconds.toFixed(1)} s (lectura ${result.readSeconds.toFixed(1)} s, escritura ${result.commitSeconds.toFixed(1)} s), ` +
            `${Math.round(result.activities / seconds).toLocaleString("es-PE")} filas/s, memoria pico ${Math.round(result.peakMb)} MB; ` +
            `CPU: lectura ${result.readCpu.toFixed(1)} s, escritura ${result.commitCpu.toFixed(1)} s${server} (${load()})`,
        );
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
