/**
 * Prepared statements for the queries every request runs (session lookup, the report cache's
 * change marker): drizzle builds each once per database, and PostgreSQL parses and plans it once
 * per connection instead of on every request.
 */
import type { Db } from "./connection.js";

/** `prepare(db)` made once per database and reused. */
export function perDatabase<T>(prepare: (db: Db) => T): (db: Db) => T {
  const made = new WeakMap<Db, T>();
  return (db) => {
    let statement = made.get(db);
    if (!statement) {
      statement = prepare(db);
      made.set(db, statement);
    }
    return statement;
  };
}
