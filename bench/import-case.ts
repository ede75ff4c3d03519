/** One import of a generated document, measured in its own process so its peak memory is its own. */
import { readFileSync } from "node:fs";
import { openDatabase } from "../src/db/connection.js";
import { commitPreview, previewDocument } from "../src/services/import-document.js";
import { openScratchDatabase } from "../test/helpers/scratch-database.js";

const [path = "", engine = "pglite"] = process.argv.slice(2);
const bytes = new Uint8Array(readFileSync(path));
const fileName = path.split("/").at(-1) as string;

const database =
  engine === "postgresql"
    ? await openScratchDatabase(process.env.BENCH_DATABASE_URL as string, "avance_bench")
    : await openDatabase({ dataDir: null });
// What `importDocument` does, timed in its two steps: reading the document, writing the plan.
const start = performance.now();
const preview = await previewDocument({ fileName, bytes });
const read = performance.now();
if (!preview.importable) throw new Error(`import refused: ${JSON.stringify(preview.problems.slice(0, 3))}`);
await commitPreview(database.db, preview, { fileName, institution: "Bench" });
const end = performance.now();
await database.close();
console.log(
  JSON.stringify({
    activities: preview.draft.activities.length,
    readSeconds: (read - start) / 1000,
    commitSeconds: (end - read) / 1000,
    peakMb: process.resourceUsage().maxRSS / 1024,
  }),
);
