/**
 * One way to reach the database: embedded PGlite (default, data under ./data) or a PostgreSQL
 * server when a URL is given. Both get the same schema and migrations, applied at open.
 */
import { readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { type SQL, sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { AppError } from "../domain/errors.js";
import { acquireDataDirLock, type DataDirLock } from "./lock.js";
import * as schema from "./schema.js";
import { newestSnapshot } from "./snapshots.js";

export type DatabaseKind = "pglite" | "postgresql";
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export type Database = {
  kind: DatabaseKind;
  db: Db;
  /** The embedded engine, for snapshots; absent on PostgreSQL. */
  pglite?: PGlite;
  /** Where the embedded data lives (`<dataDir>/pglite`); absent on PostgreSQL and in memory. */
  dataDir?: string;
  close(): Promise<void>;
  /** Applies pending migrations; `openDatabase` does it before handing the database out. */
  migrate(): Promise<void>;
};

export type OpenOptions =
  | { url: string }
  /** `dataDir` null = in memory (tests), optionally started from a dumped data directory. */
  | { dataDir: string | null; template?: Blob };

export const migrationsFolder = fileURLToPath(new URL("../../drizzle", import.meta.url));

/** The options `npm start` and the CLI use: `DATABASE_URL`, else PGlite in `AVANCE_DATA_DIR` or ./data. */
export function optionsFromEnv(env: NodeJS.ProcessEnv = process.env): OpenOptions {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL };
  return { dataDir: env.AVANCE_DATA_DIR ?? "data" };
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  const database =
    "url" in options ? await openPostgres(options.url) : await openPglite(options.dataDir, options.template);
  try {
    await database.migrate();
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}

async function openPostgres(url: string): Promise<Database> {
  const { default: pg } = await import("pg");
  const { drizzle } = await import("drizzle-orm/node-postgres");
  const pool = new pg.Pool({ connectionString: url, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
  // An idle connection dropped by the server (a restart, a failover) must not end the process:
  // without a listener Node throws the pool's error; the pool replaces the connection itself.
  pool.on("error", (error) => console.error(`PostgreSQL cerró una conexión inactiva: ${error.message}`));
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end();
    throw new AppError(
      "database_unreachable",
      `No se pudo conectar con PostgreSQL (${redactUrl(url)}): ${(error as Error).message}`,
      undefined,
      { code: "database_unreachable" },
    );
  }
  return {
    kind: "postgresql",
    db: drizzle({ client: pool, schema }) as unknown as Db,
    close: () => pool.end(),
    // Several servers may start at once against one PostgreSQL: migrate under an advisory lock,
    // held by one dedicated connection.
    migrate: async () => {
      const { migrate } = await import("drizzle-orm/node-postgres/migrator");
      const client = await pool.connect();
      try {
        await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK]);
        await migrate(drizzle({ client }), { migrationsFolder });
      } finally {
        await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => undefined);
        client.release();
      }
    },
  };
}

async function openPglite(dataRoot: string | null, template?: Blob): Promise<Database> {
  if (dataRoot === null) {
    const pglite = await PGlite.create(template ? { loadDataDir: template } : {});
    return pgliteDatabase(pglite, undefined, () => pglite.close());
  }
  const dataDir = join(dataRoot, "pglite");
  await mkdir(dataRoot, { recursive: true });
  const lock: DataDirLock = await acquireDataDirLock(dataRoot);
  let pglite: PGlite;
  try {
    pglite = await PGlite.create({ dataDir });
    await pglite.query("select 1");
  } catch (error) {
    await lock.release();
    const snapshot = await newestSnapshot(join(dataRoot, "backups"));
    const restore = snapshot
      ? `La copia automática más reciente es ${snapshot}; restáurela con: avance snapshot restore "${snapshot}"`
      : `No hay copias automáticas en ${join(dataRoot, "backups")}.`;
    throw new AppError(
      "database_unreadable",
      `Los datos de la base embebida en ${dataDir} no se pueden leer (${(error as Error).message}). ${restore}`,
      undefined,
      { code: "database_unreadable" },
    );
  }
  return pgliteDatabase(pglite, dataDir, async () => {
    try {
      if (!pglite.closed) await pglite.close();
    } finally {
      await lock.release();
    }
  });
}

async function pgliteDatabase(
  pglite: PGlite,
  dataDir: string | undefined,
  close: () => Promise<void>,
): Promise<Database> {
  const { drizzle } = await import("drizzle-orm/pglite");
  const db = drizzle({ client: pglite, schema });
  return {
    kind: "pglite",
    db: db as unknown as Db,
    pglite,
    ...(dataDir ? { dataDir } : {}),
    close,
    migrate: async () => {
      const { migrate } = await import("drizzle-orm/pglite/migrator");
      await migrate(db, { migrationsFolder });
    },
  };
}

const MIGRATION_LOCK = 4_207_310_001;

type Journal = { entries: { idx: number; tag: string; when: number }[] };

/** The newest applied migration (`0001_audit_log_append_only`) and how many are applied. */
export async function migrationStatus(
  db: Db,
): Promise<{ migration: string | null; applied: number; known: number }> {
  const journal = JSON.parse(
    readFileSync(join(migrationsFolder, "meta", "_journal.json"), "utf8"),
  ) as Journal;
  const rows = await queryRows<{ created_at: string }>(
    db,
    sql`select created_at from drizzle.__drizzle_migrations order by created_at`,
  );
  const applied = new Set(rows.map((row) => Number(row.created_at)));
  const done = journal.entries.filter((entry) => applied.has(entry.when));
  return { migration: done.at(-1)?.tag ?? null, applied: done.length, known: journal.entries.length };
}

/**
 * Refreshes the planner's statistics of tables a bulk write just filled (all tables without a
 * list). PGlite has no autovacuum and PostgreSQL's comes later: until then the planner believes
 * a freshly imported plan has one activity, and its report queries took 0.5 s for 1,000
 * activities instead of 0.05 s (measured on PGlite).
 */
export async function analyzeTables(db: Db, tables: readonly string[] = []): Promise<void> {
  await db.execute(sql.raw(`analyze ${tables.join(", ")}`));
}

/** Rows of a raw SQL query, the same on both drivers. */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
}
