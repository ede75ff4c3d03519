/**
 * The grid's row where a planner types a new activity of a unit: name, unit of measure and META
 * in the grid's own columns; Enter creates it (it appears above, ready for its months) and the
 * row empties for the next one; Escape closes the row. A block of rows pasted from Excel into it
 * goes to «Agregar actividades», which previews the rows before creating them.
 */
// biome-ignore-all lint/a11y/useSemanticElements: a row of the virtualised ARIA grid (see plan-grid.tsx)
// biome-ignore-all lint/a11y/useFocusableInteractive: the focus goes to the inputs and buttons inside the cells
import { Button } from "@mantine/core";
import { type ClipboardEvent, type KeyboardEvent, useEffect, useRef, useState } from "react";
import type { MessageKey } from "../../i18n/es.js";
import { useI18n } from "../../i18n/index.js";
import type { GridUnit } from "./grid-model.js";
import { parseQuantity } from "./grid-model.js";

/** What the row sends; the page creates the activity and answers true, or the refusal's text. */
export type NewActivity = { name: string; unitOfMeasure: string; annualTarget: number | null };

type Props = {
  unit: GridUnit;
  rowIndex: number;
  style: React.CSSProperties;
  onCreate: (unit: GridUnit, activity: NewActivity) => Promise<true | string>;
  onPasteBlock: (unit: GridUnit, block: string) => void;
  onClose: () => void;
};

export function NewActivityRow({ unit, rowIndex, style, onCreate, onPasteBlock, onClose }: Props) {
  const { t } = useI18n();
  const [name, setName] = useState("");
  const [measure, setMeasure] = useState("");
  const [target, setTarget] = useState("");
  const [message, setMessage] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const nameInput = useRef<HTMLInputElement>(null);

  useEffect(() => nameInput.current?.focus(), []);

  const submit = async () => {
    if (saving) return;
    if (!name.trim()) return setMessage(t("grid.new.nameMissing"));
    const annualTarget = parseQuantity(target);
    if (annualTarget === undefined) return setMessage(t("grid.error.notNumber"));
    setSaving(true);
    const result = await onCreate(unit, { name: name.trim(), unitOfMeasure: measure.trim(), annualTarget });
    setSaving(false);
    if (result !== true) return setMessage(result);
    setName("");
    setMeasure("");
    setTarget("");
    setMessage(t("grid.new.created", { name: name.trim() }));
    nameInput.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "Enter") {
      event.preventDefault();
      void submit();
    } else if (event.key === "Escape") {
      event.preventDefault();
      onClose();
    }
  };

  const onPaste = (event: ClipboardEvent<HTMLInputElement>) => {
    const block = event.clipboardData.getData("text/plain");
    if (!/[\t\n]/.test(block.replace(/\r?\n$/, ""))) return;
    event.preventDefault();
    onPasteBlock(unit, block);
  };

  const input = (label: MessageKey, value: string, set: (text: string) => void, extra = {}) => (
    <input
      className="plan-grid-input plan-grid-new-input"
      aria-label={t(label, { unit: unit.name })}
      value={value}
      onChange={(event) => {
        set(event.currentTarget.value);
        setMessage(null);
      }}
      onKeyDown={onKeyDown}
      onPaste={onPaste}
      // Read-only, not disabled, while saving: a disabled input would lose the focus.
      readOnly={saving}
      {...extra}
    />
  );

  return (
    <div role="row" aria-rowindex={rowIndex} className="plan-grid-row plan-grid-new" style={style}>
      <div role="rowheader" aria-colindex={1} className="plan-grid-cell plan-grid-name">
        {input("grid.new.name", name, setName, {
          ref: nameInput,
          placeholder: t("grid.new.namePlaceholder"),
        })}
      </div>
      <div role="gridcell" aria-colindex={2} className="plan-grid-cell plan-grid-measure">
        {input("grid.new.measure", measure, setMeasure)}
      </div>
      <div role="gridcell" aria-colindex={3} className="plan-grid-cell plan-grid-target">
        {input("grid.new.target", target, setTarget, { inputMode: "decimal" })}
      </div>
      <div role="gridcell" aria-colindex={4} className="plan-grid-cell plan-grid-new-actions">
        <Button size="compact-sm" onClick={() => void submit()} loading={saving}>
          {t("grid.new.save")}
        </Button>
        <Button size="compact-sm" variant="default" onClick={onClose}>
          {t("grid.new.close")}
        </Button>
        <span className="plan-grid-new-message" role="status" data-testid={`new-row-message-${unit.id}`}>
          {message ?? t("grid.new.hint")}
        </span>
      </div>
    </div>
  );
}
