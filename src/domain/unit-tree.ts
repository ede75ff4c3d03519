/** Org units form a tree per institution (`parentId` null at the top). */

/** The unit's id and the ids of every unit below it. */
export function unitWithDescendants(
  tree: readonly { id: string; parentId: string | null }[],
  unitId: string,
): Set<string> {
  const found = new Set([unitId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const unit of tree) {
      if (unit.parentId && found.has(unit.parentId) && !found.has(unit.id)) {
        found.add(unit.id);
        grew = true;
      }
    }
  }
  return found;
}
