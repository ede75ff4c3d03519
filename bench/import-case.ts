/** One import of a generated document, measured in its own process so its peak memory is its own. */
import { readFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import { type Db, openDatabase, queryRows } from "../src/db/connection.js";
import { commitPreview } from "../src/services/imports/commit-preview.js";
import { previewDocument } from "../src/services/imports/preview-document.js";
import { openScratchDatabase } from "../test/helpers/scratch-database.js";

const [path = "", engine = "pglite"] = process.argv.slice(2);
const bytes = new Uint8Array(readFileSync(path));
const fileName = path.split("/").at(-1) as string;

const cpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

/**
 * CPU seconds the PostgreSQL server spent on this database's connections, read from /proc:
 * on a shared machine the wall time depends on the neighbours, the CPU time much less.
 * Undefined when the server is not on this machine.
 */
async function serverCpuSeconds(db: Db): Promise<number | undefined> {
  const backends = await queryRows<{ pid: number }>(
    db,
    sql`select pid from pg_stat_activity where datname = current_database()`,
  );
  try {
    let ticks = 0;
    for (const { pid } of backends) {
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
      ticks += Number(fields[11]) + Number(fields[12]);
    }
    return ticks / 100;
  } catch {
    return undefined;
  }
}

const database =
  engine === "postgresql"
    ? await openScratchDatabase(process.env.BENCH_DATABASE_URL as string, "avance_bench")
    : await openDatabase({ dataDir: null });
// What `importDocument` does, timed in its two steps: reading the document, writing the plan.
const cpuStart = cpuSeconds();
const start = performance.now();
const preview = await previewDocument({ fileName, bytes });
const read = performance.now();
const cpuRead = cpuSeconds();
if (!preview.importable) throw new Error(`import refused: ${JSON.stringify(preview.problems.slice(0, 3))}`);
const serverBefore = engine === "postgresql" ? await serverCpuSeconds(database.db) : undefined;
const commitStart = performance.now();
await commitPreview(database.db, preview, { fileName, institution: "Bench" });
const end = performance.now();
const cpuEnd = cpuSeconds();
const serverAfter = serverBefore === undefined ? undefined : await serverCpuSeconds(database.db);
await database.close();
console.log(
  JSON.stringify({
    activities: preview.draft.activities.length,
    readSeconds: (read - start) / 1000,
    commitSeconds: (end - commitStart) / 1000,
    readCpu: cpuRead - cpuStart,
    commitCpu: cpuEnd - cpuRead,
    serverCpu: serverAfter === undefined || serverBefore === undefined ? null : serverAfter - serverBefore,
    peakMb: process.resourceUsage().maxRSS / 1024,
  }),
);
