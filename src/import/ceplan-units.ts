/**
 * Units of a CEPLAN export, a two-level tree: `CC Responsable` (responsible cost centre) over
 * `Centro de Costo`, each keyed by its ID (its name when the ID is empty). Names are kept exactly
 * as given: `DCCDEPARTAMENTO DE CUIDADOS CRITICOS` and `DEPARTAMENTO DE CUIDADOS CRITICOS` are two
 * cost centres of the source, not a typo to merge.
 */

import { fold } from "../domain/normalize.js";
import type { UnitDraft } from "../domain/plan-draft.js";
import { type CeplanTable, FIELDS } from "./ceplan-columns.js";

export type UnitTree = {
  units: UnitDraft[];
  /** The unit an activity row belongs to: its cost centre, else its responsible centre. */
  keyOf(row: number): string | undefined;
};

export function unitTree(table: CeplanTable): UnitTree {
  const { text, report } = table;
  const { fields } = table.columns;
  const units: UnitDraft[] = [];
  const byKey = new Map<string, UnitDraft>();
  const keyByRow = new Map<number, string | undefined>();

  const unit = (row: number, key: string, name: string, code: string, parentKey?: string) => {
    const col = (parentKey ? fields.costCentre : fields.responsible) ?? 0;
    const known = byKey.get(key);
    if (known) {
      if (name && fold(name) !== fold(known.name))
        report(
          row,
          col,
          "warning",
          "unit_name_conflict",
          `La unidad ${code || known.name} se llama «${known.name}» en una fila y «${name}» en esta; se conserva «${known.name}»`,
        );
      return key;
    }
    const created: UnitDraft = { key, name, ...(code ? { code } : {}), ...(parentKey ? { parentKey } : {}) };
    if (!name) {
      created.name = `${parentKey ? FIELDS.costCentre : FIELDS.responsible} ${code}`;
      report(
        row,
        col,
        "warning",
        "missing_unit_name",
        `La unidad ${code} no tiene nombre en el archivo; se la llama «${created.name}»`,
      );
    }
    byKey.set(key, created);
    units.push(created);
    return key;
  };

  for (const row of table.rows) {
    const parentCode = text(row, "responsibleCode");
    const parentName = text(row, "responsible");
    const childCode = text(row, "costCentreCode");
    const childName = text(row, "costCentre");
    const parentKey =
      parentCode || parentName
        ? unit(row, `R:${parentCode || parentName}`, parentName, parentCode)
        : undefined;
    // A cost centre with its responsible centre's own ID (`'06` under `'06`) is that same unit,
    // not a child of itself (nor a second unit with the same code).
    const sameAsParent = !!parentKey && !!childCode && childCode === parentCode;
    if (sameAsParent && childName && fold(childName) !== fold(parentName))
      report(
        row,
        fields.costCentre ?? 0,
        "warning",
        "unit_name_conflict",
        `El centro de costo ${childCode} tiene el código de su CC Responsable pero otro nombre («${childName}» / «${parentName}»); se toma como la misma unidad`,
      );
    const childKey =
      (childCode || childName) && !sameAsParent
        ? unit(row, `${parentKey ?? ""}/C:${childCode || childName}`, childName, childCode, parentKey)
        : undefined;
    keyByRow.set(row, childKey ?? parentKey);
  }
  return { units, keyOf: (row) => keyByRow.get(row) };
}
