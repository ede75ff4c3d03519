/**
 * What the user typed in the grid and has not been saved yet: one draft per cell, the cells
 * whose text is not a number, and those being saved. A draft is dropped once saved (or when it
 * equals the saved value), and all are dropped when the grid switches between programmed and
 * executed.
 */
import { useEffect, useRef, useState } from "react";
import { type GridActivity, type Mode, parseQuantity } from "./grid-model.js";

type Options = {
  mode: Mode;
  /** The value of a month as saved. */
  savedValue: (activity: GridActivity, month: number) => number | null;
  /** Saves a value; true once saved. */
  onCommit: (activity: GridActivity, month: number, value: number | null) => Promise<boolean>;
  /** A draft that is not a number was to be saved. */
  onInvalid: (activity: GridActivity, month: number) => void;
};

const keyOf = (activity: GridActivity, month: number) => `${activity.id}:${month}`;

function toggled(current: Set<string>, key: string, on: boolean): Set<string> {
  const next = new Set(current);
  if (on) next.add(key);
  else next.delete(key);
  return next;
}

export function useGridDrafts({ mode, savedValue, onCommit, onInvalid }: Options) {
  const [drafts, setDrafts] = useState<Map<string, string>>(new Map());
  const [invalid, setInvalid] = useState<Set<string>>(new Set());
  const [saving, setSaving] = useState<Set<string>>(new Set());
  // Enter saves and moves the focus, whose blur would save the same draft a second time.
  const inFlight = useRef(new Set<string>());

  // Drafts belong to the rows and mode they were typed in.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the mode changes only
  useEffect(() => {
    setDrafts(new Map());
    setInvalid(new Set());
  }, [mode]);

  const setDraft = (key: string, text: string | undefined) =>
    setDrafts((current) => {
      const next = new Map(current);
      if (text === undefined) next.delete(key);
      else next.set(key, text);
      return next;
    });

  /** The text a cell shows: its draft, else the saved value. */
  const textOf = (activity: GridActivity, month: number) => {
    const draft = drafts.get(keyOf(activity, month));
    if (draft !== undefined) return draft;
    const value = savedValue(activity, month);
    return value === null ? "" : String(value);
  };

  /** The value the sums count: a draft that is a number, else the saved value. */
  const shownValue = (activity: GridActivity, month: number): number | null => {
    const parsed = parseQuantity(textOf(activity, month));
    return parsed === undefined ? savedValue(activity, month) : parsed;
  };

  /** Saves the cell's draft (or `text`, for a pasted cell) when it differs from the saved value. */
  const commit = async (activity: GridActivity, month: number, text?: string) => {
    const key = keyOf(activity, month);
    const typed = text ?? drafts.get(key);
    if (typed === undefined || inFlight.current.has(key)) return;
    const value = parseQuantity(typed);
    if (value === undefined) {
      setInvalid((current) => toggled(current, key, true));
      onInvalid(activity, month);
      return;
    }
    setInvalid((current) => toggled(current, key, false));
    if (value === savedValue(activity, month)) {
      setDraft(key, undefined);
      return;
    }
    inFlight.current.add(key);
    setSaving((current) => toggled(current, key, true));
    const saved = await onCommit(activity, month, value).finally(() => inFlight.current.delete(key));
    setSaving((current) => toggled(current, key, false));
    if (saved) setDraft(key, undefined);
  };

  /** Escape: the saved value comes back. */
  const discard = (activity: GridActivity, month: number) => {
    const key = keyOf(activity, month);
    setDraft(key, undefined);
    setInvalid((current) => toggled(current, key, false));
  };

  return {
    textOf,
    shownValue,
    type: (activity: GridActivity, month: number, text: string) => setDraft(keyOf(activity, month), text),
    commit,
    discard,
    isInvalid: (activity: GridActivity, month: number) => invalid.has(keyOf(activity, month)),
    isSaving: (activity: GridActivity, month: number) => saving.has(keyOf(activity, month)),
  };
}

export type GridDrafts = ReturnType<typeof useGridDrafts>;
