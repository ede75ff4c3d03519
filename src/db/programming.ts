/**
 * Programming versions of a plan: the `current` programming every figure reads and the approved
 * `baseline`. A plain document (or a plan written through the API) carries only the current
 * programming; its baseline is derived: while the plan is a draft it mirrors the current version
 * (holds no values, reports read the current ones), and approval freezes it as a copy. CEPLAN
 * files bring a baseline of their own (phase CS), never replaced.
 */
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { decimalText, monthKeys } from "../domain/months.js";
import type { VersionDraft } from "../domain/plan-draft.js";
import { PROGRAMMING } from "../domain/plan-draft.js";
import type { Db } from "./connection.js";
import { programmedValues, programmingVersions } from "./schema.js";

export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export const DERIVED_BASELINE: VersionDraft = { code: "LINEA_BASE", name: "Línea de base", role: "baseline" };

/** The month columns of a programmed or executed row: `q01, m01, q02, …, m12`. */
export const MONTH_COLUMN_NAMES = monthKeys.flatMap((key) => [`q${key}`, `m${key}`]);

export type PlanVersions = {
  current: string;
  baseline: string;
  /** The baseline still mirrors the current programming (a draft's derived baseline). */
  mirrored: boolean;
};

/** The plan's current and baseline version ids, creating the missing ones. */
export async function planVersions(
  tx: Pick<Db, "select" | "insert" | "update">,
  institutionId: string,
  planId: string,
): Promise<PlanVersions> {
  const rows = await tx
    .select()
    .from(programmingVersions)
    .where(and(eq(programmingVersions.institutionId, institutionId), eq(programmingVersions.planId, planId)));
  const ensure = async (draft: VersionDraft, mirrors: string | null) => {
    const found = rows.find((row) => row.role === draft.role);
    if (found) return found;
    const row = {
      institutionId,
      id: randomUUID(),
      planId,
      code: draft.code,
      name: draft.name,
      role: draft.role ?? null,
      mirrors,
      position: rows.length,
    };
    await tx.insert(programmingVersions).values(row);
    rows.push({ ...row, createdAt: new Date() });
    return row;
  };
  const current = await ensure(PROGRAMMING, null);
  const baseline = await ensure(DERIVED_BASELINE, current.id);
  // A document that moved the current role to another version (a later CEPLAN phase) moves the mirror too.
  if (baseline.mirrors !== null && baseline.mirrors !== current.id) {
    await tx
      .update(programmingVersions)
      .set({ mirrors: current.id })
      .where(
        and(eq(programmingVersions.institutionId, institutionId), eq(programmingVersions.id, baseline.id)),
      );
  }
  return { current: current.id, baseline: baseline.id, mirrored: baseline.mirrors !== null };
}

/**
 * Approval freezes a mirrored baseline: it gets a copy of the current months, in one statement,
 * and stops mirroring. A baseline with values of its own (a source document's) is left alone.
 */
export async function freezeBaseline(tx: Tx, institutionId: string, planId: string): Promise<void> {
  const versions = await planVersions(tx, institutionId, planId);
  if (!versions.mirrored) return;
  const columns = sql.raw(MONTH_COLUMN_NAMES.join(", "));
  // A mirror holds no values; any row found there is stray and gives way to the copy.
  await tx.execute(
    sql`delete from programmed_values where institution_id = ${institutionId} and version_id = ${versions.baseline}`,
  );
  await tx.execute(sql`insert into programmed_values (institution_id, version_id, activity_id, ${columns})
    select institution_id, ${versions.baseline}, activity_id, ${columns} from programmed_values
    where institution_id = ${institutionId} and version_id = ${versions.current}`);
  await tx
    .update(programmingVersions)
    .set({ mirrors: null })
    .where(
      and(
        eq(programmingVersions.institutionId, institutionId),
        eq(programmingVersions.id, versions.baseline),
      ),
    );
}

/**
 * Turns a draft's derived baseline held as a copy (a backup from before migration 0006) into a
 * mirror of the current programming, as that migration does; a no-op on data written since.
 */
export async function mirrorDraftBaselines(tx: Pick<Db, "execute">): Promise<void> {
  await tx.execute(sql`update programming_versions b set mirrors = c.id
    from programming_versions c, plans p
    where b.code = ${DERIVED_BASELINE.code} and b.role = 'baseline' and b.mirrors is null
      and c.institution_id = b.institution_id and c.plan_id = b.plan_id and c.role = 'current'
      and p.institution_id = b.institution_id and p.id = b.plan_id and p.status = 'draft'`);
  await tx.execute(sql`delete from programmed_values v using programming_versions b
    where b.mirrors is not null and v.institution_id = b.institution_id and v.version_id = b.id`);
}

/** `array[p.q01, …, p.q12]::text[]`: the twelve months of a row as exact decimal text. */
export function monthsArray(alias: string, prefix: "q" | "m" = "q") {
  return sql.raw(`array[${monthKeys.map((key) => `${alias}.${prefix}${key}`).join(", ")}]::text[]`);
}

export type MonthlyInput = { quantities: (number | null)[]; money?: (number | null)[] };

/** Writes an activity's programmed months into the current version (a mirroring baseline follows). */
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
  await tx
    .insert(programmedValues)
    .values({ institutionId, versionId: versions.current, activityId, ...row })
    .onConflictDoUpdate({
      target: [programmedValues.institutionId, programmedValues.versionId, programmedValues.activityId],
      set: row,
    });
}
