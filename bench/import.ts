/**
 * Import speed and memory: seed 004 (target < 100 ms) and a generated POI of 100,000
 * activities as text and xlsx, on PGlite and on PostgreSQL (target ≥ 20,000 rows/s, < 1 GB).
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { openDatabase } from "../src/db/connection.js";
import { importDocument } from "../src/services/import-document.js";

const SIZE = process.env.BENCH_IMPORT_ROWS ?? "100000";

export async function run() {
  const database = await openDatabase({ dataDir: null });
  const bytes = new Uint8Array(readFileSync("samples/004_72e0f0e913d1a590.txt"));
  const times: number[] = [];
  for (let n = 0; n < 5; n++) {
    const start = performance.now();
    await importDocument(database.db, { fileName: "004.txt", bytes, institution: `Seed ${n}` });
    times.push(performance.now() - start);
  }
  await database.close();
  console.log(
    `semilla 004 (78 actividades) en PGlite: ${Math.min(...times).toFixed(1)} ms (mejor de 5; objetivo < 100 ms)`,
  );

  const engines = process.env.BENCH_DATABASE_URL ? ["pglite", "postgresql"] : ["pglite"];
  if (!process.env.BENCH_DATABASE_URL)
    console.log("PostgreSQL: omitido (defina BENCH_DATABASE_URL=postgres://…)");
  for (const format of ["text", "xlsx"]) {
    for (const engine of engines) {
      const output = execFileSync(
        process.execPath,
        ["--import", "tsx", "bench/import-case.ts", format, engine, SIZE],
        {
          encoding: "utf8",
          maxBuffer: 1 << 24,
        },
      );
      const result = JSON.parse(output.trim().split("\n").at(-1) as string);
      console.log(
        `${format.padEnd(4)} ${engine.padEnd(10)} ${Number(SIZE).toLocaleString("es-PE")} actividades: ${result.seconds.toFixed(1)} s, ` +
          `${Math.round(result.rowsPerSecond).toLocaleString("es-PE")} filas/s, memoria pico ${Math.round(result.peakMb)} MB`,
      );
    }
  }
}
