/**
 * The spreadsheet-like table of a plan: one row per activity (under its unit's row), the twelve
 * months with each quarter's sum and the row's total. Only the rows in view are in the page
 * (@tanstack/react-virtual), so 5,000 activities scroll as lightly as 50.
 *
 * What the user typed lives in `useGridDrafts` (drafts, saving), the keyboard and the clipboard in
 * `useGridKeyboard`; this file draws the rows. Cells the user may not change are read-only and
 * say why (aria-describedby).
 */
// biome-ignore-all lint/a11y/useSemanticElements: a virtualised grid positions its rows itself, which table elements do not allow; the ARIA grid roles give the same semantics
// biome-ignore-all lint/a11y/useFocusableInteractive: the grid pattern's roving focus: one cell in the Tab order, the others reached with the arrows
import { VisuallyHidden } from "@mantine/core";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useRef } from "react";
import type { MessageKey } from "../../i18n/es.js";
import { type Formatters, useI18n } from "../../i18n/index.js";
import { type GridActivity, type GridRow, type Lock, MONTHS, type Mode, sumOf } from "./grid-model.js";
import { useGridDrafts } from "./use-grid-drafts.js";
import { useGridKeyboard } from "./use-grid-keyboard.js";
import "./grid.css";

const ROW_HEIGHT = 36;
const QUARTERS = [1, 2, 3, 4] as const;
const LOCKS: MessageKey[] = [
  "grid.why.notDraft",
  "grid.why.notPlanner",
  "grid.why.notInExecution",
  "grid.why.closed",
  "grid.why.otherUnit",
  "grid.why.notEditor",
];

type Props = {
  rows: GridRow[];
  mode: Mode;
  fmt: Formatters;
  label: string;
  /** The value of a month as saved (the page's latest, before any typing). */
  valueOf: (activity: GridActivity, month: number) => number | null;
  lockOf: (activity: GridActivity, month: number) => Lock;
  /** Saves a typed value; true once saved (the draft is then dropped). */
  onCommit: (activity: GridActivity, month: number, value: number | null) => Promise<boolean>;
  /** An editable cell of this activity got the focus: the page may fetch what a save will need. */
  onFocusActivity: (activity: GridActivity) => void;
  /** The cell with the focus, for the page's line telling what it is and why it is locked. */
  onFocusCell: (text: string | null) => void;
};

export function PlanGrid({
  rows,
  mode,
  fmt,
  label,
  valueOf: savedValue,
  lockOf,
  onCommit,
  onFocusActivity,
  onFocusCell,
}: Props) {
  const { t } = useI18n();
  const scroller = useRef<HTMLDivElement>(null);
  const months = t("grid.monthNames").split(",");
  const modeText = t(mode === "programmed" ? "grid.programmedOne" : "grid.executedOne");
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 6,
    // The header row sits above the rows inside the same scrolling box.
    scrollPaddingStart: ROW_HEIGHT,
  });
  const drafts = useGridDrafts({
    mode,
    savedValue,
    onCommit,
    onInvalid: (activity, month) =>
      onFocusCell(t("grid.invalidNumber", { month: months[month - 1] ?? "", activity: activity.name })),
  });
  const keyboard = useGridKeyboard({ rows, drafts, lockOf, scroller, virtualizer });
  const { onKeyDown, onPaste } = keyboard;

  const focusCell = (row: number, month: number, activity: GridActivity, lock: Lock, name: string) => {
    keyboard.focused({ row, month });
    if (month > 0 && !lock) onFocusActivity(activity);
    onFocusCell(lock ? `${name}: ${t(lock)}` : name);
  };

  const activityRow = (row: number, activity: GridActivity) => {
    const values = MONTHS.map((month) => drafts.shownValue(activity, month));
    const cells = [];
    const isStop = (month: number) => keyboard.isTabStop(row, month);
    cells.push(
      <div
        key="name"
        role="rowheader"
        aria-colindex={1}
        className="plan-grid-cell plan-grid-name"
        tabIndex={isStop(0) ? 0 : -1}
        data-cell={`${row}:0`}
        title={activity.name}
        onFocus={() => focusCell(row, 0, activity, null, activity.name)}
        onKeyDown={(event) => onKeyDown(event, row, 0, activity)}
      >
        <span>
          {activity.code ? `${activity.code} · ` : ""}
          {activity.name}
        </span>
      </div>,
    );
    let column = 2;
    for (const quarter of QUARTERS) {
      for (const month of [quarter * 3 - 2, quarter * 3 - 1, quarter * 3]) {
        const lock = lockOf(activity, month);
        const name = t("grid.cellLabel", {
          month: months[month - 1] ?? "",
          mode: modeText,
          activity: activity.name,
        });
        const colindex = column++;
        const tabIndex = isStop(month) ? 0 : -1;
        const onFocus = () => focusCell(row, month, activity, lock, name);
        const invalid = drafts.isInvalid(activity, month);
        const saving = drafts.isSaving(activity, month);
        const classes = `plan-grid-cell${invalid ? " plan-grid-invalid" : ""}${saving ? " plan-grid-saving" : ""}`;
        if (lock) {
          const shown = values[month - 1] === null ? "" : fmt.quantity(values[month - 1] ?? null);
          cells.push(
            <div
              key={month}
              role="gridcell"
              aria-colindex={colindex}
              data-cell={`${row}:${month}`}
              tabIndex={tabIndex}
              onFocus={onFocus}
              className={`${classes} plan-grid-readonly`}
              // The figure on screen is part of the name (WCAG 2.5.3, label in name).
              aria-label={shown ? `${name}: ${shown}` : name}
              aria-readonly="true"
              aria-describedby={`grid-why-${lock}`}
              onKeyDown={(event) => onKeyDown(event, row, month, activity)}
            >
              {shown}
            </div>,
          );
        } else {
          cells.push(
            <div key={month} role="gridcell" aria-colindex={colindex} className={classes}>
              <input
                className="plan-grid-input"
                inputMode="decimal"
                aria-label={name}
                aria-invalid={invalid || undefined}
                aria-busy={saving || undefined}
                data-cell={`${row}:${month}`}
                tabIndex={tabIndex}
                value={drafts.textOf(activity, month)}
                onFocus={(event) => {
                  onFocus();
                  event.currentTarget.select();
                }}
                onChange={(event) => drafts.type(activity, month, event.currentTarget.value)}
                onBlur={() => void drafts.commit(activity, month)}
                onKeyDown={(event) => onKeyDown(event, row, month, activity)}
                onPaste={(event) => onPaste(event, row, month)}
              />
            </div>,
          );
        }
      }
      const sum = sumOf(values.slice(quarter * 3 - 3, quarter * 3));
      cells.push(
        <div
          key={`q${quarter}`}
          role="gridcell"
          aria-colindex={column++}
          className="plan-grid-cell plan-grid-sum"
          data-testid={`q${quarter}-${activity.id}`}
        >
          {sum === null ? "" : fmt.quantity(sum)}
        </div>,
      );
    }
    const total = sumOf(values);
    cells.push(
      <div
        key="total"
        role="gridcell"
        aria-colindex={column}
        className="plan-grid-cell plan-grid-sum"
        data-testid={`total-${activity.id}`}
      >
        {total === null ? "" : fmt.quantity(total)}
      </div>,
    );
    return cells;
  };

  const headers = [t("grid.activity")];
  for (const quarter of QUARTERS) {
    headers.push(...months.slice(quarter * 3 - 3, quarter * 3), t("grid.quarter", { quarter }));
  }
  headers.push(t("grid.total"));

  return (
    <>
      {LOCKS.map((lock) => (
        <VisuallyHidden key={lock} id={`grid-why-${lock}`}>
          {t(lock)}
        </VisuallyHidden>
      ))}
      <div
        ref={scroller}
        className="plan-grid"
        role="grid"
        aria-label={label}
        aria-rowcount={rows.length + 1}
        aria-colcount={headers.length}
      >
        <div role="row" aria-rowindex={1} className="plan-grid-row plan-grid-head">
          {headers.map((header, index) => (
            <div
              key={header}
              role="columnheader"
              aria-colindex={index + 1}
              className={`plan-grid-cell${index === 0 ? " plan-grid-name" : ""}`}
            >
              {header}
            </div>
          ))}
        </div>
        <div role="rowgroup" className="plan-grid-body" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index] as GridRow;
            const style = {
              position: "absolute",
              top: 0,
              left: 0,
              transform: `translateY(${item.start}px)`,
            } as const;
            if (row.kind === "unit") {
              return (
                <div
                  key={`u-${row.unit.id}`}
                  role="row"
                  aria-rowindex={item.index + 2}
                  className="plan-grid-unit"
                  style={style}
                >
                  <div role="rowheader" aria-colindex={1} aria-colspan={headers.length}>
                    {t("grid.unitRow", { unit: row.unit.name, count: row.count })}
                  </div>
                </div>
              );
            }
            return (
              <div
                key={row.activity.id}
                role="row"
                aria-rowindex={item.index + 2}
                className="plan-grid-row"
                style={style}
              >
                {activityRow(item.index, row.activity)}
              </div>
            );
          })}
        </div>
      </div>
    </>
  );
}
