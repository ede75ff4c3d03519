/**
 * Use cases of accounts whose rules no route test reaches: the password `avance user add`
 * generates, and the daily snapshot `serve` takes only when the newest one is a day old.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/connection.js";
import { passwordHashOf } from "../../src/db/users.js";
import { verifyPassword } from "../../src/security/passwords.js";
import { takeSnapshot } from "../../src/services/backup/take-snapshot.js";
import { addUser } from "../../src/services/users/add-user.js";
import { openPgliteTestDatabase, openTestDatabase } from "../helpers/database.js";

const DAY = 24 * 60 * 60 * 1000;

describe("addUser without a password", () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => {
    await database.close();
  });

  it("generates one that logs the new user in, and none for an account that exists", async () => {
    const created = await addUser(database.db, { email: "Operadora@Piura.gob.pe", role: "super-admin" });
    expect(created).toMatchObject({ email: "operadora@piura.gob.pe", created: true });
    const password = created.generatedPassword as string;
    expect(password.length).toBeGreaterThanOrEqual(12);
    const hash = (await passwordHashOf(database.db, created.id)) as string;
    expect(await verifyPassword(hash, password)).toBe(true);

    const again = await addUser(database.db, { email: "operadora@piura.gob.pe", role: "super-admin" });
    expect(again).toEqual({ id: created.id, email: "operadora@piura.gob.pe", created: false });
    expect(await verifyPassword((await passwordHashOf(database.db, created.id)) as string, password)).toBe(
      true,
    );
  });
});

describe("takeSnapshot", () => {
  let database: Database;
  let dir: string;
  beforeAll(async () => {
    database = await openPgliteTestDatabase();
    dir = await mkdtemp(join(tmpdir(), "avance-snapshots-"));
  });
  afterAll(async () => {
    await database.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("takes the daily one when there is none, not again the same day, and the closing one always", async () => {
    const pglite = database.pglite as NonNullable<Database["pglite"]>;
    const daily = await takeSnapshot(pglite, { dir, keep: 5, ifOlderThanMs: DAY });
    expect(daily).toMatch(/avance-.*\.tar\.gz$/);
    expect(await takeSnapshot(pglite, { dir, keep: 5, ifOlderThanMs: DAY })).toBeUndefined();
    expect(await takeSnapshot(pglite, { dir, keep: 5 })).toMatch(/avance-.*\.tar\.gz$/);
  });
});
