/** One import measured in its own process, so its peak memory is its own. */
import { randomBytes } from "node:crypto";
import { openDatabase } from "../src/db/connection.js";
import { importDocument } from "../src/services/import-document.js";
import { poiText, poiXlsx } from "./generate-poi.js";

const [format = "text", engine = "pglite", size = "100000"] = process.argv.slice(2);
const activities = Number(size);
const bytes = format === "xlsx" ? await poiXlsx(activities) : new TextEncoder().encode(poiText(activities));

let url: string | undefined;
let drop: (() => Promise<void>) | undefined;
if (engine === "postgresql") {
  const { default: pg } = await import("pg");
  const server = process.env.BENCH_DATABASE_URL as string;
  const name = `avance_bench_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const target = new URL(server);
  target.pathname = `/${name}`;
  url = target.toString();
  drop = async () => {
    await admin.query(`drop database ${name} with (force)`);
    await admin.end();
  };
}
const database = await openDatabase(url ? { url } : { dataDir: null });
const rssBefore = process.resourceUsage().maxRSS;
const start = performance.now();
const outcome = await importDocument(database.db, {
  fileName: `bench.${format === "xlsx" ? "xlsx" : "txt"}`,
  bytes,
  institution: "Bench",
});
const seconds = (performance.now() - start) / 1000;
await database.close();
await drop?.();
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
