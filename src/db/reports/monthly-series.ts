/** The charts' month-by-month and year-to-date figures (`../figures.ts`). */
import { sql } from "drizzle-orm";
import type { MeasureKind } from "../../domain/figures.js";
import { MONTHS } from "../../domain/months.js";
import type { MonthlySeries } from "../../domain/report-rows.js";
import { type Db, queryRows } from "../connection.js";
import {
  CUMULATIVE,
  column,
  executedColumn,
  type FigureScope,
  figures,
  fromWhere,
  type ProgrammingRole,
  source,
  two,
  withCtes,
} from "../figures.js";

/**
 * Month-by-month and year-to-date figures of a scope, all twelve months, in one query.
 *
 * Instead of twelve year-to-date figure expressions per activity, it sums each month column once
 * (all activities; and cumulative ones apart), plus the last-reported value through each month
 * for the others, and composes the year-to-date figures from those sums: the same numbers as
 * `programmedExpression`/`executedExpression` (the comparison test holds it to that), a third of
 * the work. With `kind`, only the activities of that kind (a plan that mixes quantity and
 * progress activities charts them apart: percentages are never added to quantities).
 */
export async function monthlySeries(
  db: Db,
  query: { scope: FigureScope; role?: ProgrammingRole; kind?: MeasureKind },
): Promise<MonthlySeries> {
  const src = source(query.scope, query.role ?? "current");
  const all = Array.from({ length: MONTHS }, (_, i) => i + 1);
  const name = (prefix: string, month: number) => sql.raw(`${prefix}${two(month)}`);
  // Executed months as the figures count them: a closed month with something programmed is 0.
  const month = (alias: "p" | "e", m: number) => (alias === "p" ? column("p", m) : executedColumn(m));
  const lastThrough = (alias: "p" | "e", through: number) =>
    sql.join(
      all
        .slice(0, through)
        .reverse()
        .map((m) => month(alias, m)),
      sql`, `,
    );
  const sums = all.flatMap((m) => [
    sql`sum(${month("p", m)}) as ${name("mp", m)}`,
    sql`sum(${month("e", m)}) as ${name("me", m)}`,
    sql`sum(${month("p", m)}) filter (where ${CUMULATIVE}) as ${name("cp", m)}`,
    sql`sum(${month("e", m)}) filter (where ${CUMULATIVE}) as ${name("ce", m)}`,
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
        from (select ${sql.join(sums, sql`, `)}
          ${fromWhere(src, query.kind ? { where: sql`a.measure_kind = ${query.kind}` } : {})}) sums`,
    ),
  );
  return {
    monthly: all.map((month) => figures(row[`mp${two(month)}`] ?? "0", row[`me${two(month)}`] ?? null)),
    cumulative: all.map((month) => figures(row[`yp${two(month)}`] ?? "0", row[`ye${two(month)}`] ?? null)),
  };
}
