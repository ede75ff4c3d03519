/**
 * Thousands of mutated and random documents: the reader never crashes or hangs, a refusal
 * always says where, and a refused import leaves the database exactly as it was.
 */
import { readFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, queryRows } from "../../src/db/connection.js";
import { AppError } from "../../src/domain/errors.js";
import { readDocument } from "../../src/import/read-document.js";
import { importDocument } from "../../src/services/imports/import-document.js";
import { openTestDatabase } from "../helpers/database.js";

/** Deterministic PRNG (mulberry32): a failure can be replayed from its seed. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const seeds = ["004_72e0f0e913d1a590.txt", "000_c5fe3fe587ede302.txt"].map((name) =>
  readFileSync(`samples/${name}`, "utf8"),
);
const junk = [
  "",
  "-",
  "x",
  "12,5",
  "1.234,5",
  "-7",
  "ENE",
  "TOTAL",
  "\t\t",
  "ORGANO",
  "META",
  "99999999999999999999",
  "<b>",
  "\u0000",
  "ñ",
];

function mutate(text: string, next: () => number): string {
  const lines = text.split("\n");
  const pick = <T>(items: T[]) => items[Math.floor(next() * items.length)] as T;
  const operations = 1 + Math.floor(next() * 6);
  for (let n = 0; n < operations; n++) {
    const at = Math.floor(next() * lines.length);
    const cells = (lines[at] ?? "").split("\t");
    switch (Math.floor(next() * 6)) {
      case 0:
        lines.splice(at, 1);
        break;
      case 1:
        lines.splice(at, 0, lines[Math.floor(next() * lines.length)] ?? "");
        break;
      case 2:
        cells[Math.floor(next() * cells.length)] = pick(junk);
        lines[at] = cells.join("\t");
        break;
      case 3:
        cells.splice(Math.floor(next() * cells.length), 1);
        lines[at] = cells.join("\t");
        break;
      case 4:
        lines[at] = (lines[at] ?? "").slice(0, Math.floor(next() * (lines[at]?.length ?? 0)));
        break;
      default:
        lines[at] = Array.from({ length: Math.floor(next() * 40) }, () =>
          String.fromCharCode(Math.floor(next() * 0x250)),
        ).join("");
    }
  }
  return lines.join("\n");
}

function randomBytes(next: () => number): Uint8Array {
  return Uint8Array.from({ length: Math.floor(next() * 2000) }, () => Math.floor(next() * 256));
}

async function read(bytes: Uint8Array) {
  try {
    return await readDocument({ fileName: "fuzz.txt", bytes });
  } catch (error) {
    // A refusal of the whole file is fine, as one clear sentence; anything else is a crash.
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).message).toMatch(/fuzz\.txt/);
    return undefined;
  }
}

describe("import fuzzing", () => {
  it("reads 2,000 mutated and random documents without crashing; every error says where", async () => {
    const next = random(20_211_231);
    for (let n = 0; n < 2000; n++) {
      const bytes =
        n % 10 === 9
          ? randomBytes(next)
          : new TextEncoder().encode(mutate(seeds[n % seeds.length] as string, next));
      const result = await read(bytes);
      if (!result) continue;
      for (const problem of result.problems.filter((p) => p.severity === "error")) {
        expect(problem.file).toBe("fuzz.txt");
        expect(problem.message.length).toBeGreaterThan(10);
      }
      for (const activity of result.draft.activities) expect(activity.source.line).toBeGreaterThan(0);
    }
  }, 300_000);

  describe("in the database", () => {
    let database: Database;
    beforeAll(async () => {
      database = await openTestDatabase();
    });
    afterAll(() => database?.close());

    it("writes nothing for any refused document", async () => {
      const next = random(7);
      const snapshot = () =>
        queryRows<{ n: string }>(
          database.db,
          sql`select ((select count(*) from institutions) + (select count(*) from activities) + (select count(*) from audit_log) + (select count(*) from org_units))::text as n`,
        );
      let refused = 0;
      for (let n = 0; n < 60 && refused < 20; n++) {
        const bytes = new TextEncoder().encode(mutate(seeds[0] as string, next));
        const before = await snapshot();
        const outcome = await importDocument(database.db, {
          fileName: "fuzz.txt",
          bytes,
          institution: "Fuzz",
        }).catch((error: unknown) => {
          expect(error).toBeInstanceOf(AppError);
          return undefined;
        });
        if (outcome?.status === "imported") continue;
        refused++;
        expect(await snapshot()).toEqual(before);
      }
      expect(refused).toBeGreaterThan(0);
    }, 300_000);
  });
});
