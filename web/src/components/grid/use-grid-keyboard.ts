/**
 * The grid's keyboard and clipboard: one cell in the Tab order at a time (roving focus), arrows
 * between cells (left/right once the caret is at the edge of the number), Enter saves and goes
 * down (on an activity's name it opens the activity: the name is its link), Tab saves and goes
 * right, Escape puts back the saved value and selects it (what is typed next replaces it), and a
 * block pasted from Excel fills the cells to the right and below that the user may change.
 */
import type { Virtualizer } from "@tanstack/react-virtual";
import {
  type ClipboardEvent,
  type KeyboardEvent,
  type RefObject,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
} from "react";
import { type GridActivity, type GridRow, type Lock, pastedBlock } from "./grid-model.js";
import type { GridDrafts } from "./use-grid-drafts.js";

/** A cell by row index and month (0 = the activity's name). */
export type Cell = { row: number; month: number };

type Options = {
  rows: GridRow[];
  drafts: GridDrafts;
  lockOf: (activity: GridActivity, month: number) => Lock;
  scroller: RefObject<HTMLDivElement | null>;
  virtualizer: Virtualizer<HTMLDivElement, Element>;
};

export function useGridKeyboard({ rows, drafts, lockOf, scroller, virtualizer }: Options) {
  const [active, setActive] = useState<Cell | null>(null);
  const pendingFocus = useRef<Cell | null>(null);
  // An input whose text is replaced on this render (the saved value back, the raw number for
  // editing) and must be selected once it is: typing then replaces it.
  const pendingSelect = useRef<HTMLInputElement | null>(null);
  const firstActivity = rows.findIndex((row) => row.kind === "activity");
  const tabStop = active ?? (firstActivity >= 0 ? { row: firstActivity, month: 0 } : null);

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

  useLayoutEffect(() => {
    const input = pendingSelect.current;
    if (!input) return;
    pendingSelect.current = null;
    if (input === document.activeElement) input.select();
  });

  /** Selects the input's text now and again once the render that changes it is done. */
  const selectText = (input: HTMLInputElement) => {
    input.select();
    pendingSelect.current = input;
  };

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
          drafts.type(item.activity, m, text.trim());
          void drafts.commit(item.activity, m, text.trim());
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
      if (month > 0) void drafts.commit(activity, month);
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
        // On the name, the link opens the activity.
        if (month === 0) return;
        return go(down === null ? { row, month } : { row: down, month });
      case "Tab":
        if (event.shiftKey) return month > 0 ? go({ row, month: month - 1 }) : undefined;
        return month < 12 ? go({ row, month: month + 1 }) : void drafts.commit(activity, month);
      case "Escape":
        if (month === 0) return;
        event.preventDefault();
        drafts.discard(activity, month);
        if (input) selectText(input);
        return;
      default:
        return;
    }
  };

  return {
    /** The cell a focus event landed on becomes the Tab stop. */
    focused: (cell: Cell) => setActive(cell),
    isTabStop: (row: number, month: number) => tabStop?.row === row && tabStop.month === month,
    selectText,
    onKeyDown,
    onPaste,
  };
}
