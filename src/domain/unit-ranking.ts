/**
 * Which units a ranking compares: the units chart of the report (`report/build-units.ts`) and the
 * dashboard's units table (web) take the same level of the unit summary, so the chart names
 * exactly the units the table lists.
 */

/**
 * The depth of the compared units in a unit summary (its rows' `depth`, 0 at its root level):
 * the top level, or the level below when the summary has one root (an institution whose every
 * unit hangs from one head office, or a summary scoped to one unit) that has sub-units.
 */
export function rankedDepth(units: readonly { depth?: number | undefined }[]): number {
  const roots = units.filter((unit) => unit.depth === 0).length;
  return roots === 1 && units.some((unit) => unit.depth === 1) ? 1 : 0;
}
