/**
 * A throwaway database on a PostgreSQL server, for tests and benchmarks: created, migrated,
 * and dropped when closed, so runs never collide.
 */
import { randomBytes } from "node:crypto";
import { type Database, openDatabase } from "../../src/db/connection.js";

export async function openScratchDatabase(serverUrl: string, prefix = "avance_scratch"): Promise<Database> {
  const { default: pg } = await import("pg");
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString() });
  return {
    ...database,
    close: async () => {
      await database.close();
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      try {
        await cleanup.query(`drop database if exists ${name} with (force)`);
      } finally {
        await cleanup.end();
      }
    },
  };
}
