/** Data for the report tests: seed 004 imported, and generated plans with exact decimals. */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import { type Db, queryRows } from "../../src/db/connection.js";
import {
  activities,
  executedValues,
  institutions,
  orgUnits,
  plans,
  programmedValues,
  programmingVersions,
} from "../../src/db/schema.js";
import type { ActivityMeasure } from "../../src/domain/figures.js";
import { importDocument } from "../../src/services/imports/import-document.js";

export const SEED_POI = "004_72e0f0e913d1a590.txt";
export const SEED_POA = "000_c5fe3fe587ede302.txt";

export async function importSeed(db: Db, file: string, institution: string) {
  const outcome = await importDocument(db, {
    fileName: file,
    bytes: new Uint8Array(readFileSync(`samples/${file}`)),
    institution,
  });
  if (outcome.status !== "imported" || !outcome.institution || !outcome.commit) {
    throw new Error(`no se importó ${file}`);
  }
  return { institutionId: outcome.institution.id, planId: outcome.commit.planId };
}

/** mulberry32: the same "random" data on every run. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const id = () => crypto.randomUUID();
const monthColumns = (prefix: "q" | "m", values: readonly (string | null)[]) =>
  Object.fromEntries(values.map((value, i) => [`${prefix}${String(i + 1).padStart(2, "0")}`, value]));

export type GeneratedPlan = { institutionId: string; planId: string; unitIds: string[] };

/**
 * An institution with a three-level unit tree (2 roots × 3 children × 2 grandchildren) and a plan
 * of `count` activities: cumulative, stock and progress ones, some withdrawn, 4-decimal values
 * with gaps (null months), some with no programmed or no executed row at all.
 */
export async function generatePlan(
  db: Db,
  options: {
    seed: number;
    count: number;
    year?: number;
    thresholds?: { greenFrom: string; amberFrom: string; overExecutionAbove: string };
  },
): Promise<GeneratedPlan> {
  const random = prng(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const suffix = randomBytes(4).toString("hex");
  const [institution] = await db
    .insert(institutions)
    .values({ name: `Generada ${suffix}`, slug: `gen-${suffix}`, ...(options.thresholds ?? {}) })
    .returning();
  const institutionId = (institution as { id: string }).id;
  const unitRows: (typeof orgUnits.$inferInsert)[] = [];
  for (let r = 0; r < 2; r++) {
    const root = id();
    unitRows.push({ institutionId, id: root, name: `RAÍZ ${r}`, position: Math.floor(random() * 2) });
    for (let c = 0; c < 3; c++) {
      const child = id();
      unitRows.push({ institutionId, id: child, parentId: root, name: `HIJA ${r}.${c}`, position: 1 });
      for (let g = 0; g < 2; g++) {
        unitRows.push({
          institutionId,
          id: id(),
          parentId: child,
          name: `NIETA ${r}.${c}.${g}`,
          position: Math.floor(random() * 3),
        });
      }
    }
  }
  await db.insert(orgUnits).values(unitRows);
  const planId = id();
  await db.insert(plans).values({
    institutionId,
    id: planId,
    year: options.year ?? 2021,
    kind: "POI",
    title: `PLAN GENERADO ${suffix}`,
  });
  const current = id();
  const baseline = id();
  await db.insert(programmingVersions).values([
    { institutionId, id: baseline, planId, code: "A", name: "Aprobada", role: "baseline" },
    { institutionId, id: current, planId, code: "RE", name: "Reprogramada", role: "current" },
  ]);
  const value = (nullChance: number) =>
    random() < nullChance ? null : (Math.floor(random() * 100_000_000) / 10_000).toFixed(4);
  const activityRows: (typeof activities.$inferInsert)[] = [];
  const programmedRows: (typeof programmedValues.$inferInsert)[] = [];
  const executedRows: (typeof executedValues.$inferInsert)[] = [];
  for (let n = 0; n < options.count; n++) {
    const activityId = id();
    const kind = pick(["cumulative", "cumulative", "cumulative", "stock", "progress"] as const);
    activityRows.push({
      institutionId,
      id: activityId,
      planId,
      unitId: (unitRows[Math.floor(random() * unitRows.length)] as { id: string }).id,
      name: `ACTIVIDAD ${n}`,
      measureKind: kind === "progress" ? "progress" : "quantity",
      // Progress activities marked cumulative too: the domain ignores the flag for them.
      cumulative: kind !== "stock",
      active: random() > 0.08,
      position: Math.floor(random() * options.count),
      unitOfMeasure: pick(["ACCIONES", "INFORMES", "KM"]),
      annualTarget: value(0.1),
    });
    if (random() > 0.05) {
      const months = Array.from({ length: 12 }, () => value(0.25));
      programmedRows.push({ institutionId, versionId: current, activityId, ...monthColumns("q", months) });
      const base = months.map((month) => (random() < 0.2 ? value(0.3) : month));
      programmedRows.push({ institutionId, versionId: baseline, activityId, ...monthColumns("q", base) });
    }
    if (random() > 0.05) {
      // Executed reported through a random month, with gaps.
      const through = Math.floor(random() * 13);
      const months = Array.from({ length: 12 }, (_, i) => (i < through ? value(0.3) : null));
      executedRows.push({ institutionId, activityId, ...monthColumns("q", months) });
    }
  }
  await db.insert(activities).values(activityRows);
  for (let i = 0; i < programmedRows.length; i += 500)
    await db.insert(programmedValues).values(programmedRows.slice(i, i + 500));
  for (let i = 0; i < executedRows.length; i += 500)
    await db.insert(executedValues).values(executedRows.slice(i, i + 500));
  return { institutionId, planId, unitIds: unitRows.map((unit) => unit.id as string) };
}

export type RawActivity = ActivityMeasure & {
  id: string;
  unitId: string;
  planId: string;
  institutionId: string;
  baseline: (number | null)[];
};

/** Every activity of the given plans with its raw months, to compute figures in JavaScript. */
export async function loadRaw(db: Db, planIds: readonly string[]): Promise<RawActivity[]> {
  const months = (alias: string) =>
    sql.raw(
      `array[${Array.from({ length: 12 }, (_, i) => `${alias}.q${String(i + 1).padStart(2, "0")}`).join(",")}]::text[]`,
    );
  const rows = await queryRows<{
    id: string;
    unit_id: string;
    plan_id: string;
    institution_id: string;
    active: boolean;
    cumulative: boolean;
    measure_kind: "quantity" | "progress";
    annual_target: string | null;
    p: (string | null)[];
    b: (string | null)[];
    e: (string | null)[];
  }>(
    db,
    sql`select a.id, a.unit_id, a.plan_id, a.institution_id, a.active, a.cumulative, a.measure_kind,
        a.annual_target::text as annual_target, ${months("p")} as p, ${months("b")} as b, ${months("e")} as e
      from activities a
      left join programming_versions v on v.institution_id = a.institution_id and v.plan_id = a.plan_id and v.role = 'current'
      left join programmed_values p on p.institution_id = a.institution_id and p.version_id = v.id and p.activity_id = a.id
      left join programming_versions bv on bv.institution_id = a.institution_id and bv.plan_id = a.plan_id and bv.role = 'baseline'
      left join programmed_values b on b.institution_id = a.institution_id and b.version_id = bv.id and b.activity_id = a.id
      left join executed_values e on e.institution_id = a.institution_id and e.activity_id = a.id
      where a.plan_id in (${sql.join(
        planIds.map((planId) => sql`${planId}`),
        sql`, `,
      )})`,
  );
  const numbers = (values: (string | null)[] | null) =>
    (values ?? Array(12).fill(null)).map((value) => (value === null ? null : Number(value)));
  return rows.map((row) => ({
    id: row.id,
    unitId: row.unit_id,
    planId: row.plan_id,
    institutionId: row.institution_id,
    active: row.active,
    cumulative: row.cumulative,
    measureKind: row.measure_kind,
    annualTarget: row.annual_target === null ? null : Number(row.annual_target),
    programmed: numbers(row.p),
    baseline: numbers(row.b),
    executed: numbers(row.e),
  }));
}
