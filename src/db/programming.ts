/**
 * Programming versions of a plan: the `current` programming every figure reads and the approved
 * `baseline`. A plain document (or a plan written through the API) carries only the current
 * programming; its baseline is a derived copy, kept in step while the plan is a draft and frozen
 * when the plan is approved. CEPLAN files bring a baseline of their own (phase CS), never replaced.
 */
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { MONTHS } from "../domain/months.js";
import type { VersionDraft } from "../import/draft.js";
import { PROGRAMMING } from "../import/read-sheets.js";
import type { Db } from "./connection.js";
import { programmedValues, programmingVersions } from "./schema.js";

export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export const DERIVED_BASELINE: VersionDraft = { code: "LINEA_BASE", name: "Línea de base", role: "baseline" };

/** `01` … `12`: the suffixes of the month columns. */
export const monthKeys = Array.from({ length: MONTHS }, (_, i) => String(i + 1).padStart(2, "0"));

/** Replaces version `to` with a copy of version `from`, in one statement. */
export async function copyProgramming(
  tx: Pick<Db, "execute">,
  { institutionId, from, to }: { institutionId: string; from: string; to: string },
) {
  const columns = sql.raw(monthKeys.flatMap((key) => [`q${key}`, `m${key}`]).join(", "));
  await tx.execute(
    sql`delete from programmed_values where institution_id = ${institutionId} and version_id = ${to}`,
  );
  await tx.execute(sql`insert into programmed_values (institution_id, version_id, activity_id, ${columns})
    select institution_id, ${to}, activity_id, ${columns} from programmed_values
    where institution_id = ${institutionId} and version_id = ${from}`);
}

export type PlanVersions = {
  current: string;
  baseline: string;
  /** The baseline is Avance's copy of the current programming (not a source document's). */
  derivedBaseline: boolean;
};

/** The plan's current and baseline version ids, creating the missing ones. */
export async function planVersions(
  tx: Pick<Db, "select" | "insert">,
  institutionId: string,
  planId: string,
): Promise<PlanVersions> {
  const rows = await tx
    .select()
    .from(programmingVersions)
    .where(and(eq(programmingVersions.institutionId, institutionId), eq(programmingVersions.planId, planId)));
  const ensure = async (draft: VersionDraft) => {
    const found = rows.find((row) => row.role === draft.role);
    if (found) return found;
    const row = {
      institutionId,
      id: randomUUID(),
      planId,
      code: draft.code,
      name: draft.name,
      role: draft.role ?? null,
      position: rows.length,
    };
    await tx.insert(programmingVersions).values(row);
    rows.push({ ...row, createdAt: new Date() });
    return row;
  };
  const baseline = await ensure(DERIVED_BASELINE);
  const current = await ensure(PROGRAMMING);
  return {
    current: current.id,
    baseline: baseline.id,
    derivedBaseline: baseline.code === DERIVED_BASELINE.code,
  };
}

/** `array[p.q01, …, p.q12]::text[]`: the twelve months of a row as exact decimal text. */
export function monthsArray(alias: string, prefix: "q" | "m" = "q") {
  return sql.raw(`array[${monthKeys.map((key) => `${alias}.${prefix}${key}`).join(", ")}]::text[]`);
}

export type MonthlyInput = { quantities: (number | null)[]; money?: (number | null)[] };

/**
 * Writes an activity's programmed months into the current version and, while the baseline is
 * the derived copy of a draft, into the baseline too: the two stay in step until approval.
 */
export async function writeProgrammed(
  tx: Tx,
  { institutionId, planId, activityId }: { institutionId: string; planId: string; activityId: string },
  values: MonthlyInput,
): Promise<void> {
  const versions = await planVersions(tx, institutionId, planId);
  const row: Record<string, string | null> = {};
  monthKeys.forEach((key, index) => {
    row[`q${key}`] = decimalText(values.quantities[index] ?? null);
    row[`m${key}`] = decimalText(values.money?.[index] ?? null);
  });
  const targets = versions.derivedBaseline ? [versions.current, versions.baseline] : [versions.current];
  for (const versionId of targets) {
    await tx
      .insert(programmedValues)
      .values({ institutionId, versionId, activityId, ...row })
      .onConflictDoUpdate({
        target: [programmedValues.institutionId, programmedValues.versionId, programmedValues.activityId],
        set: row,
      });
  }
}

/** Exact decimal text for a numeric column; JS numbers print their shortest exact form. */
export function decimalText(value: number | null | undefined): string | null {
  return value === null || value === undefined ? null : String(value);
}
