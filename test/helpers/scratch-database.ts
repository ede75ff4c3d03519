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
        // pg's pool.end() resolves before its connections are gone: a forced drop at once would
        // terminate them mid-goodbye, and the pool reports that as an unhandled error. Give
        // them a moment to leave; force only what lingers.
        for (let attempt = 0; attempt < 20; attempt++) {
          const left = await cleanup.query("select 1 from pg_stat_activity where datname = $1", [name]);
          if (left.rowCount === 0) break;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        await cleanup.query(`drop database if exists ${name} with (force)`);
      } finally {
        await cleanup.end();
      }
    },
  };
}
