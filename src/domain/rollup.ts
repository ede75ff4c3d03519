import { AppError, type ReasonOf } from "./errors.js";
import { type Figures, kindTotals, type MeasureKind, sumFigures } from "./figures.js";
import { DEFAULT_THRESHOLDS, type Thresholds, type TrafficLight, trafficLight } from "./traffic-light.js";

export type OrgUnitNode = { id: string; parentId: string | null; name: string };

/** An activity's figures for the period being rolled up (see `periodFigures`). */
export type ActivityFigures = {
  unitId: string;
  figures: Figures;
  /** `false` = withdrawn: left out of every sum and count. Defaults to active. */
  active?: boolean;
  /** Quantity (default) or progress: the two kinds are totalled apart, never summed together. */
  measureKind?: MeasureKind;
};

/**
 * Figures of a unit or of the institution: its quantity activities' total (its progress ones'
 * when it has no quantity activity), with the progress total apart when it mixes both kinds.
 */
export type RolledFigures = Figures & { progress?: Figures };

/** Figures to sum by kind, with how many activities each kind has. */
type KindSums = { quantity: Figures[]; progress: Figures[]; quantityCount: number; progressCount: number };

function rolled(sums: KindSums): RolledFigures {
  const { main, progress } = kindTotals(
    { ...sumFigures(sums.quantity), activityCount: sums.quantityCount },
    { ...sumFigures(sums.progress), activityCount: sums.progressCount },
  );
  const plain = ({ programmed, executed, executionPct }: Figures): Figures => ({
    programmed,
    executed,
    executionPct,
  });
  return progress ? { ...plain(main), progress: plain(progress) } : plain(main);
}

export type UnitRollup = {
  id: string;
  parentId: string | null;
  name: string;
  /** 0 for a root unit. */
  depth: number;
  /** The unit's own activities only. */
  own: RolledFigures;
  /** Its own activities plus those of every unit below it. */
  subtree: RolledFigures;
  /** Light of `subtree.executionPct` (the figure a unit is judged by). */
  light: TrafficLight | null;
  ownActivityCount: number;
  subtreeActivityCount: number;
  /** Activities whose own % is red (activities with nothing programmed have no light). */
  ownRedCount: number;
  subtreeRedCount: number;
};

export type InstitutionRollup = {
  /** Every unit, depth-first with parents before their children, siblings in input order. */
  units: UnitRollup[];
  total: RolledFigures & { light: TrafficLight | null; activityCount: number; redCount: number };
};

const empty = (): KindSums => ({ quantity: [], progress: [], quantityCount: 0, progressCount: 0 });

/** The sums of several sets, each kind summed once (exact: sums of exact sums). */
function combine(parts: readonly KindSums[]): KindSums {
  return {
    quantity: parts.map((part) => sumFigures(part.quantity)),
    progress: parts.map((part) => sumFigures(part.progress)),
    quantityCount: parts.reduce((n, part) => n + part.quantityCount, 0),
    progressCount: parts.reduce((n, part) => n + part.progressCount, 0),
  };
}

function integrity(message: string, field: string, reason: ReasonOf<"validation">): AppError {
  return new AppError("validation", message, field, reason);
}

/**
 * Rolls figures up an org-unit tree of any depth. Sums quantities and recomputes each % from the
 * sums (never averages percentages). Throws an `AppError` for a duplicate unit, a parent or
 * activity unit that does not exist, or a cycle in the tree.
 */
export function rollUp(
  units: readonly OrgUnitNode[],
  activities: readonly ActivityFigures[],
  thresholds: Thresholds = DEFAULT_THRESHOLDS,
): InstitutionRollup {
  const byId = new Map<string, OrgUnitNode>();
  for (const unit of units) {
    if (byId.has(unit.id))
      throw integrity(`La unidad orgánica "${unit.name}" está repetida (${unit.id}).`, "id", {
        code: "duplicate_unit",
        params: { unit: unit.name, id: unit.id },
      });
    byId.set(unit.id, unit);
  }
  const children = new Map<string | null, OrgUnitNode[]>();
  for (const unit of units) {
    if (unit.parentId !== null && !byId.has(unit.parentId)) {
      throw integrity(
        `La unidad orgánica "${unit.name}" depende de una unidad que no existe (${unit.parentId}).`,
        "parentId",
        { code: "parent_unit_not_found", params: { unit: unit.name, parent: unit.parentId } },
      );
    }
    const siblings = children.get(unit.parentId) ?? [];
    siblings.push(unit);
    children.set(unit.parentId, siblings);
  }
  checkNoCycle(units, byId);

  const ownActivities = new Map<string, KindSums>();
  const redCount = new Map<string, number>();
  for (const activity of activities) {
    if (activity.active === false) continue;
    if (!byId.has(activity.unitId)) {
      throw integrity(
        `Una actividad pertenece a una unidad orgánica que no existe (${activity.unitId}).`,
        "unitId",
        { code: "unknown_unit", params: { unit: activity.unitId } },
      );
    }
    const sums = ownActivities.get(activity.unitId) ?? empty();
    if (activity.measureKind === "progress") {
      sums.progress.push(activity.figures);
      sums.progressCount++;
    } else {
      sums.quantity.push(activity.figures);
      sums.quantityCount++;
    }
    ownActivities.set(activity.unitId, sums);
    if (trafficLight(activity.figures.executionPct, thresholds) === "red") {
      redCount.set(activity.unitId, (redCount.get(activity.unitId) ?? 0) + 1);
    }
  }

  // Pre-order (parents before children) is the order reports show; walking it backwards
  // meets every child before its parent, so each subtree is summed once.
  const order: { unit: OrgUnitNode; depth: number }[] = [];
  const stack = [...(children.get(null) ?? [])].reverse().map((unit) => ({ unit, depth: 0 }));
  for (let next = stack.pop(); next; next = stack.pop()) {
    order.push(next);
    const below = children.get(next.unit.id) ?? [];
    for (let i = below.length - 1; i >= 0; i--)
      stack.push({ unit: below[i] as OrgUnitNode, depth: next.depth + 1 });
  }
  const done = new Map<string, UnitRollup>();
  // Each subtree's activity figures by kind, summed once from its own and its children's.
  const subtreeSums = new Map<string, KindSums>();
  for (let i = order.length - 1; i >= 0; i--) {
    const { unit, depth } = order[i] as { unit: OrgUnitNode; depth: number };
    const ownSums = ownActivities.get(unit.id) ?? empty();
    const own = [...ownSums.quantity, ...ownSums.progress];
    const ownFigures = rolled(ownSums);
    const below = (children.get(unit.id) ?? []).map((child) => done.get(child.id) as UnitRollup);
    const treeSums = combine([
      ownSums,
      ...(children.get(unit.id) ?? []).map((child) => subtreeSums.get(child.id) as KindSums),
    ]);
    subtreeSums.set(unit.id, treeSums);
    const subtree = rolled(treeSums);
    const ownRed = redCount.get(unit.id) ?? 0;
    done.set(unit.id, {
      id: unit.id,
      parentId: unit.parentId,
      name: unit.name,
      depth,
      own: ownFigures,
      subtree,
      light: trafficLight(subtree.executionPct, thresholds),
      ownActivityCount: own.length,
      subtreeActivityCount: own.length + below.reduce((n, child) => n + child.subtreeActivityCount, 0),
      ownRedCount: ownRed,
      subtreeRedCount: ownRed + below.reduce((n, child) => n + child.subtreeRedCount, 0),
    });
  }
  const result = order.map(({ unit }) => done.get(unit.id) as UnitRollup);
  const roots = result.filter((unit) => unit.parentId === null);

  const total = rolled(combine(roots.map((root) => subtreeSums.get(root.id) as KindSums)));
  return {
    units: result,
    total: {
      ...total,
      light: trafficLight(total.executionPct, thresholds),
      activityCount: roots.reduce((n, root) => n + root.subtreeActivityCount, 0),
      redCount: roots.reduce((n, root) => n + root.subtreeRedCount, 0),
    },
  };
}

function checkNoCycle(units: readonly OrgUnitNode[], byId: ReadonlyMap<string, OrgUnitNode>): void {
  const safe = new Set<string>();
  for (const start of units) {
    const path: OrgUnitNode[] = [];
    const onPath = new Set<string>();
    let unit: OrgUnitNode | undefined = start;
    while (unit && !safe.has(unit.id)) {
      if (onPath.has(unit.id)) {
        const from = path.findIndex((u) => u.id === unit?.id);
        const names = [...path.slice(from), unit].map((u) => `"${u.name}"`).join(" → ");
        throw integrity(
          `Las unidades orgánicas forman un ciclo: ${names}. Una unidad no puede depender de sí misma.`,
          "parentId",
          { code: "unit_cycle", params: { units: names } },
        );
      }
      onPath.add(unit.id);
      path.push(unit);
      unit = unit.parentId === null ? undefined : byId.get(unit.parentId);
    }
    for (const id of onPath) safe.add(id);
  }
}
