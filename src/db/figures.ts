/**
 * The figure SQL engine of the reports (the readers in `./reports/` build on it). Figures are computed by the database, never by loading every
 * activity into JavaScript to add it up, and they follow `src/domain/figures.ts` exactly (a test
 * compares the two on seed 004 and on generated decimal data):
 *
 * - programmed comes from the plan's `current` programming version (or `baseline`, for the
 *   side-by-side), executed from `executed_values`;
 * - a cumulative quantity adds up the months of the period (a month with nothing is 0); a stock,
 *   a rate or a progress % takes the last month of the period that has a value
 *   (`coalesce(q03, q02, q01)`);
 * - executed is null when nothing at all was reported (not 0); programmed is 0 when nothing was
 *   programmed; in a closed month of the plan (`cm`, a bit mask of its closed months) with
 *   something programmed, nothing recorded counts as 0 executed (`executedColumn`);
 * - quantity and progress activities are never summed together: the `programmed`/`executed` of a
 *   group are its quantity activities' (its progress activities' when it has no quantity one),
 *   and `gp`/`ge`/`gn` its progress activities' apart (`groupRow` → `progress`, when it mixes);
 * - withdrawn activities (`active = false`) leave every figure;
 * - sums are numeric (exact) and come back as text: `toQuantity` turns them into the same numbers
 *   the domain's exact sums produce. The execution % is computed once, from the sums, by the
 *   domain's `executionPct` (never averaged).
 *
 * Scopes: an activity, a unit (optionally with its sub-units, through a recursive CTE), a plan,
 * an institution (its plans of a year) and the whole deployment (every institution, a year).
 */
import { type SQL, sql } from "drizzle-orm";
import { executionPct, type Figures } from "../domain/figures.js";
import { MONTHS } from "../domain/months.js";
import type { ScopeFigures } from "../domain/report-rows.js";
import { type Db, queryRows } from "./connection.js";

export type ProgrammingRole = "current" | "baseline";

export type FigureScope =
  | { kind: "activity"; institutionId: string; activityId: string }
  | { kind: "unit"; institutionId: string; planId: string; unitId: string; subUnits: boolean }
  | { kind: "plan"; institutionId: string; planId: string }
  | { kind: "institution"; institutionId: string; year: number }
  | { kind: "deployment"; year: number };

// ---------------------------------------------------------------------------------------------
// Numbers

/**
 * A numeric(18,4) sum as the database returns it (`"1543.0000"`) → a JS number. `Number` gives
 * the double nearest to the exact decimal, which is also what the domain's exact sums give
 * (integer ten-thousandths / 10,000), so both sides agree to the last bit.
 */
export function toQuantity(text: string | null | undefined): number | null {
  if (text === null || text === undefined) return null;
  const value = Number(text);
  if (!Number.isFinite(value)) throw new Error(`cantidad no numérica: ${text}`);
  return value;
}

export function figures(programmed: string | null, executed: string | null): Figures {
  const p = toQuantity(programmed) ?? 0;
  const e = toQuantity(executed);
  return { programmed: p, executed: e, executionPct: executionPct(p, e) };
}

// ---------------------------------------------------------------------------------------------
// Figure expressions

export function checkMonths(months: readonly number[]): void {
  for (const [i, month] of months.entries()) {
    if (!Number.isInteger(month) || month < 1 || month > MONTHS || (i > 0 && month <= (months[i - 1] ?? 0))) {
      throw new RangeError(`meses no válidos: ${months.join(",")}`);
    }
  }
}

export const two = (month: number) => String(month).padStart(2, "0");

/** `p.q03`: a month column; `month` is checked, so the raw SQL is safe. */
export function column(alias: string, month: number, prefix: "q" | "m" = "q"): SQL {
  return sql.raw(`${alias}.${prefix}${two(month)}`);
}

/** Cumulative activities add their months; the others take their last reported month. */
export const CUMULATIVE = sql.raw(`(a.cumulative and a.measure_kind = 'quantity')`);

/** A progress-measured activity (its values are % complete). */
export const PROGRESS = sql.raw(`(a.measure_kind = 'progress')`);

/**
 * Executed of one month as the figures count it: the recorded value, or 0 when the month is
 * closed in the activity's plan (`cm.mask`, joined by `source`) and something was programmed in
 * it (`programmedAlias`); else null (nothing recorded).
 */
export function executedColumn(month: number, alias = "e", programmedAlias = "p"): SQL {
  const recorded = column(alias, month);
  const programmed = column(programmedAlias, month);
  const bit = sql.raw(String(1 << (month - 1)));
  return sql`coalesce(${recorded}, case when (coalesce(cm.mask, 0) & ${bit}) <> 0 and ${programmed} > 0 then 0::numeric end)`;
}

/** Programmed of one activity over `months` (the rows of `alias`): 0 when nothing was programmed. */
export function programmedExpression(months: readonly number[], alias = "p"): SQL {
  checkMonths(months);
  if (months.length === 0) return sql`0::numeric`;
  const columns = months.map((month) => column(alias, month));
  const sum = sql.join(
    columns.map((c) => sql`coalesce(${c}, 0)`),
    sql` + `,
  );
  const last = sql.join([...columns].reverse(), sql`, `);
  return sql`(case when ${CUMULATIVE} then ${sum} else coalesce(${last}, 0) end)`;
}

/**
 * Executed of one activity over `months`: null when nothing was reported in any of them (a closed
 * month with something programmed counts as 0 reported, `executedColumn`).
 */
export function executedExpression(months: readonly number[], alias = "e"): SQL {
  checkMonths(months);
  if (months.length === 0) return sql`null::numeric`;
  const columns = months.map((month) => executedColumn(month, alias));
  const sum = sql.join(
    columns.map((c) => sql`coalesce(${c}, 0)`),
    sql` + `,
  );
  const last = sql`coalesce(${sql.join([...columns].reverse(), sql`, `)})`;
  return sql`(case when ${last} is null then null when ${CUMULATIVE} then ${sum} else ${last} end)`;
}

/** True when the activity's % is red with its institution's thresholds (`i` = institutions). */
function redExpression(programmed: SQL, executed: SQL): SQL {
  // Exact numeric comparison; the domain compares the float executed × 100 / programmed, which
  // can only differ within 1e-14 of the threshold, out of reach of 4-decimal quantities.
  return sql`(${executed} * 100 / nullif(${programmed}, 0) < i.amber_from)`;
}

// ---------------------------------------------------------------------------------------------
// Sources: the activities of a scope with their programmed and executed rows

export type Source = {
  ctes: SQL[];
  /** `from activities a join …` */
  from: SQL;
  /** `a.active and <scope>` */
  where: SQL;
};

/**
 * The programmed values of the plan's version of `role`. `wide`: for scopes of many plans (an
 * institution's year, the deployment), where the database hashes the whole programmed_values
 * table: keeping only the rows of versions of that role first halves that work (the join
 * condition is unchanged, so is the result).
 */
export function versionJoin(role: ProgrammingRole, alias: string, versionAlias: string, wide = false): SQL {
  const v = sql.raw(versionAlias);
  const p = sql.raw(alias);
  const values = wide
    ? sql`(select * from programmed_values
        where version_id in (select coalesce(mirrors, id) from programming_versions where role = ${role}))`
    : sql`programmed_values`;
  // A mirroring version (a draft's derived baseline) reads the values of the version it mirrors.
  return sql`left join programming_versions ${v}
      on ${v}.institution_id = a.institution_id and ${v}.plan_id = a.plan_id and ${v}.role = ${role}
    left join ${values} ${p}
      on ${p}.institution_id = a.institution_id and ${p}.version_id = coalesce(${v}.mirrors, ${v}.id)
        and ${p}.activity_id = a.id`;
}

/**
 * The active activities of a scope: `a` with `p` (programmed of `role`) and `e` (executed); when
 * asked, `i` (the institution, for its thresholds) and `b` (the baseline programming). Versions
 * and values are LEFT joined on purpose: an activity with nothing programmed still counts, and the
 * planner keeps its row estimates right (inner joins on the composite tenant keys make it
 * estimate one row per plan and pick nested loops that take minutes on a large deployment).
 */
export function source(
  scope: FigureScope,
  role: ProgrammingRole,
  options: { baseline?: boolean; thresholds?: boolean } = {},
): Source {
  const ctes: SQL[] = [];
  let condition: SQL;
  let plans = sql``;
  switch (scope.kind) {
    case "activity":
      condition = sql`a.institution_id = ${scope.institutionId} and a.id = ${scope.activityId}`;
      break;
    case "plan":
      condition = sql`a.institution_id = ${scope.institutionId} and a.plan_id = ${scope.planId}`;
      break;
    case "unit":
      if (scope.subUnits) {
        ctes.push(sql`scope_units(id) as (
          select id from org_units where institution_id = ${scope.institutionId} and id = ${scope.unitId}
          union
          select c.id from org_units c join scope_units s on c.parent_id = s.id
          where c.institution_id = ${scope.institutionId})`);
        condition = sql`a.institution_id = ${scope.institutionId} and a.plan_id = ${scope.planId}
          and a.unit_id in (select id from scope_units)`;
      } else {
        condition = sql`a.institution_id = ${scope.institutionId} and a.plan_id = ${scope.planId}
          and a.unit_id = ${scope.unitId}`;
      }
      break;
    case "institution":
      plans = sql`join plans pl on pl.institution_id = a.institution_id and pl.id = a.plan_id`;
      condition = sql`a.institution_id = ${scope.institutionId} and pl.year = ${scope.year}`;
      break;
    case "deployment":
      plans = sql`join plans pl on pl.institution_id = a.institution_id and pl.id = a.plan_id`;
      condition = sql`pl.year = ${scope.year}`;
      break;
  }
  const wide = scope.kind === "institution" || scope.kind === "deployment";
  const baseline = options.baseline ? versionJoin("baseline", "b", "bv", wide) : sql``;
  return {
    ctes,
    from: sql`from activities a
      ${plans}
      ${options.thresholds ? sql`join institutions i on i.id = a.institution_id` : sql``}
      ${versionJoin(role, "p", "v", wide)}
      ${baseline}
      left join executed_values e on e.institution_id = a.institution_id and e.activity_id = a.id
      left join (select institution_id, plan_id, bit_or(1 << (month - 1)) as mask from closed_months
          ${"institutionId" in scope ? sql`where institution_id = ${scope.institutionId}` : sql``}
          group by institution_id, plan_id) cm
        on cm.institution_id = a.institution_id and cm.plan_id = a.plan_id`,
    where: sql`a.active and ${condition}`,
  };
}

/** `from … where …` of a source, with extra joins and conditions. */
export function fromWhere(src: Source, extra: { join?: SQL; where?: SQL } = {}): SQL {
  return sql`${src.from} ${extra.join ?? sql``} where ${src.where} ${extra.where ? sql`and ${extra.where}` : sql``}`;
}

export const UNIT_JOIN = sql`join org_units u on u.institution_id = a.institution_id and u.id = a.unit_id`;

export function withCtes(ctes: SQL[], body: SQL): SQL {
  return ctes.length === 0 ? body : sql`with recursive ${sql.join(ctes, sql`, `)} ${body}`;
}

// ---------------------------------------------------------------------------------------------
// Totals and groupings

export type FigureQuery = {
  scope: FigureScope;
  /** 1-based months of the period, ascending (`periodMonths`). */
  months: readonly number[];
  /** Which programming: `current` (default) or `baseline`. */
  role?: ProgrammingRole;
};

/** The figures of a whole scope over a period, with its count of activities in red. */
export async function scopeFigures(db: Db, query: FigureQuery): Promise<ScopeFigures & { redCount: number }> {
  const src = source(query.scope, query.role ?? "current", { thresholds: true });
  const [row] = await queryRows<FigureRow>(
    db,
    withFig(src.ctes, query.months, sql`a.id`, fromWhere(src), sql`select ${aggregateColumns} from fig`),
  );
  return groupRow(row ?? { programmed: "0", executed: null, n: 0, red: 0 });
}

export type FigureGrouping = "activity" | "unit" | "plan" | "institution";

export type GroupFigures = ScopeFigures & { id: string; redCount: number };

const GROUP_COLUMN: Record<FigureGrouping, string> = {
  activity: "a.id",
  unit: "a.unit_id",
  plan: "a.plan_id",
  institution: "a.institution_id",
};

/**
 * The figures of a scope grouped by activity, unit (its own activities), plan or institution,
 * with the count of activities in red (by their institution's thresholds). Unordered.
 */
export async function groupedFigures(
  db: Db,
  query: FigureQuery & { by: FigureGrouping },
): Promise<GroupFigures[]> {
  const src = source(query.scope, query.role ?? "current", { thresholds: true });
  const key = sql.raw(GROUP_COLUMN[query.by]);
  const rows = await queryRows<FigureRow & { id: string }>(
    db,
    withFig(
      src.ctes,
      query.months,
      key,
      fromWhere(src),
      sql`select key as id, ${aggregateColumns} from fig group by key`,
    ),
  );
  return rows.map((row) => ({ id: row.id, ...groupRow(row) }));
}

export type FigureRow = {
  programmed: string;
  executed: string | null;
  n: number;
  red: number;
  /** The progress activities' programmed, executed and count, apart. */
  gp?: string | null;
  ge?: string | null;
  gn?: number | null;
};

/**
 * `fig(key, programmed, executed, red)`: one row per activity of the source; `red` needs the
 * source's institution (`thresholds: true`), else it is not computed (null).
 */
function figureCte(months: readonly number[], key: SQL, fromWhere: SQL, withRed = true): SQL {
  const programmed = programmedExpression(months);
  const executed = executedExpression(months);
  const red = withRed ? redExpression(programmed, executed) : sql`null::boolean`;
  return sql`fig as (
    select ${key} as key, ${programmed} as programmed, ${executed} as executed, ${red} as red,
      ${PROGRESS} as progress
    ${fromWhere})`;
}

/**
 * The aggregates of `fig` rows: `programmed`/`executed` of the quantity activities (of all, when
 * there is none: then they are all progress ones), `gp`/`ge`/`gn` of the progress ones.
 */
export const aggregateColumns = sql`(case when bool_or(not progress) then coalesce(sum(programmed) filter (where not progress), 0)
      else coalesce(sum(programmed), 0) end)::text as programmed,
    (case when bool_or(not progress) then sum(executed) filter (where not progress)
      else sum(executed) end)::text as executed,
    count(*)::int as n, (count(*) filter (where red))::int as red,
    coalesce(sum(programmed) filter (where progress), 0)::text as gp,
    (sum(executed) filter (where progress))::text as ge, (count(*) filter (where progress))::int as gn`;

/**
 * A group's figures: the quantity total (or the progress total when all its activities are
 * progress ones), and `progress` apart when it mixes both kinds (`kindTotals`).
 */
export function groupRow(row: FigureRow): ScopeFigures & { redCount: number } {
  const progressCount = row.gn ?? 0;
  const mixed = progressCount > 0 && progressCount < row.n;
  return {
    ...figures(row.programmed, row.executed),
    activityCount: row.n,
    redCount: row.red,
    ...(progressCount > 0 && progressCount === row.n ? { measureKind: "progress" as const } : {}),
    ...(mixed
      ? { progress: { ...figures(row.gp ?? "0", row.ge ?? null), activityCount: progressCount } }
      : {}),
  };
}

/** `with recursive <ctes>, fig as (…) <body>`; `body` may start with `, more as (…)`. */
export function withFig(
  ctes: SQL[],
  months: readonly number[],
  key: SQL,
  fromWhere: SQL,
  body: SQL,
  withRed = true,
): SQL {
  return sql`with recursive ${sql.join([...ctes, figureCte(months, key, fromWhere, withRed)], sql`, `)} ${body}`;
}

export const monthArray = (alias: string) =>
  sql.raw(`array[${Array.from({ length: MONTHS }, (_, i) => `${alias}.q${two(i + 1)}`).join(", ")}]::text[]`);

export const monthJson = (alias: string) =>
  sql.raw(
    `json_build_array(${Array.from({ length: MONTHS }, (_, i) => `${alias}.q${two(i + 1)}`).join(", ")})`,
  );
