/** One import measured in its own process, so its peak memory is its own. */
import { openDatabase } from "../src/db/connection.js";
import { importDocument } from "../src/services/import-document.js";
import { openScratchDatabase } from "../test/helpers/scratch-database.js";
import { poiText, poiXlsx } from "./generate-poi.js";

const [format = "text", engine = "pglite", size = "100000"] = process.argv.slice(2);
const activities = Number(size);
const bytes = format === "xlsx" ? await poiXlsx(activities) : new TextEncoder().encode(poiText(activities));

const database =
  engine === "postgresql"
    ? await openScratchDatabase(process.env.BENCH_DATABASE_URL as string, "avance_bench")
    : await openDatabase({ dataDir: null });
const rssBefore = process.resourceUsage().maxRSS;
const start = performance.now();
const outcome = await importDocument(database.db, {
  fileName: `bench.${format === "xlsx" ? "xlsx" : "txt"}`,
  bytes,
  institution: "Bench",
});
const seconds = (performance.now() - start) / 1000;
await database.close();
if (outcome.status !== "imported")
  throw new Error(`import refused: ${JSON.stringify(outcome.problems.slice(0, 3))}`);
console.log(
  JSON.stringify({
    format,
    engine,
    activities,
    seconds,
    rowsPerSecond: activities / seconds,
    peakMb: process.resourceUsage().maxRSS / 1024,
    rssBeforeMb: rssBefore / 1024,
  }),
);
