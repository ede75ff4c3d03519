/**
 * PostgreSQL only (vitest.config.ts runs this file in the PostgreSQL pass): a server that drops
 * the pool's idle connections (a restart, a failover, an administrator) must not end the process.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type Database, queryRows } from "../../src/db/connection.js";
import { openTestDatabase } from "../helpers/database.js";

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database?.close());

describe("PostgreSQL connection pool", () => {
  it("survives the server terminating its idle connections, and answers the next query", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    // Several connections busy at once, so the pool keeps idle ones afterwards.
    await Promise.all(Array.from({ length: 3 }, () => database.db.execute(sql`select pg_sleep(0.05)`)));
    const [{ name } = { name: "" }] = await queryRows<{ name: string }>(
      database.db,
      sql`select current_database() as name`,
    );
    const { default: pg } = await import("pg");
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    const killed = await admin.query(
      "select pg_terminate_backend(pid) from pg_stat_activity where datname = $1",
      [name],
    );
    await admin.end();
    expect(killed.rowCount).toBeGreaterThan(0);
    // Every killed connection must have been noticed and dropped by the pool, or the next query
    // could be handed one still waiting for its error.
    await vi.waitFor(() => {
      const noticed = logged.mock.calls.filter(([message]) =>
        /^PostgreSQL cerró una conexión inactiva: /.test(String(message)),
      );
      expect(noticed).toHaveLength(killed.rowCount ?? 0);
    });
    const [row] = await queryRows<{ answer: number }>(database.db, sql`select 42 as answer`);
    expect(row?.answer).toBe(42);
    logged.mockRestore();
  });
});
