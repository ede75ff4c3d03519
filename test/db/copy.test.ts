/**
 * COPY inside a transaction, on the engine under test: text that needs escaping reads back as
 * it was written, a failing row writes nothing, and the rest of the transaction still sees it.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, queryRows } from "../../src/db/connection.js";
import { copyLine, startCopy } from "../../src/db/copy.js";
import { openTestDatabase, testDatabaseUrl } from "../helpers/database.js";

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

const tricky = [
  "Taller de capacitación\nsegunda línea",
  "C:\\Documentos\\POI 2021",
  "columna\tcon tabulador",
  "retorno\r\nde Windows",
  "\\N",
  "Ñandú «ÁÉÍÓÚ» 🌱",
  "",
];

const entries = () =>
  queryRows<{ reason: string | null; after: unknown; plan_id: string | null }>(
    database.db,
    sql`select reason, after, plan_id from audit_log where entity = 'copy-test' order by id`,
  );

describe(`COPY on ${testDatabaseUrl ? "PostgreSQL" : "PGlite"}`, () => {
  it("writes text that needs escaping, JSON and nulls exactly as given", async () => {
    const lines = tricky.map((reason, index) =>
      copyLine(["record", "copy-test", reason, index % 2 ? null : { note: reason, n: index }]),
    );
    await database.db.transaction(async (tx) => {
      await startCopy(tx, "audit_log", ["action", "entity", "reason", "after"], lines).done;
      // The transaction goes on after the COPY and sees its rows.
      const [row] = await queryRows<{ n: number }>(
        tx as unknown as Database["db"],
        sql`select count(*)::int as n from audit_log where entity = 'copy-test'`,
      );
      expect(row?.n).toBe(tricky.length);
    });
    const rows = await entries();
    expect(rows.map((row) => row.reason)).toEqual(tricky);
    expect(rows.map((row) => row.after)).toEqual(
      tricky.map((reason, index) => (index % 2 ? null : { note: reason, n: index })),
    );
    expect(rows.every((row) => row.plan_id === null)).toBe(true);
  });

  it("refuses a bad row with the server's error and writes nothing of the COPY", async () => {
    const before = (await entries()).length;
    const lines = [
      copyLine(["record", "copy-test", "bien", null]),
      copyLine(["record", "copy-test", "mal", "{no json"]),
    ];
    await expect(
      database.db.transaction(
        (tx) => startCopy(tx, "audit_log", ["action", "entity", "reason", "after"], lines).done,
      ),
    ).rejects.toThrow(/json/i);
    expect(await entries()).toHaveLength(before);
  });
});
