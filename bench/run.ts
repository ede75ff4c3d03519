/** `npm run bench [name…]`: runs the named benchmarks (all by default) and prints their figures. */
const benches: Record<string, () => Promise<{ run: () => Promise<void> }>> = {
  storage: () => import("./storage.js"),
  import: () => import("./import.js"),
  "import-memory": () => import("./import-memory.js"),
  reports: () => import("./reports.js"),
  api: () => import("./api.js"),
  web: () => import("./web.js"),
  limits: () => import("./limits.js"),
};

const wanted = process.argv.slice(2);
for (const name of wanted.length ? wanted : Object.keys(benches)) {
  const load = benches[name];
  if (!load) throw new Error(`Benchmark desconocido «${name}»: ${Object.keys(benches).join(", ")}`);
  console.log(`\n## ${name}`);
  await (await load()).run();
}
