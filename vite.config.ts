/**
 * The web app (web/) is built into dist/web, which the Fastify app serves at `/`. In development,
 * `npx vite` serves web/ with hot reload and forwards /api to a running `npm start` (port 3000).
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, gzipSync } from "node:zlib";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";

const outDir = new URL("dist/web", import.meta.url).pathname;

/**
 * Writes `.br` and `.gz` beside every text file of the build: the server has no compression of
 * its own and sends these when the browser accepts them (@fastify/static `preCompressed`).
 */
function precompress(): Plugin {
  return {
    name: "avance-precompress",
    apply: "build",
    closeBundle() {
      const walk = (dir: string): string[] =>
        readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
          entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
        );
      for (const file of walk(outDir).filter((name) => /\.(js|css|html|svg)$/.test(name))) {
        const bytes = readFileSync(file);
        writeFileSync(`${file}.gz`, gzipSync(bytes, { level: 9 }));
        writeFileSync(`${file}.br`, brotliCompressSync(bytes));
      }
    },
  };
}

export default defineConfig({
  root: "web",
  plugins: [react(), precompress()],
  build: {
    outDir,
    emptyOutDir: true,
    // The pages load their own chunks (the dashboard's ECharts ≈ 200 kB gzipped): see `npm run bench web`.
    chunkSizeWarningLimit: 700,
  },
  server: { proxy: { "/api": "http://localhost:3000" } },
});
