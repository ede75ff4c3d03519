/** A page of the institution's units in tree order (parents first), optionally only active or retired ones. */
import type { Db } from "../../db/connection.js";
import { type UnitNode, unitTree } from "../../db/org-units.js";
import { type Page, type Paging, slicePage } from "../../db/pagination.js";

export async function listUnits(
  db: Db,
  institutionId: string,
  filters: { active?: boolean },
  paging: Paging,
): Promise<Page<UnitNode>> {
  const tree = (await unitTree(db, institutionId)).filter(
    (unit) => filters.active === undefined || unit.active === filters.active,
  );
  return slicePage(tree, paging);
}
