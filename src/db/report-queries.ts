/**
 * Every SQL query of the reports. Figures are computed by the database, never by loading every
 * activity into JavaScript to add it up, and they follow `src/domain/figures.ts` exactly (a test
 * compares the two on seed 004 and on generated decimal data):
 *
 * - programmed comes from the plan's `current` programming version (or `baseline`, for the
 *   side-by-side), executed from `executed_values`;
 * - a cumulative quantity adds up the months of the period (a month with nothing is 0); a stock,
 *   a rate or a progress % takes the last month of the period that has a value
 *   (`coalesce(q03, q02, q01)`);
 * - executed is null when nothing at all was reported (not 0); programmed is 0 when nothing was
 *   programmed;
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
import { type Db, queryRows } from "./connection.js";

export type ProgrammingRole = "current" | "baseline";

export type FigureScope =
  | { kind: "activity"; institutionId: string; activityId: string }
  | { kind: "unit"; institutionId: string; planId: string; unitId: string; subUnits: boolean }
  | { kind: "plan"; institutionId: string; planId: string }
  | { kind: "institution"; institutionId: string; year: number }
  | { kind: "deployment"; year: number };

/** Figures of a set of activities, as the domain's `Figures`, with how many activities. */
export type ScopeFigures = Figures & { activityCount: number };

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

function figures(programmed: string | null, executed: string | null): Figures {
  const p = toQuantity(programmed) ?? 0;
  const e = toQuantity(executed);
  return { programmed: p, executed: e, executionPct: executionPct(p, e) };
}

// ---------------------------------------------------------------------------------------------
// Figure expressions

function checkMonths(months: readonly number[]): void {
  for (const [i, month] of months.entries()) {
    if (!Number.isInteger(month) || month < 1 || month > MONTHS || (i > 0 && month <= (months[i - 1] ?? 0))) {
      throw new RangeError(`meses no válidos: ${months.join(",")}`);
    }
  }
}

const two = (month: number) => String(month).padStart(2, "0");

/** `p.q03`: a month column; `month` is checked, so the raw SQL is safe. */
function column(alias: string, month: number, prefix: "q" | "m" = "q"): SQL {
  return sql.raw(`${alias}.${prefix}${two(month)}`);
}

/** Cumulative activities add their months; the others take their last reported month. */
const CUMULATIVE = sql.raw(`(a.cumulative and a.measure_kind = 'quantity')`);

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

/** Executed of one activity over `months`: null when nothing was reported in any of them. */
export function executedExpression(months: readonly number[], alias = "e"): SQL {
  checkMonths(months);
  if (months.length === 0) return sql`null::numeric`;
  const columns = months.map((month) => column(alias, month));
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

type Source = {
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
function versionJoin(role: ProgrammingRole, alias: string, versionAlias: string, wide = false): SQL {
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
function source(
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
      left join executed_values e on e.institution_id = a.institution_id and e.activity_id = a.id`,
    where: sql`a.active and ${condition}`,
  };
}

/** `from … where …` of a source, with extra joins and conditions. */
function fromWhere(src: Source, extra: { join?: SQL; where?: SQL } = {}): SQL {
  return sql`${src.from} ${extra.join ?? sql``} where ${src.where} ${extra.where ? sql`and ${extra.where}` : sql``}`;
}

const UNIT_JOIN = sql`join org_units u on u.institution_id = a.institution_id and u.id = a.unit_id`;

function withCtes(ctes: SQL[], body: SQL): SQL {
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

type FigureRow = { programmed: string; executed: string | null; n: number; red: number };

/**
 * `fig(key, programmed, executed, red)`: one row per activity of the source; `red` needs the
 * source's institution (`thresholds: true`), else it is not computed (null).
 */
function figureCte(months: readonly number[], key: SQL, fromWhere: SQL, withRed = true): SQL {
  const programmed = programmedExpression(months);
  const executed = executedExpression(months);
  const red = withRed ? redExpression(programmed, executed) : sql`null::boolean`;
  return sql`fig as (
    select ${key} as key, ${programmed} as programmed, ${executed} as executed, ${red} as red
    ${fromWhere})`;
}

const aggregateColumns = sql`coalesce(sum(programmed), 0)::text as programmed, sum(executed)::text as executed,
  count(*)::int as n, (count(*) filter (where red))::int as red`;

function groupRow(row: FigureRow): ScopeFigures & { redCount: number } {
  return { ...figures(row.programmed, row.executed), activityCount: row.n, redCount: row.red };
}

/** `with recursive <ctes>, fig as (…) <body>`; `body` may start with `, more as (…)`. */
function withFig(
  ctes: SQL[],
  months: readonly number[],
  key: SQL,
  fromWhere: SQL,
  body: SQL,
  withRed = true,
): SQL {
  return sql`with recursive ${sql.join([...ctes, figureCte(months, key, fromWhere, withRed)], sql`, `)} ${body}`;
}

// ---------------------------------------------------------------------------------------------
// Deployment: every institution of a year

export type InstitutionLine = GroupFigures & {
  name: string;
  slug: string;
  thresholds: { greenFrom: number; amberFrom: number; overExecutionAbove: number };
};

/**
 * Every institution's figures for a year's plans, and their sum, computed by the database. The
 * count of red activities (by each institution's thresholds) costs a third more on a large
 * deployment: only with `withRed`.
 */
export async function deploymentRollup(
  db: Db,
  query: { year: number; months: readonly number[]; role?: ProgrammingRole; withRed?: boolean },
): Promise<{ institutions: InstitutionLine[]; total: ScopeFigures & { redCount: number } }> {
  const withRed = query.withRed === true;
  const src = source({ kind: "deployment", year: query.year }, query.role ?? "current", {
    thresholds: withRed,
  });
  // The total from the institutions' sums (exact numerics), not GROUPING SETS: those cannot be
  // aggregated in parallel workers, which doubles the time on a million activities.
  const rows = await queryRows<FigureRow & { id: string | null; total: number }>(
    db,
    withFig(
      src.ctes,
      query.months,
      sql`a.institution_id`,
      fromWhere(src),
      sql`, per as (
          select key, coalesce(sum(programmed), 0) as programmed, sum(executed) as executed,
            count(*)::int as n, (count(*) filter (where red))::int as red
          from fig group by key
        )
        select key as id, 0 as total, programmed::text, executed::text, n, red from per
        union all
        select null, 1, coalesce(sum(programmed), 0)::text, sum(executed)::text,
          coalesce(sum(n), 0)::int, coalesce(sum(red), 0)::int from per`,
      withRed,
    ),
  );
  const names = await queryRows<{
    id: string;
    name: string;
    slug: string;
    green_from: string;
    amber_from: string;
    over_execution_above: string;
  }>(
    db,
    sql`select id, name, slug, green_from::text as green_from, amber_from::text as amber_from,
      over_execution_above::text as over_execution_above from institutions`,
  );
  const byId = new Map(names.map((row) => [row.id, row]));
  const totalRow = rows.find((row) => row.total === 1);
  const institutions = rows
    .filter((row) => row.total === 0)
    .map((row) => {
      const found = byId.get(row.id as string);
      return {
        id: row.id as string,
        name: found?.name ?? "",
        slug: found?.slug ?? "",
        thresholds: {
          greenFrom: Number(found?.green_from ?? 90),
          amberFrom: Number(found?.amber_from ?? 75),
          overExecutionAbove: Number(found?.over_execution_above ?? 110),
        },
        ...groupRow(row),
      };
    })
    .sort((x, y) => x.name.localeCompare(y.name, "es") || x.id.localeCompare(y.id));
  const total = totalRow
    ? groupRow(totalRow)
    : { programmed: 0, executed: null, executionPct: null, activityCount: 0, redCount: 0 };
  return { institutions, total };
}

// ---------------------------------------------------------------------------------------------
// Unit summary: the org-unit tree with own and subtree figures

export type UnitSummaryLine = {
  id: string;
  parentId: string | null;
  name: string;
  code: string | null;
  /** 0 at the root of the summary (the top of the tree, or the unit asked for). */
  depth: number;
  own: ScopeFigures & { redCount: number };
  subtree: ScopeFigures & { redCount: number };
};

/**
 * The units of a plan in tree order (parents before children, siblings by position then name)
 * with their own figures and those of their whole subtree (recursive CTE), each with its count
 * of activities in red, and the TOTAL of the scope (the whole plan, or the unit's subtree), all in
 * one query. Units with no active activity in their subtree are left out. With `unitId`, the
 * tree starts at that unit.
 */
export async function unitSummary(
  db: Db,
  query: {
    institutionId: string;
    planId: string;
    unitId?: string;
    months: readonly number[];
    role?: ProgrammingRole;
  },
): Promise<{ units: UnitSummaryLine[]; total: ScopeFigures & { redCount: number } }> {
  const { institutionId, planId } = query;
  const root = query.unitId ? sql`id = ${query.unitId}` : sql`parent_id is null`;
  const src = source({ kind: "plan", institutionId, planId }, query.role ?? "current", { thresholds: true });
  const tree = [
    sql`ranked as (
      select id, parent_id, name, code,
        row_number() over (partition by parent_id order by position, name, id) as rn
      from org_units where institution_id = ${institutionId})`,
    sql`tree as (
      select id, parent_id, name, code, 0 as depth, array[rn] as path, array[id] as ancestors
      from ranked where ${root}
      union all
      select r.id, r.parent_id, r.name, r.code, t.depth + 1, t.path || r.rn, t.ancestors || r.id
      from ranked r join tree t on r.parent_id = t.id
      where t.depth < 100)`,
  ];
  type Row = {
    id: string;
    parent_id: string | null;
    name: string;
    code: string | null;
    depth: number;
    own_programmed: string | null;
    own_executed: string | null;
    own_n: number | null;
    own_red: number | null;
    programmed: string;
    executed: string | null;
    n: number;
    red: number;
  };
  const rows = await queryRows<Row>(
    db,
    withFig(
      tree,
      query.months,
      sql`a.unit_id`,
      // The whole plan, or the activities of the unit's subtree.
      query.unitId ? fromWhere(src, { where: sql`a.unit_id in (select id from tree)` }) : fromWhere(src),
      sql`, own as (
          select key as unit_id, ${aggregateColumns} from fig group by key
        ), subtree as (
          select x.ancestor as unit_id, ${aggregateColumns}
          from fig join tree t on t.id = fig.key cross join lateral unnest(t.ancestors) as x(ancestor)
          group by x.ancestor
        )
        select t.id, t.parent_id, t.name, t.code, t.depth,
          own.programmed as own_programmed, own.executed as own_executed, own.n as own_n, own.red as own_red,
          s.programmed, s.executed, s.n, s.red, t.path
        from tree t join subtree s on s.unit_id = t.id left join own on own.unit_id = t.id
        union all
        select null, null, null, null, -1, null, null, null, null, ${aggregateColumns}, null from fig
        order by path`,
    ),
  );
  const totalRow = rows.find((row) => row.depth === -1);
  const units = rows.filter((row) => row.depth !== -1);
  return {
    total: totalRow ? groupRow(totalRow) : groupRow({ programmed: "0", executed: null, n: 0, red: 0 }),
    units: units.map((row) => ({
      id: row.id,
      parentId: row.parent_id,
      name: row.name,
      code: row.code,
      depth: row.depth,
      own: groupRow({
        programmed: row.own_programmed ?? "0",
        executed: row.own_executed,
        n: row.own_n ?? 0,
        red: row.own_red ?? 0,
      }),
      subtree: groupRow(row),
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// Activity rows (POI / POA reports) and their unit subtotals and TOTAL

export type ActivityLine = {
  id: string;
  unitId: string;
  unitName: string;
  code: string | null;
  name: string;
  project: string | null;
  objective: string | null;
  location: string | null;
  budgetActivity: string | null;
  unitOfMeasure: string | null;
  annualTarget: number | null;
  startDate: string | null;
  endDate: string | null;
  goal: string | null;
  measureKind: "quantity" | "progress";
  cumulative: boolean;
  position: number;
  /** Twelve programmed months (current version), null = nothing programmed. */
  programmedMonths: (number | null)[];
  /** Twelve executed months, null = nothing reported. */
  executedMonths: (number | null)[];
  figures: Figures;
  /**
   * The plan's closed months inside the period in which the activity had something programmed
   * (more than 0) and has no executed value (not even 0), ascending: `[2]` = February is missing.
   */
  missingClosedMonths: number[];
  /** The period's programmed in the baseline version, when asked. */
  baselineProgrammed?: number;
};

const monthArray = (alias: string) =>
  sql.raw(`array[${Array.from({ length: MONTHS }, (_, i) => `${alias}.q${two(i + 1)}`).join(", ")}]::text[]`);

const monthJson = (alias: string) =>
  sql.raw(
    `json_build_array(${Array.from({ length: MONTHS }, (_, i) => `${alias}.q${two(i + 1)}`).join(", ")})`,
  );

/**
 * `json` array of the closed months of the activity's plan among `months` in which it had
 * something programmed (`p`) and has no executed value (`e`): `[2]`, `[]`.
 */
function missingClosedMonthsExpression(months: readonly number[]): SQL {
  checkMonths(months);
  if (months.length === 0) return sql`'[]'::json`;
  const ofMonth = (alias: string) =>
    sql.raw(
      `case c.month ${months.map((month) => `when ${month} then ${alias}.q${two(month)}`).join(" ")} end`,
    );
  return sql`(select coalesce(json_agg(c.month order by c.month), '[]'::json) from closed_months c
    where c.institution_id = a.institution_id and c.plan_id = a.plan_id
      and c.month in (${sql.raw(months.join(", "))}) and ${ofMonth("p")} > 0 and ${ofMonth("e")} is null)`;
}

/**
 * The active activities of a scope, in plan order, with their months, period figures and the
 * closed months of the period it has no entry for.
 *
 * Each row comes back as one JSON text: PGlite converts every value of a result in JavaScript
 * (~1.5 µs each), and a POI of 1,000 activities has 25,000 of them; one JSON text per row is
 * three times faster there, and no slower on PostgreSQL. numeric → JSON number → `JSON.parse`
 * gives the same double as `Number(text)`.
 */
export async function activityLines(
  db: Db,
  query: FigureQuery & { baseline?: boolean },
): Promise<ActivityLine[]> {
  const src = source(query.scope, query.role ?? "current", { baseline: query.baseline });
  type Row = [
    id: string,
    unitId: string,
    unitName: string,
    code: string | null,
    name: string,
    project: string | null,
    objective: string | null,
    location: string | null,
    budgetActivity: string | null,
    unitOfMeasure: string | null,
    annualTarget: number | null,
    startDate: string | null,
    endDate: string | null,
    goal: string | null,
    measureKind: "quantity" | "progress",
    cumulative: boolean,
    position: number,
    programmedMonths: (number | null)[] | null,
    executedMonths: (number | null)[] | null,
    programmed: number,
    executed: number | null,
    baseline: number | null,
    missingClosedMonths: number[],
  ];
  const baseline = query.baseline ? programmedExpression(query.months, "b") : sql`null::numeric`;
  const rows = await queryRows<{ line: string }>(
    db,
    withCtes(
      src.ctes,
      sql`select json_build_array(a.id, a.unit_id, u.name, a.code, a.name, a.project, a.objective, a.location,
          a.budget_activity, a.unit_of_measure, a.annual_target, a.start_date, a.end_date, a.goal, a.measure_kind,
          a.cumulative, a.position,
          case when p.activity_id is null then null else ${monthJson("p")} end,
          case when e.activity_id is null then null else ${monthJson("e")} end,
          ${programmedExpression(query.months)}, ${executedExpression(query.months)}, ${baseline},
          ${missingClosedMonthsExpression(query.months)})::text as line
      ${fromWhere(src, { join: UNIT_JOIN })}
      order by a.position, a.name, a.id`,
    ),
  );
  const none = () => Array<number | null>(MONTHS).fill(null);
  return rows.map(({ line }) => {
    const row = JSON.parse(line) as Row;
    const [programmed, executed] = [row[19], row[20]];
    return {
      id: row[0],
      unitId: row[1],
      unitName: row[2],
      code: row[3],
      name: row[4],
      project: row[5],
      objective: row[6],
      location: row[7],
      budgetActivity: row[8],
      unitOfMeasure: row[9],
      annualTarget: row[10],
      startDate: row[11],
      endDate: row[12],
      goal: row[13],
      measureKind: row[14],
      cumulative: row[15],
      position: row[16],
      programmedMonths: row[17] ?? none(),
      executedMonths: row[18] ?? none(),
      figures: { programmed, executed, executionPct: executionPct(programmed, executed) },
      missingClosedMonths: row[22],
      ...(query.baseline ? { baselineProgrammed: row[21] ?? 0 } : {}),
    };
  });
}

/** Sums of a group of activity lines, as the POI report's subtotal and TOTAL rows show them. */
export type LineTotals = {
  /** null for the TOTAL of the whole scope. */
  unitId: string | null;
  activityCount: number;
  annualTarget: number | null;
  /** Σ of each programmed month (0 when nothing programmed). */
  programmedMonths: number[];
  /** Σ of each executed month (null when nothing reported that month). */
  executedMonths: (number | null)[];
  figures: Figures;
  baselineProgrammed?: number;
};

/** The unit subtotals (own activities) and the TOTAL of a scope, computed by the database. */
export async function lineTotals(
  db: Db,
  query: FigureQuery & { baseline?: boolean },
): Promise<{ units: LineTotals[]; total: LineTotals }> {
  const src = source(query.scope, query.role ?? "current", { baseline: query.baseline });
  const all = Array.from({ length: MONTHS }, (_, i) => i + 1);
  const programmedMonths = all.map(
    (month) => sql`coalesce(sum(${column("p", month)}), 0)::text as ${sql.raw(`p${two(month)}`)}`,
  );
  const executedMonths = all.map(
    (month) => sql`sum(${column("e", month)})::text as ${sql.raw(`e${two(month)}`)}`,
  );
  const baseline = query.baseline
    ? sql`coalesce(sum(${programmedExpression(query.months, "b")}), 0)::text`
    : sql`null::text`;
  const rows = await queryRows<Record<string, string | number | null>>(
    db,
    withCtes(
      src.ctes,
      sql`select a.unit_id, grouping(a.unit_id)::int as total, count(*)::int as n,
        sum(a.annual_target)::text as annual_target,
        ${sql.join([...programmedMonths, ...executedMonths], sql`, `)},
        coalesce(sum(${programmedExpression(query.months)}), 0)::text as programmed,
        sum(${executedExpression(query.months)})::text as executed,
        ${baseline} as baseline
      ${fromWhere(src)}
      group by grouping sets ((a.unit_id), ())`,
    ),
  );
  const toTotals = (row: Record<string, string | number | null>): LineTotals => ({
    unitId: row.total === 1 ? null : (row.unit_id as string),
    activityCount: Number(row.n),
    annualTarget: toQuantity(row.annual_target as string | null),
    programmedMonths: all.map((month) => toQuantity(row[`p${two(month)}`] as string) ?? 0),
    executedMonths: all.map((month) => toQuantity(row[`e${two(month)}`] as string | null)),
    figures: figures(row.programmed as string, row.executed as string | null),
    ...(query.baseline ? { baselineProgrammed: toQuantity(row.baseline as string) ?? 0 } : {}),
  });
  const totalRow = rows.find((row) => row.total === 1);
  const empty: LineTotals = {
    unitId: null,
    activityCount: 0,
    annualTarget: null,
    programmedMonths: all.map(() => 0),
    executedMonths: all.map(() => null),
    figures: { programmed: 0, executed: null, executionPct: null },
    ...(query.baseline ? { baselineProgrammed: 0 } : {}),
  };
  return {
    units: rows.filter((row) => row.total === 0).map(toTotals),
    total: totalRow ? toTotals(totalRow) : empty,
  };
}

// ---------------------------------------------------------------------------------------------
// Monthly series (charts)

export type MonthlySeries = {
  /** The figures of each single month, January first. */
  monthly: Figures[];
  /** The figures from January through each month (year-to-date), January first. */
  cumulative: Figures[];
};

/**
 * Month-by-month and year-to-date figures of a scope, all twelve months, in one query.
 *
 * Instead of twelve year-to-date figure expressions per activity, it sums each month column once
 * (all activities; and cumulative ones apart), plus the last-reported value through each month
 * for the others, and composes the year-to-date figures from those sums: the same numbers as
 * `programmedExpression`/`executedExpression` (the comparison test holds it to that), a third of
 * the work.
 */
export async function monthlySeries(
  db: Db,
  query: { scope: FigureScope; role?: ProgrammingRole },
): Promise<MonthlySeries> {
  const src = source(query.scope, query.role ?? "current");
  const all = Array.from({ length: MONTHS }, (_, i) => i + 1);
  const name = (prefix: string, month: number) => sql.raw(`${prefix}${two(month)}`);
  const lastThrough = (alias: string, month: number) =>
    sql.join(
      all
        .slice(0, month)
        .reverse()
        .map((m) => column(alias, m)),
      sql`, `,
    );
  const sums = all.flatMap((m) => [
    sql`sum(${column("p", m)}) as ${name("mp", m)}`,
    sql`sum(${column("e", m)}) as ${name("me", m)}`,
    sql`sum(${column("p", m)}) filter (where ${CUMULATIVE}) as ${name("cp", m)}`,
    sql`sum(${column("e", m)}) filter (where ${CUMULATIVE}) as ${name("ce", m)}`,
    sql`sum(coalesce(${lastThrough("p", m)}, 0)) filter (where not ${CUMULATIVE}) as ${name("np", m)}`,
    sql`sum(coalesce(${lastThrough("e", m)})) filter (where not ${CUMULATIVE}) as ${name("ne", m)}`,
  ]);
  const figuresOf = all.flatMap((m) => {
    const upTo = all.slice(0, m);
    const cumulativeProgrammed = sql.join(
      upTo.map((k) => sql`coalesce(${name("cp", k)}, 0)`),
      sql` + `,
    );
    const cumulativeExecuted = sql.join(
      upTo.map((k) => sql`coalesce(${name("ce", k)}, 0)`),
      sql` + `,
    );
    const anyExecuted = sql.join([...upTo.map((k) => name("ce", k)), name("ne", m)], sql`, `);
    return [
      sql`coalesce(${name("mp", m)}, 0)::text as ${name("mp", m)}`,
      sql`${name("me", m)}::text as ${name("me", m)}`,
      sql`(${cumulativeProgrammed} + coalesce(${name("np", m)}, 0))::text as ${name("yp", m)}`,
      sql`(case when coalesce(${anyExecuted}) is null then null
        else ${cumulativeExecuted} + coalesce(${name("ne", m)}, 0) end)::text as ${name("ye", m)}`,
    ];
  });
  const [row = {}] = await queryRows<Record<string, string | null>>(
    db,
    withCtes(
      src.ctes,
      sql`select ${sql.join(figuresOf, sql`, `)}
        from (select ${sql.join(sums, sql`, `)} ${fromWhere(src)}) sums`,
    ),
  );
  return {
    monthly: all.map((month) => figures(row[`mp${two(month)}`] ?? "0", row[`me${two(month)}`] ?? null)),
    cumulative: all.map((month) => figures(row[`yp${two(month)}`] ?? "0", row[`ye${two(month)}`] ?? null)),
  };
}

// ---------------------------------------------------------------------------------------------
// Lookups

export type PlanContext = {
  id: string;
  institutionId: string;
  year: number;
  kind: "POI" | "POA";
  title: string;
  department: string | null;
  responsible: string | null;
  institution: {
    id: string;
    name: string;
    slug: string;
    locale: string;
    thresholds: { greenFrom: number; amberFrom: number; overExecutionAbove: number };
  };
  /** Last month closed with every month before it closed too (null: none). */
  lastClosedMonth: number | null;
  withdrawnCount: number;
  /** Distinct units of measure of the active activities. */
  unitsOfMeasure: string[];
};

/**
 * A plan with what every report needs: its institution, thresholds, last closed month and a
 * few counts. `institutionId` absent = look the plan up by id alone (the API checks membership
 * afterwards, and answers the same 404 either way).
 */
export async function loadPlanContext(
  db: Db,
  planId: string,
  institutionId?: string,
): Promise<PlanContext | undefined> {
  const institution = institutionId ? sql`and pl.institution_id = ${institutionId}` : sql``;
  const [row] = await queryRows<{
    id: string;
    institution_id: string;
    year: number;
    kind: "POI" | "POA";
    title: string;
    department: string | null;
    responsible: string | null;
    name: string;
    slug: string;
    locale: string;
    green_from: string;
    amber_from: string;
    over_execution_above: string;
    last_closed: number;
    withdrawn: number;
    units_of_measure: string[] | null;
  }>(
    db,
    sql`select pl.id, pl.institution_id, pl.year, pl.kind, pl.title, pl.department, pl.responsible,
        i.name, i.slug, i.locale, i.green_from::text as green_from, i.amber_from::text as amber_from,
        i.over_execution_above::text as over_execution_above,
        (select coalesce(min(m) - 1, 12) from generate_series(1, 12) m
          where not exists (select 1 from closed_months c
            where c.institution_id = pl.institution_id and c.plan_id = pl.id and c.month = m))::int as last_closed,
        (select count(*) from activities a
          where a.institution_id = pl.institution_id and a.plan_id = pl.id and not a.active)::int as withdrawn,
        (select array_agg(distinct a.unit_of_measure order by a.unit_of_measure) from activities a
          where a.institution_id = pl.institution_id and a.plan_id = pl.id and a.active
            and a.unit_of_measure is not null) as units_of_measure
      from plans pl join institutions i on i.id = pl.institution_id
      where pl.id = ${planId} ${institution}`,
  );
  if (!row) return undefined;
  return {
    id: row.id,
    institutionId: row.institution_id,
    year: row.year,
    kind: row.kind,
    title: row.title,
    department: row.department,
    responsible: row.responsible,
    institution: {
      id: row.institution_id,
      name: row.name,
      slug: row.slug,
      locale: row.locale,
      thresholds: {
        greenFrom: Number(row.green_from),
        amberFrom: Number(row.amber_from),
        overExecutionAbove: Number(row.over_execution_above),
      },
    },
    lastClosedMonth: row.last_closed === 0 ? null : row.last_closed,
    withdrawnCount: row.withdrawn,
    unitsOfMeasure: row.units_of_measure ?? [],
  };
}

export type PlanSummary = { id: string; year: number; kind: "POI" | "POA"; title: string };

/** The plans of an institution, newest year first. */
export async function listPlans(db: Db, institutionId: string): Promise<PlanSummary[]> {
  return queryRows<PlanSummary>(
    db,
    sql`select id, year, kind, title from plans where institution_id = ${institutionId}
      order by year desc, kind, title, id`,
  );
}

export type UnitRef = { id: string; parentId: string | null; code: string | null; name: string };

export async function listUnits(db: Db, institutionId: string): Promise<UnitRef[]> {
  return queryRows<UnitRef>(
    db,
    sql`select id, parent_id as "parentId", code, name from org_units
      where institution_id = ${institutionId} order by position, name, id`,
  );
}

export type ActivityRef = {
  id: string;
  code: string | null;
  name: string;
  unitName: string;
  active: boolean;
};

export async function listActivities(db: Db, institutionId: string, planId: string): Promise<ActivityRef[]> {
  return queryRows<ActivityRef>(
    db,
    sql`select a.id, a.code, a.name, u.name as "unitName", a.active
      from activities a join org_units u on u.institution_id = a.institution_id and u.id = a.unit_id
      where a.institution_id = ${institutionId} and a.plan_id = ${planId}
      order by a.position, a.name, a.id`,
  );
}

// ---------------------------------------------------------------------------------------------
// Activity sheet

export type ActivityDetail = Omit<ActivityLine, "figures" | "baselineProgrammed" | "missingClosedMonths"> & {
  active: boolean;
  responsible: string | null;
  oeiCode: string | null;
  oeiName: string | null;
  aeiCode: string | null;
  aeiName: string | null;
  baselineMonths: (number | null)[];
  programmedMoney: (number | null)[];
  executedMoney: (number | null)[];
};

/** One activity of a plan, withdrawn or not, with all its months. */
export async function activityDetail(
  db: Db,
  query: { institutionId: string; planId: string; activityId: string },
): Promise<ActivityDetail | undefined> {
  const moneyArray = (alias: string) =>
    sql.raw(
      `array[${Array.from({ length: MONTHS }, (_, i) => `${alias}.m${two(i + 1)}`).join(", ")}]::text[]`,
    );
  const [row] = await queryRows<Record<string, unknown>>(
    db,
    sql`select a.id, a.unit_id, u.name as unit_name, a.code, a.name, a.project, a.objective, a.location,
        a.budget_activity, a.unit_of_measure, a.annual_target::text as annual_target,
        a.start_date::text as start_date, a.end_date::text as end_date, a.goal, a.measure_kind, a.cumulative,
        a.position, a.active, a.responsible, a.oei_code, a.oei_name, a.aei_code, a.aei_name,
        ${monthArray("p")} as programmed_months, ${monthArray("b")} as baseline_months,
        ${monthArray("e")} as executed_months, ${moneyArray("p")} as programmed_money,
        ${moneyArray("e")} as executed_money
      from activities a
      join org_units u on u.institution_id = a.institution_id and u.id = a.unit_id
      ${versionJoin("current", "p", "v")}
      ${versionJoin("baseline", "b", "bv")}
      left join executed_values e on e.institution_id = a.institution_id and e.activity_id = a.id
      where a.institution_id = ${query.institutionId} and a.plan_id = ${query.planId}
        and a.id = ${query.activityId}`,
  );
  if (!row) return undefined;
  const months = (value: unknown) =>
    ((value as (string | null)[] | null) ?? Array(MONTHS).fill(null)).map(toQuantity);
  const text = (value: unknown) => (value as string | null) ?? null;
  return {
    id: row.id as string,
    unitId: row.unit_id as string,
    unitName: row.unit_name as string,
    code: text(row.code),
    name: row.name as string,
    project: text(row.project),
    objective: text(row.objective),
    location: text(row.location),
    budgetActivity: text(row.budget_activity),
    unitOfMeasure: text(row.unit_of_measure),
    annualTarget: toQuantity(row.annual_target as string | null),
    startDate: text(row.start_date),
    endDate: text(row.end_date),
    goal: text(row.goal),
    measureKind: row.measure_kind as "quantity" | "progress",
    cumulative: row.cumulative as boolean,
    position: row.position as number,
    active: row.active as boolean,
    responsible: text(row.responsible),
    oeiCode: text(row.oei_code),
    oeiName: text(row.oei_name),
    aeiCode: text(row.aei_code),
    aeiName: text(row.aei_name),
    programmedMonths: months(row.programmed_months),
    baselineMonths: months(row.baseline_months),
    executedMonths: months(row.executed_months),
    programmedMoney: months(row.programmed_money),
    executedMoney: months(row.executed_money),
  };
}

export type ExecutionComment = {
  month: number;
  value: number | null;
  comment: string;
  author: string | null;
  enteredAt: string;
};

/** The comments of an activity's execution entries, by month. */
export async function executionComments(
  db: Db,
  query: { institutionId: string; activityId: string },
): Promise<ExecutionComment[]> {
  const rows = await queryRows<{
    month: number;
    value: string | null;
    comment: string;
    author: string | null;
    entered_at: string;
  }>(
    db,
    sql`select x.month::int as month, x.value::text as value, x.comment,
        coalesce(nullif(us.name, ''), us.email) as author,
        to_char(x.entered_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as entered_at
      from execution_entries x left join users us on us.id = x.entered_by
      where x.institution_id = ${query.institutionId} and x.activity_id = ${query.activityId}
        and x.comment is not null and x.comment <> ''
      order by x.month, x.entered_at`,
  );
  return rows.map((row) => ({
    month: row.month,
    value: toQuantity(row.value),
    comment: row.comment,
    author: row.author,
    enteredAt: row.entered_at,
  }));
}

export type ReprogrammingRecord = {
  id: string;
  status: "pending" | "approved" | "rejected";
  justification: string;
  oldValues: (number | null)[];
  newValues: (number | null)[];
  requestedBy: string | null;
  requestedAt: string;
  reviewedBy: string | null;
  reviewedAt: string | null;
  reviewComment: string | null;
};

/** An activity's reprogramming requests and their review, oldest first. */
export async function reprogrammingHistory(
  db: Db,
  query: { institutionId: string; activityId: string },
): Promise<ReprogrammingRecord[]> {
  const rows = await queryRows<{
    id: string;
    status: "pending" | "approved" | "rejected";
    justification: string;
    old_values: (string | null)[];
    new_values: (string | null)[];
    requested_by: string | null;
    requested_at: string;
    reviewed_by: string | null;
    reviewed_at: string | null;
    review_comment: string | null;
  }>(
    db,
    sql`select r.id, r.status, r.justification, r.old_values::text[] as old_values,
        r.new_values::text[] as new_values,
        coalesce(nullif(rq.name, ''), rq.email) as requested_by,
        to_char(r.requested_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as requested_at,
        coalesce(nullif(rv.name, ''), rv.email) as reviewed_by,
        to_char(r.reviewed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as reviewed_at,
        r.review_comment
      from reprogrammings r
      left join users rq on rq.id = r.requested_by
      left join users rv on rv.id = r.reviewed_by
      where r.institution_id = ${query.institutionId} and r.activity_id = ${query.activityId}
      order by r.requested_at, r.id`,
  );
  return rows.map((row) => ({
    id: row.id,
    status: row.status,
    justification: row.justification,
    oldValues: row.old_values.map(toQuantity),
    newValues: row.new_values.map(toQuantity),
    requestedBy: row.requested_by,
    requestedAt: row.requested_at,
    reviewedBy: row.reviewed_by,
    reviewedAt: row.reviewed_at,
    reviewComment: row.review_comment,
  }));
}
