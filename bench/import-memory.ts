/**
 * What import previews weigh (the figures behind services/imports/import-previews.ts): for seed 004 and
 * a generated POI of 100,000 activities as text and as xlsx, the heap a stored preview retains
 * against its estimate, and the peak memory of reading the document against what a read in
 * flight reserves. BENCH_IMPORT_MEMORY_SHORT_ROWS=199000 adds a CSV of that many short rows
 * (like finding 3's document, 24 MiB for 469,831 rows), where the rows weigh more than the bytes.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { poiText, writePoiXlsx } from "./generate-poi.js";

const SIZE = Number(process.env.BENCH_IMPORT_ROWS ?? "100000");
const SHORT_ROWS = Number(process.env.BENCH_IMPORT_MEMORY_SHORT_ROWS ?? "0");

/** The layout of seed 004 as CSV with the shortest cells: most of its bytes are rows. */
function shortRowsCsv(rows: number): string {
  const months = ["ENE", "FEB", "MAR", "ABR", "MAY", "JUN", "JUL", "AGO", "SEP", "OCT", "NOV", "DIC"];
  const lines = [
    "PLAN OPERATIVO INSTITUCIONAL 2021 - I° TRIMESTRE",
    "",
    ["ORGANÓ/UNIDAD ORGÁNICA", "ACTIVIDAD OPERATIVA", "ACTIVIDAD PRESUPUESTAL-MEF", "UNIDAD DE MEDIDA"]
      .concat(["META", "PROGRAMADO", ...Array(11).fill(""), "EJECUTADO", "", "", "I TRIM", ""])
      .join(","),
    ["", "", "", "", "", ...months, "ENE", "FEB", "MAR", "PROG", "EJEC"].join(","),
  ];
  for (let n = 0; n < rows; n++) {
    const programmed = months.map((_, month) => ((n + month) % 3) + 1);
    const q1 = programmed.slice(0, 3).reduce((a, b) => a + b, 0);
    const target = programmed.reduce((a, b) => a + b, 0);
    lines.push(
      [`U${n % 500}`, `A${n}`, "G", "X", target, ...programmed, ...programmed.slice(0, 3), q1, q1].join(","),
    );
  }
  return `${lines.join("\n")}\n`;
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

export async function run() {
  const dir = mkdtempSync(join(tmpdir(), "avance-bench-memory-"));
  try {
    const cases: [string, string, number][] = [["semilla 004", "samples/004_72e0f0e913d1a590.txt", 200]];
    writeFileSync(join(dir, "poi.txt"), poiText(SIZE));
    cases.push([`texto, ${SIZE.toLocaleString("es-PE")} actividades`, join(dir, "poi.txt"), 1]);
    await writePoiXlsx(SIZE, join(dir, "poi.xlsx"));
    cases.push([`xlsx, ${SIZE.toLocaleString("es-PE")} actividades`, join(dir, "poi.xlsx"), 1]);
    if (SHORT_ROWS > 0) {
      writeFileSync(join(dir, "short.csv"), shortRowsCsv(SHORT_ROWS));
      cases.push([`CSV de filas cortas, ${SHORT_ROWS.toLocaleString("es-PE")}`, join(dir, "short.csv"), 1]);
    }
    for (const [name, path, copies] of cases) {
      const output = execFileSync(
        process.execPath,
        ["--expose-gc", "--import", "tsx", "bench/import-memory-case.ts", path, String(copies)],
        { encoding: "utf8", maxBuffer: 1 << 24 },
      );
      const r = JSON.parse(output.trim().split("\n").at(-1) as string);
      console.log(
        `${name} (${mb(r.bytes)}): vista previa retenida ${mb(r.retained)}, estimada ${mb(r.estimate)} ` +
          `(×${(r.estimate / r.retained).toFixed(2)}, en ${r.estimateMs.toFixed(0)} ms de CPU); lectura: pico ${mb(r.peakRss)} ` +
          `(×${(r.peakRss / r.bytes).toFixed(0)} el documento), reserva ${mb(r.readReserve)}`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
