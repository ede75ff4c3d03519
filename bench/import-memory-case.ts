/**
 * One document's preview memory, in its own process (run with --expose-gc): the heap a stored
 * preview retains against `previewBytes`, and the peak of reading it against `readBytes`.
 */
import { readFileSync } from "node:fs";
import { setImmediate as nextTurn } from "node:timers/promises";
import { previewBytes, readBytes } from "../src/services/imports/import-previews.js";
import { type Preview, previewDocument } from "../src/services/imports/preview-document.js";

const [path = "", copiesText = "1"] = process.argv.slice(2);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with node --expose-gc");
const bytes = new Uint8Array(readFileSync(path));
// Small documents are read many times over: one preview's heap is below the noise.
const copies = Number(copiesText);
const kept: Preview[] = [];
gc();
const before = process.memoryUsage();
for (let n = 0; n < copies; n++) kept.push(await previewDocument({ fileName: "doc", bytes }));
// The read's last promises let go of its rows one turn later.
await nextTurn();
gc();
const retained = (process.memoryUsage().heapUsed - before.heapUsed) / copies;
const [first] = kept as [Preview];
// Timed warm, in CPU milliseconds: a server has estimated previews before this one.
previewBytes(first);
const cpu = process.cpuUsage();
const estimate = previewBytes(first);
const { user, system } = process.cpuUsage(cpu);
const estimateMs = (user + system) / 1000;
console.log(
  JSON.stringify({
    bytes: bytes.length,
    activities: first.draft.activities.length,
    retained,
    estimate,
    estimateMs,
    peakRss: process.resourceUsage().maxRSS * 1024 - before.rss,
    readReserve: readBytes(bytes),
  }),
);
