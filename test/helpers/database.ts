/**
 * A database of its own for each test file: PGlite in memory by default, or a fresh database
 * on the PostgreSQL server named by TEST_DATABASE_URL (created here, dropped at close).
 */
import { readFile } from "node:fs/promises";
import { inject } from "vitest";
import { type Database, openDatabase } from "../../src/db/connection.js";
import { openScratchDatabase } from "./scratch-database.js";

export const testDatabaseUrl = process.env.TEST_DATABASE_URL;

export async function openTestDatabase(): Promise<Database> {
  if (!testDatabaseUrl) return openPgliteTestDatabase();
  return openScratchDatabase(testDatabaseUrl, "avance_test");
}

/** An embedded database in memory whatever TEST_DATABASE_URL says (tests across engines). */
export async function openPgliteTestDatabase(): Promise<Database> {
  const template = new Blob([await readFile(inject("pgliteTemplate"))]);
  return openDatabase({ dataDir: null, template });
}
