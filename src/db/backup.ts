/**
 * Backup and restore in one portable format of Avance's own, the same for PGlite and PostgreSQL
 * (so a backup also moves an embedded installation to a PostgreSQL server):
 *
 *   gzip( JSON lines )
 *   {"format":"avance-backup","version":1,"migration":"0003_…","engine":"pglite","createdAt":"…"}
 *   {"table":"institutions","columns":["id","name",…]}
 *   ["6f1c…","SAT Piura",…]                      one line per row, every value as PostgreSQL text
 *   …
 *   {"end":true,"rows":{"institutions":2,…}}     a file without this line is incomplete
 *
 * The tables and their columns come from the database catalog, not from a list in the code, so a
 * table added by a new migration is carried without touching this file. Tables go in foreign-key
 * order (referenced tables first).
 *
 * Consistency: the backup reads everything in one REPEATABLE READ READ ONLY transaction, so it
 * is one snapshot even while the server keeps writing (on PGlite, whose single connection that
 * transaction holds, other requests wait until it ends).
 *
 * Restore: only into an empty database (every table empty), in one transaction, inserting only
 * (the append-only trigger of the audit log is respected), audit ids kept (OVERRIDING SYSTEM
 * VALUE, then the identity sequence moved past them). A damaged or truncated file writes nothing.
 */
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { sql } from "drizzle-orm";
import { analyzeTables, type DatabaseKind, type Db, migrationStatus, queryRows } from "./connection.js";
import { mirrorDraftBaselines } from "./programming.js";

export const BACKUP_FORMAT = "avance-backup";
export const BACKUP_VERSION = 1;

export type BackupHeader = {
  format: typeof BACKUP_FORMAT;
  version: number;
  migration: string | null;
  engine: DatabaseKind;
  createdAt: string;
};

export type BackupSummary = { tables: number; rows: number };

type Column = { name: string; type: string; identity: boolean };
type Table = { name: string; columns: Column[]; primaryKey: string[]; selfReferencing: boolean };

/** Text forms that read back the same on any server, whatever its settings. */
const STABLE_OUTPUT = [
  sql`set local datestyle = 'ISO, YMD'`,
  sql`set local intervalstyle = 'postgres'`,
  sql`set local timezone = 'UTC'`,
  sql`set local bytea_output = 'hex'`,
  sql`set local extra_float_digits = 3`,
];

/** The application's tables (schema of the connection), referenced tables first. */
async function catalogTables(db: Db): Promise<Table[]> {
  const columns = await queryRows<{ table: string; name: string; type: string; identity: boolean }>(
    db,
    sql`select c.relname as table, a.attname as name, format_type(a.atttypid, a.atttypmod) as type,
          a.attidentity <> '' as identity
        from pg_class c
        join pg_namespace n on n.oid = c.relnamespace
        join pg_attribute a on a.attrelid = c.oid
        where n.nspname = current_schema() and c.relkind in ('r', 'p')
          and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
        order by c.relname, a.attnum`,
  );
  const keys = await queryRows<{ table: string; name: string }>(
    db,
    sql`select c.relname as table, a.attname as name
        from pg_index i
        join pg_class c on c.oid = i.indrelid
        join pg_namespace n on n.oid = c.relnamespace
        join pg_attribute a on a.attrelid = c.oid and a.attnum = any(i.indkey)
        where n.nspname = current_schema() and i.indisprimary
        order by c.relname, array_position(i.indkey::int2[], a.attnum)`,
  );
  const references = await queryRows<{ table: string; referenced: string }>(
    db,
    sql`select distinct c.relname as table, r.relname as referenced
        from pg_constraint k
        join pg_class c on c.oid = k.conrelid
        join pg_class r on r.oid = k.confrelid
        join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = current_schema() and k.contype = 'f'`,
  );
  const tables = new Map<string, Table>();
  for (const column of columns) {
    let table = tables.get(column.table);
    if (!table) {
      table = { name: column.table, columns: [], primaryKey: [], selfReferencing: false };
      tables.set(column.table, table);
    }
    table.columns.push({ name: column.name, type: column.type, identity: column.identity });
  }
  for (const key of keys) tables.get(key.table)?.primaryKey.push(key.name);
  const needs = new Map<string, Set<string>>([...tables.keys()].map((name) => [name, new Set<string>()]));
  for (const { table, referenced } of references) {
    if (table === referenced) {
      const self = tables.get(table);
      if (self) self.selfReferencing = true;
    } else if (tables.has(referenced)) needs.get(table)?.add(referenced);
  }
  // Kahn's algorithm, by name among the tables that are ready, so the order is stable.
  const ordered: Table[] = [];
  while (needs.size > 0) {
    const ready = [...needs].filter(([, deps]) => deps.size === 0).map(([name]) => name);
    if (ready.length === 0) throw new Error(`foreign-key cycle among ${[...needs.keys()].join(", ")}`);
    for (const name of ready.sort()) {
      ordered.push(tables.get(name) as Table);
      needs.delete(name);
      for (const deps of needs.values()) deps.delete(name);
    }
  }
  return ordered;
}

const ident = (name: string) => sql.identifier(name);
const list = (names: readonly string[]) =>
  sql.join(
    names.map((name) => ident(name)),
    sql`, `,
  );

/** Writes with backpressure; a destination that goes away (a client hanging up) ends the backup. */
async function write(sink: Writable, text: string): Promise<void> {
  if (sink.destroyed) throw new Error("backup destination closed");
  if (sink.write(text)) return;
  await new Promise<void>((resolve, reject) => {
    const settle = (error?: Error) => {
      sink.off("drain", drained).off("close", closed).off("error", settle);
      if (error) reject(error);
      else resolve();
    };
    const drained = () => settle();
    const closed = () => settle(new Error("backup destination closed"));
    sink.on("drain", drained).on("close", closed).on("error", settle);
  });
}

/**
 * Writes a backup of the whole database as JSON lines to `sink` (gzip it on the way; the caller
 * ends the sink). One snapshot: everything is read in one repeatable-read transaction.
 */
export async function writeBackup(db: Db, kind: DatabaseKind, sink: Writable): Promise<BackupSummary> {
  return db.transaction(
    async (tx) => {
      for (const statement of STABLE_OUTPUT) await tx.execute(statement);
      const { migration } = await migrationStatus(tx as unknown as Db);
      const header: BackupHeader = {
        format: BACKUP_FORMAT,
        version: BACKUP_VERSION,
        migration,
        engine: kind,
        createdAt: new Date().toISOString(),
      };
      await write(sink, `${JSON.stringify(header)}\n`);
      const counts: Record<string, number> = {};
      let rows = 0;
      for (const table of await catalogTables(tx as unknown as Db)) {
        await write(
          sink,
          `${JSON.stringify({ table: table.name, columns: table.columns.map((c) => c.name) })}\n`,
        );
        const values = sql.join(
          table.columns.map((column) => sql`${ident(column.name)}::text`),
          sql`, `,
        );
        const order = table.primaryKey.length ? sql` order by ${list(table.primaryKey)}` : sql``;
        await tx.execute(
          sql`declare avance_backup no scroll cursor for select array[${values}] as r from ${ident(table.name)}${order}`,
        );
        // Evidence files are up to 10 MB each: fetch few rows of tables holding bytes.
        const batch = table.columns.some((column) => column.type === "bytea") ? 4 : 500;
        let count = 0;
        for (;;) {
          const fetched = await queryRows<{ r: (string | null)[] }>(
            tx as unknown as Db,
            sql`fetch forward ${sql.raw(String(batch))} from avance_backup`,
          );
          for (const row of fetched) await write(sink, `${JSON.stringify(row.r)}\n`);
          count += fetched.length;
          if (fetched.length < batch) break;
        }
        await tx.execute(sql`close avance_backup`);
        counts[table.name] = count;
        rows += count;
      }
      await write(sink, `${JSON.stringify({ end: true, rows: counts })}\n`);
      return { tables: Object.keys(counts).length, rows };
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
}

/** What is wrong with a file in the way of its restore (services/backup words it for the user). */
export type BackupProblem =
  | { kind: "not_empty"; table: string }
  | { kind: "not_a_backup" }
  | { kind: "format_version"; version: unknown }
  | { kind: "newer_migration"; migration: string; known: string }
  | { kind: "damaged"; damage: BackupDamage };

export type BackupDamage =
  | { what: "after_end" | "not_json" | "row_without_table" | "unknown_line"; line: number }
  | { what: "value_count"; line: number; expected: number }
  | { what: "unreadable_gzip" | "empty" | "truncated" }
  | { what: "row_count"; table: string; expected: number; found: number }
  | { what: "unknown_table"; table: string }
  | { what: "unknown_column"; table: string; column: string };

/** A restore refused before anything was written (its transaction rolled back). */
export class BackupRefused extends Error {
  override readonly name = "BackupRefused";
  constructor(readonly problem: BackupProblem) {
    super(problem.kind);
  }
}

const damaged = (damage: BackupDamage) => new BackupRefused({ kind: "damaged", damage });

/** Rows per INSERT, or fewer when they carry this many characters (evidence files). */
const INSERT_ROWS = 1000;
const INSERT_CHARS = 8 * 1024 * 1024;

/**
 * Restores a backup (the JSON lines, already gunzipped) into an empty database, all in one
 * transaction: any problem (a damaged or truncated file, a table this version does not know, a
 * non-empty database) leaves the database as it was.
 */
export async function restoreBackup(
  db: Db,
  lines: Readable,
): Promise<BackupSummary & { header: BackupHeader }> {
  // Reading starts now, before any await: an error of the input (a damaged gzip) that came
  // before the reader listened would otherwise leave it waiting forever.
  const reader = createInterface({ input: lines, crlfDelay: Number.POSITIVE_INFINITY })[
    Symbol.asyncIterator
  ]();
  const known = await migrationStatus(db);
  const restored = await db.transaction(async (tx) => {
    const tdb = tx as unknown as Db;
    for (const statement of STABLE_OUTPUT) await tx.execute(statement);
    const tables = new Map((await catalogTables(tdb)).map((table) => [table.name, table]));
    for (const table of tables.values()) {
      const [row] = await queryRows<{ found: boolean }>(
        tdb,
        sql`select exists (select 1 from ${ident(table.name)}) as found`,
      );
      if (row?.found) throw new BackupRefused({ kind: "not_empty", table: table.name });
    }

    let header: BackupHeader | undefined;
    let current: { table: Table; columns: Column[] } | undefined;
    let pending: string[] = [];
    let pendingChars = 0;
    const counts: Record<string, number> = {};
    let ended: Record<string, number> | undefined;
    let lineNumber = 0;

    const flush = async () => {
      if (!current || pending.length === 0) return;
      const { table, columns } = current;
      const casts = sql.join(
        columns.map((column, index) => sql`(r->>${sql.raw(String(index))})::${sql.raw(column.type)}`),
        sql`, `,
      );
      const overriding = columns.some((column) => column.identity) ? sql` overriding system value` : sql``;
      await tx.execute(
        sql`insert into ${ident(table.name)} (${list(columns.map((c) => c.name))})${overriding}
            select ${casts} from json_array_elements(${`[${pending.join(",")}]`}::json) as r`,
      );
      pending = [];
      pendingChars = 0;
    };

    try {
      for await (const line of { [Symbol.asyncIterator]: () => reader }) {
        lineNumber++;
        if (line === "") continue;
        if (ended) throw damaged({ what: "after_end", line: lineNumber });
        let record: unknown;
        try {
          record = JSON.parse(line);
        } catch {
          throw damaged({ what: "not_json", line: lineNumber });
        }
        if (!header) {
          header = checkHeader(record, known.migration);
          continue;
        }
        if (Array.isArray(record)) {
          if (!current) throw damaged({ what: "row_without_table", line: lineNumber });
          if (record.length !== current.columns.length)
            throw damaged({ what: "value_count", line: lineNumber, expected: current.columns.length });
          pending.push(line);
          pendingChars += line.length;
          counts[current.table.name] = (counts[current.table.name] ?? 0) + 1;
          // A table that references itself (org_units.parent_id) goes in one statement: its
          // foreign key is checked at the end of the statement, whatever the order of the rows.
          if (
            !current.table.selfReferencing &&
            (pending.length >= INSERT_ROWS || pendingChars >= INSERT_CHARS)
          )
            await flush();
          continue;
        }
        const control = record as { table?: unknown; columns?: unknown; end?: unknown; rows?: unknown };
        await flush();
        if (typeof control.table === "string" && Array.isArray(control.columns)) {
          current = tableOf(tables, control.table, control.columns);
          counts[control.table] ??= 0;
        } else if (control.end === true && typeof control.rows === "object" && control.rows !== null) {
          ended = control.rows as Record<string, number>;
        } else {
          throw damaged({ what: "unknown_line", line: lineNumber });
        }
      }
    } catch (error) {
      if (error instanceof BackupRefused) throw error;
      const code = (error as NodeJS.ErrnoException).code ?? "";
      if (code.startsWith("Z_")) throw damaged({ what: "unreadable_gzip" });
      throw error;
    }
    if (!header) throw damaged({ what: "empty" });
    if (!ended) throw damaged({ what: "truncated" });
    for (const [name, expected] of Object.entries(ended)) {
      if ((counts[name] ?? 0) !== expected)
        throw damaged({ what: "row_count", table: name, expected, found: counts[name] ?? 0 });
    }
    await mirrorDraftBaselines(tx);
    // New rows after the restore get ids after the restored ones.
    for (const table of tables.values()) {
      for (const column of table.columns.filter((c) => c.identity)) {
        await tx.execute(
          sql`select setval(pg_get_serial_sequence(${`"${table.name}"`}, ${column.name}),
                coalesce(max(${ident(column.name)}), 1), max(${ident(column.name)}) is not null)
              from ${ident(table.name)}`,
        );
      }
    }
    const rows = Object.values(counts).reduce((sum, n) => sum + n, 0);
    return { header, tables: Object.keys(counts).length, rows };
  });
  await analyzeTables(db);
  return restored;
}

function checkHeader(record: unknown, migration: string | null): BackupHeader {
  const header = record as Partial<BackupHeader> | null;
  if (header?.format !== BACKUP_FORMAT) throw new BackupRefused({ kind: "not_a_backup" });
  if (header.version !== BACKUP_VERSION) {
    throw new BackupRefused({ kind: "format_version", version: header.version });
  }
  // Migration tags sort in the order they were made (`0003_…`).
  if (header.migration && migration && header.migration > migration) {
    throw new BackupRefused({ kind: "newer_migration", migration: header.migration, known: migration });
  }
  return header as BackupHeader;
}

function tableOf(tables: ReadonlyMap<string, Table>, name: string, names: unknown[]) {
  const table = tables.get(name);
  if (!table) throw damaged({ what: "unknown_table", table: name });
  const columns = names.map((columnName) => {
    const column = table.columns.find((c) => c.name === columnName);
    if (!column) throw damaged({ what: "unknown_column", table: name, column: String(columnName) });
    return column;
  });
  return { table, columns };
}
