/**
 * The spreadsheet-like table of a plan: one row per activity (under its unit's row), the twelve
 * months with each quarter's sum and the row's total. Only the rows in view are in the page
 * (@tanstack/react-virtual), so 5,000 activities scroll as lightly as 50.
 *
 * Keyboard: one cell is in the Tab order at a time (the grid pattern's roving focus); arrows move
 * between cells (left/right once the caret is at the edge of the number), Enter saves and goes
 * down, Tab saves and goes right, Escape puts back the saved value, and a block pasted from Excel
 * fills the cells to the right and below. Cells the user may not change are read-only and say why
 * (aria-describedby).
 */
// biome-ignore-all lint/a11y/useSemanticElements: a virtualised grid positions its rows itself, which table elements do not allow; the ARIA grid roles give the same semantics
// biome-ignore-all lint/a11y/useFocusableInteractive: the grid pattern's roving focus: one cell in the Tab order, the others reached with the arrows
import { VisuallyHidden } from "@mantine/core";
import { useVirtualizer } from "@tanstack/react-virtual";
import { type ClipboardEvent, type KeyboardEvent, useEffect, useRef, useState } from "react";
import type { MessageKey } from "../../i18n/es.js";
import { type Formatters, useI18n } from "../../i18n/index.js";
import {
  type GridActivity,
  type GridRow,
  type Lock,
  MONTHS,
  type Mode,
  parseQuantity,
  pastedBlock,
  sumOf,
} from "./grid-model.js";
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

type Cell = { row: number; month: number };

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

const keyOf = (activity: GridActivity, month: number) => `${activity.id}:${month}`;

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
  const [drafts, setDrafts] = useState<Map<string, string>>(new Map());
  const [invalid, setInvalid] = useState<Set<string>>(new Set());
  const [saving, setSaving] = useState<Set<string>>(new Set());
  const [active, setActive] = useState<Cell | null>(null);
  const pendingFocus = useRef<Cell | null>(null);
  // Enter saves and moves the focus, whose blur would save the same draft a second time.
  const inFlight = useRef(new Set<string>());
  const months = t("grid.monthNames").split(",");
  const modeText = t(mode === "programmed" ? "grid.programmedOne" : "grid.executedOne");
  const firstActivity = rows.findIndex((row) => row.kind === "activity");
  const tabStop = active ?? (firstActivity >= 0 ? { row: firstActivity, month: 0 } : null);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 6,
    // The header row sits above the rows inside the same scrolling box.
    scrollPaddingStart: ROW_HEIGHT,
  });

  // Drafts belong to the rows and mode they were typed in.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the mode changes only
  useEffect(() => {
    setDrafts(new Map());
    setInvalid(new Set());
  }, [mode]);

  // A move by keyboard may target a row not yet drawn: scroll to it, then focus once it is.
  useEffect(() => {
    const target = pendingFocus.current;
    if (!target) return;
    const element = scroller.current?.querySelector<HTMLElement>(
      `[data-cell="${target.row}:${target.month}"]`,
    );
    if (element) {
      pendingFocus.current = null;
      element.focus();
    }
  });

  const moveTo = (cell: Cell) => {
    pendingFocus.current = cell;
    setActive(cell);
    virtualizer.scrollToIndex(cell.row, { align: "auto" });
  };

  const nextActivityRow = (from: number, step: 1 | -1): number | null => {
    for (let row = from + step; row >= 0 && row < rows.length; row += step) {
      if (rows[row]?.kind === "activity") return row;
    }
    return null;
  };

  const textOf = (activity: GridActivity, month: number) => {
    const draft = drafts.get(keyOf(activity, month));
    if (draft !== undefined) return draft;
    const value = savedValue(activity, month);
    return value === null ? "" : String(value);
  };

  const shownValue = (activity: GridActivity, month: number): number | null => {
    const parsed = parseQuantity(textOf(activity, month));
    return parsed === undefined ? savedValue(activity, month) : parsed;
  };

  const setDraft = (key: string, text: string | undefined) =>
    setDrafts((current) => {
      const next = new Map(current);
      if (text === undefined) next.delete(key);
      else next.set(key, text);
      return next;
    });

  const flag = (setter: typeof setInvalid, key: string, on: boolean) =>
    setter((current) => {
      const next = new Set(current);
      if (on) next.add(key);
      else next.delete(key);
      return next;
    });

  const commit = async (activity: GridActivity, month: number, text?: string) => {
    const key = keyOf(activity, month);
    const typed = text ?? drafts.get(key);
    if (typed === undefined || inFlight.current.has(key)) return;
    const value = parseQuantity(typed);
    if (value === undefined) {
      flag(setInvalid, key, true);
      onFocusCell(t("grid.invalidNumber", { month: months[month - 1] ?? "", activity: activity.name }));
      return;
    }
    flag(setInvalid, key, false);
    if (value === savedValue(activity, month)) {
      setDraft(key, undefined);
      return;
    }
    inFlight.current.add(key);
    flag(setSaving, key, true);
    const saved = await onCommit(activity, month, value).finally(() => inFlight.current.delete(key));
    flag(setSaving, key, false);
    if (saved) setDraft(key, undefined);
  };

  const onPaste = (event: ClipboardEvent<HTMLInputElement>, row: number, month: number) => {
    const block = pastedBlock(event.clipboardData.getData("text/plain"));
    if (block.length === 1 && block[0]?.length === 1) return;
    event.preventDefault();
    let target: number | null = row;
    for (const line of block) {
      if (target === null) break;
      const item = rows[target];
      if (item?.kind === "activity") {
        line.forEach((text, offset) => {
          const m = month + offset;
          if (m > 12 || lockOf(item.activity, m) !== null) return;
          setDraft(keyOf(item.activity, m), text.trim());
          void commit(item.activity, m, text.trim());
        });
      }
      target = nextActivityRow(target, 1);
    }
  };

  const onKeyDown = (
    event: KeyboardEvent<HTMLElement>,
    row: number,
    month: number,
    activity: GridActivity,
  ) => {
    const input = event.currentTarget instanceof HTMLInputElement ? event.currentTarget : null;
    const atStart = !input || (input.selectionStart === 0 && input.selectionEnd === 0);
    const atEnd = !input || input.selectionStart === input.value.length;
    const go = (cell: Cell | null) => {
      if (!cell) return;
      event.preventDefault();
      if (month > 0) void commit(activity, month);
      moveTo(cell);
    };
    const down = nextActivityRow(row, 1);
    const up = nextActivityRow(row, -1);
    switch (event.key) {
      case "ArrowDown":
        return go(down === null ? null : { row: down, month });
      case "ArrowUp":
        return go(up === null ? null : { row: up, month });
      case "ArrowRight":
        return atEnd && month < 12 ? go({ row, month: month + 1 }) : undefined;
      case "ArrowLeft":
        return atStart && month > 0 ? go({ row, month: month - 1 }) : undefined;
      case "Enter":
        return go(down === null ? { row, month } : { row: down, month });
      case "Tab":
        if (event.shiftKey) return month > 0 ? go({ row, month: month - 1 }) : undefined;
        return month < 12 ? go({ row, month: month + 1 }) : void commit(activity, month);
      case "Escape":
        setDraft(keyOf(activity, month), undefined);
        flag(setInvalid, keyOf(activity, month), false);
        return;
      default:
        return;
    }
  };

  const focusCell = (row: number, month: number, activity: GridActivity, lock: Lock, name: string) => {
    setActive({ row, month });
    if (month > 0 && !lock) onFocusActivity(activity);
    onFocusCell(lock ? `${name}: ${t(lock)}` : name);
  };

  const activityRow = (row: number, activity: GridActivity) => {
    const values = MONTHS.map((month) => shownValue(activity, month));
    const cells = [];
    const isStop = (month: number) => tabStop?.row === row && tabStop.month === month;
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
        const key = keyOf(activity, month);
        const lock = lockOf(activity, month);
        const name = t("grid.cellLabel", {
          month: months[month - 1] ?? "",
          mode: modeText,
          activity: activity.name,
        });
        const colindex = column++;
        const tabIndex = isStop(month) ? 0 : -1;
        const onFocus = () => focusCell(row, month, activity, lock, name);
        const classes = `plan-grid-cell${invalid.has(key) ? " plan-grid-invalid" : ""}${saving.has(key) ? " plan-grid-saving" : ""}`;
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
                aria-invalid={invalid.has(key) || undefined}
                aria-busy={saving.has(key) || undefined}
                data-cell={`${row}:${month}`}
                tabIndex={tabIndex}
                value={textOf(activity, month)}
                onFocus={(event) => {
                  onFocus();
                  event.currentTarget.select();
                }}
                onChange={(event) => setDraft(key, event.currentTarget.value)}
                onBlur={() => void commit(activity, month)}
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
