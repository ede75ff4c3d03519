import { defineConfig } from "vitest/config";

// The second CI pass (TEST_DATABASE_URL set) reruns what touches a database on PostgreSQL; tests
// of the embedded engine itself and of pure code ran in the first pass and are not repeated.
const pgliteOnly = [
  "test/db/embedded.test.ts",
  "test/server/shutdown.test.ts",
  "test/cli/**",
  // The browser tests exercise the web app; the API under them is tested on both engines.
  "e2e/**",
  "src/domain/**",
  "test/web/**",
  "test/architecture/**",
];

// Tests of the PostgreSQL server's own behaviour run only in that pass.
const postgresOnly = ["test/db/postgres-pool.test.ts"];

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts", "e2e/**/*.test.ts"],
    exclude: ["**/node_modules/**", ...(process.env.TEST_DATABASE_URL ? pgliteOnly : postgresOnly)],
    globalSetup: ["test/global-setup.ts"],
    env: { TZ: "UTC" },
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
