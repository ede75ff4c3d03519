/**
 * The spreadsheet-like table of a plan: one row per activity (under its unit's row), its unit of
 * measure and META, the twelve months with each quarter's figure and the row's total (a sum for a
 * cumulative quantity, the last month's value for progress — shown with «%» — and stocks). In the
 * programming, a total that differs from META is flagged. Only the rows in view are in the page
 * (@tanstack/react-virtual), so 5,000 activities scroll as lightly as 50.
 *
 * What the user typed lives in `useGridDrafts` (drafts, refusals, saving), the keyboard and the
 * clipboard in `useGridKeyboard`; this file draws the rows. Cells the user may not change are
 * read-only and say why (aria-describedby); a refused entry keeps its message under the cell.
 * Figures are written as the totals are (`10,000`) except in the cell being edited (`10000`).
 */
// biome-ignore-all lint/a11y/useSemanticElements: a virtualised grid positions its rows itself, which table elements do not allow; the ARIA grid roles give the same semantics
// biome-ignore-all lint/a11y/useFocusableInteractive: the grid pattern's roving focus: one cell in the Tab order, the others reached with the arrows
import { Anchor, Button, VisuallyHidden } from "@mantine/core";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useRef, useState } from "react";
import type { MessageKey } from "../../i18n/es.js";
import { type Formatters, useI18n } from "../../i18n/index.js";
import { navigate } from "../../router.js";
import {
  addsUp,
  type GridActivity,
  type GridRow,
  type GridUnit,
  type Lock,
  MONTHS,
  type Mode,
  periodValue,
  targetGap,
} from "./grid-model.js";
import { type NewActivity, NewActivityRow } from "./new-activity-row.js";
import { type CommitResult, useGridDrafts } from "./use-grid-drafts.js";
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
  /** Saves a typed value: true once saved (the draft is then dropped), else the refusal's text. */
  onCommit: (activity: GridActivity, month: number, value: number | null) => Promise<CommitResult>;
  /** An editable cell of this activity got the focus: the page may fetch what a save will need. */
  onFocusActivity: (activity: GridActivity) => void;
  /** The cell with the focus, for the page's line telling what it is and why it is locked. */
  onFocusCell: (text: string | null) => void;
  /** Where the user may add activities (a planner programming a draft): the unit rows' button and the new row. */
  adding?: {
    open: (unit: GridUnit) => void;
    close: () => void;
    create: (unit: GridUnit, activity: NewActivity) => Promise<CommitResult>;
    pasteBlock: (unit: GridUnit, block: string) => void;
  };
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
  adding,
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
    onRefused: (activity, month, message) =>
      onFocusCell(t("grid.refused", { month: months[month - 1] ?? "", activity: activity.name, message })),
  });
  const keyboard = useGridKeyboard({ rows, drafts, lockOf, scroller, virtualizer });
  const { onKeyDown, onPaste } = keyboard;
  // The input being edited shows the raw number; the others, the figure as the totals write it.
  const [editing, setEditing] = useState<string | null>(null);

  /** A figure as the grid writes it: `10,000`, and `20 %` for a progress activity. */
  const figure = (activity: GridActivity, value: number | null) => {
    if (value === null) return "";
    const text = fmt.quantity(value);
    return activity.measureKind === "progress" ? t("grid.percent", { value: text }) : text;
  };
  const signed = (activity: GridActivity, value: number) =>
    value > 0 ? `+${figure(activity, value)}` : `−${figure(activity, -value)}`;

  const focusCell = (row: number, month: number, activity: GridActivity, lock: Lock, name: string) => {
    keyboard.focused({ row, month });
    if (month > 0 && !lock) onFocusActivity(activity);
    onFocusCell(lock ? `${name}: ${t(lock)}` : name);
  };

  const activityRow = (row: number, activity: GridActivity) => {
    const values = MONTHS.map((month) => drafts.shownValue(activity, month));
    const cells = [];
    const isStop = (month: number) => keyboard.isTabStop(row, month);
    const page = `/activities/${activity.id}`;
    const gap = mode === "programmed" ? targetGap(activity, values) : null;
    const gapText = gap
      ? t(addsUp(activity) ? "grid.gapSum" : "grid.gapLast", {
          total: figure(activity, gap.total),
          target: figure(activity, gap.target),
          difference: signed(activity, gap.difference),
        })
      : null;
    cells.push(
      <div
        key="name"
        role="rowheader"
        aria-colindex={1}
        className="plan-grid-cell plan-grid-name"
        title={activity.name}
      >
        {/* The name is the cell's focus stop and the activity's link: Enter or a click opens it. */}
        <Anchor
          href={page}
          className="plan-grid-link"
          tabIndex={isStop(0) ? 0 : -1}
          data-cell={`${row}:0`}
          onFocus={() => focusCell(row, 0, activity, null, activity.name)}
          onKeyDown={(event) => onKeyDown(event, row, 0, activity)}
          onClick={(event) => {
            if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey)
              return;
            event.preventDefault();
            navigate(page);
          }}
        >
          {activity.code ? `${activity.code} · ` : ""}
          {activity.name}
        </Anchor>
      </div>,
      <div
        key="unitOfMeasure"
        role="gridcell"
        aria-colindex={2}
        className="plan-grid-cell plan-grid-measure"
        title={activity.unitOfMeasure ?? undefined}
      >
        <span>{activity.unitOfMeasure ?? ""}</span>
      </div>,
      <div
        key="target"
        role="gridcell"
        aria-colindex={3}
        className={`plan-grid-cell plan-grid-target${gap ? " plan-grid-gap" : ""}`}
        data-testid={`target-${activity.id}`}
      >
        {figure(activity, activity.annualTarget)}
      </div>,
    );
    let column = 4;
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
        const refusal = drafts.refusalOf(activity, month);
        const saving = drafts.isSaving(activity, month);
        const classes = `plan-grid-cell${refusal ? " plan-grid-invalid" : ""}${saving ? " plan-grid-saving" : ""}`;
        if (lock) {
          const shown = figure(activity, values[month - 1] ?? null);
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
          const cell = `${row}:${month}`;
          const errorId = `grid-refusal-${activity.id}-${month}`;
          const text =
            editing === cell || drafts.hasDraft(activity, month)
              ? drafts.textOf(activity, month)
              : figure(activity, savedValue(activity, month));
          cells.push(
            <div key={month} role="gridcell" aria-colindex={colindex} className={classes}>
              <input
                className="plan-grid-input"
                inputMode="decimal"
                aria-label={name}
                aria-invalid={refusal ? true : undefined}
                aria-describedby={refusal ? errorId : undefined}
                aria-busy={saving || undefined}
                data-cell={cell}
                tabIndex={tabIndex}
                value={text}
                onFocus={(event) => {
                  onFocus();
                  setEditing(cell);
                  keyboard.selectText(event.currentTarget);
                }}
                onChange={(event) => drafts.type(activity, month, event.currentTarget.value)}
                onBlur={() => {
                  setEditing((current) => (current === cell ? null : current));
                  void drafts.commit(activity, month);
                }}
                onKeyDown={(event) => onKeyDown(event, row, month, activity)}
                onPaste={(event) => onPaste(event, row, month)}
              />
              {refusal && (
                <div
                  id={errorId}
                  className={`plan-grid-refusal${month > 6 ? " plan-grid-refusal-end" : ""}`}
                  data-testid={`refusal-${activity.id}-${month}`}
                >
                  {refusal}
                </div>
              )}
            </div>,
          );
        }
      }
      const figureOfQuarter = periodValue(activity, values.slice(quarter * 3 - 3, quarter * 3));
      cells.push(
        <div
          key={`q${quarter}`}
          role="gridcell"
          aria-colindex={column++}
          className="plan-grid-cell plan-grid-sum"
          data-testid={`q${quarter}-${activity.id}`}
        >
          {figure(activity, figureOfQuarter)}
        </div>,
      );
    }
    const total = periodValue(activity, values);
    cells.push(
      <div
        key="total"
        role="gridcell"
        aria-colindex={column}
        className={`plan-grid-cell plan-grid-sum${gap ? " plan-grid-gap" : ""}`}
        title={gapText ?? undefined}
      >
        {gapText && (
          <span className="plan-grid-gap-mark" data-testid={`gap-${activity.id}`}>
            <span aria-hidden="true">≠</span>
            <VisuallyHidden>{gapText}</VisuallyHidden>
          </span>
        )}
        <span data-testid={`total-${activity.id}`}>{figure(activity, total)}</span>
      </div>,
    );
    return cells;
  };

  const headers = [t("grid.activity"), t("grid.unitOfMeasure"), t("grid.target")];
  const headClass = ["plan-grid-name", "plan-grid-measure", "plan-grid-target"];
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
              className={`plan-grid-cell${index < headClass.length ? ` ${headClass[index]}` : ""}`}
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
            if (row.kind === "new") {
              return (
                adding && (
                  <NewActivityRow
                    key={`n-${row.unit.id}`}
                    unit={row.unit}
                    rowIndex={item.index + 2}
                    style={style}
                    onCreate={adding.create}
                    onPasteBlock={adding.pasteBlock}
                    onClose={adding.close}
                  />
                )
              );
            }
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
                    {adding && (
                      <Button
                        size="compact-xs"
                        variant="white"
                        ml="sm"
                        onClick={() => adding.open(row.unit)}
                        aria-label={t("grid.new.open", { unit: row.unit.name })}
                      >
                        {t("grid.new.openShort")}
                      </Button>
                    )}
                  </div>
                </div>
              );
            }
            const refused = MONTHS.some((month) => drafts.refusalOf(row.activity, month) !== undefined);
            return (
              <div
                key={row.activity.id}
                role="row"
                aria-rowindex={item.index + 2}
                className={`plan-grid-row${refused ? " plan-grid-row-refused" : ""}`}
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
