/**
 * The web app (web/) is built into dist/web, which the Fastify app serves at `/`. In development,
 * `npx vite` serves web/ with hot reload and forwards /api to a running `npm start` (port 3000).
 */
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

export default defineConfig({
  root: "web",
  plugins: [react()],
  build: {
    outDir: "../dist/web",
    emptyOutDir: true,
    // The first page must stay small on an office PC's connection: see `npm run bench web`.
    chunkSizeWarningLimit: 1200,
  },
  server: { proxy: { "/api": "http://localhost:3000" } },
});
