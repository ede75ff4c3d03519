/**
 * A database of its own for each test file: PGlite in memory by default, or a fresh database
 * on the PostgreSQL server named by TEST_DATABASE_URL (created here, dropped at close).
 */
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { inject } from "vitest";
import { type Database, openDatabase } from "../../src/db/connection.js";

export const testDatabaseUrl = process.env.TEST_DATABASE_URL;

export async function openTestDatabase(): Promise<Database> {
  if (!testDatabaseUrl) {
    const template = new Blob([await readFile(inject("pgliteTemplate"))]);
    return openDatabase({ dataDir: null, template });
  }
  const { default: pg } = await import("pg");
  const name = `avance_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: testDatabaseUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(testDatabaseUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString() });
  return {
    ...database,
    close: async () => {
      await database.close();
      const cleanup = new pg.Client({ connectionString: testDatabaseUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}
