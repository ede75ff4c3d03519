/**
 * What the user typed in the grid and has not been saved yet: one draft per cell, the cells
 * whose text was refused (by the grid's own check or by the server) with the message to show
 * beside them, and those being saved. A draft is dropped once saved (or when it equals the saved
 * value); a refusal stays until the cell is saved or Escape puts the saved value back. All are
 * dropped when the grid switches between programmed and executed.
 */
import { useEffect, useRef, useState } from "react";
import { useI18n } from "../../i18n/index.js";
import { type GridActivity, type Mode, parseEntry } from "./grid-model.js";

/** A save's outcome: true once saved, else the refusal as the user reads it. */
export type CommitResult = true | string;

type Options = {
  mode: Mode;
  /** The value of a month as saved. */
  savedValue: (activity: GridActivity, month: number) => number | null;
  /** Saves a value. */
  onCommit: (activity: GridActivity, month: number, value: number | null) => Promise<CommitResult>;
  /** A cell's text was refused, with this message. */
  onRefused: (activity: GridActivity, month: number, message: string) => void;
};

/** A refusal: its message and the text it refused. */
type Refusal = { message: string; text: string };

const keyOf = (activity: GridActivity, month: number) => `${activity.id}:${month}`;

function toggled(current: Set<string>, key: string, on: boolean): Set<string> {
  const next = new Set(current);
  if (on) next.add(key);
  else next.delete(key);
  return next;
}

export function useGridDrafts({ mode, savedValue, onCommit, onRefused }: Options) {
  const { t } = useI18n();
  const [drafts, setDrafts] = useState<Map<string, string>>(new Map());
  const [refusals, setRefusals] = useState<Map<string, Refusal>>(new Map());
  const [saving, setSaving] = useState<Set<string>>(new Set());
  // Enter saves and moves the focus, whose blur would save the same draft a second time.
  const inFlight = useRef(new Set<string>());

  // Drafts belong to the rows and mode they were typed in.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the mode changes only
  useEffect(() => {
    setDrafts(new Map());
    setRefusals(new Map());
  }, [mode]);

  const setDraft = (key: string, text: string | undefined) =>
    setDrafts((current) => {
      const next = new Map(current);
      if (text === undefined) next.delete(key);
      else next.set(key, text);
      return next;
    });

  const setRefusal = (key: string, refusal: Refusal | undefined) =>
    setRefusals((current) => {
      if (refusal === undefined && !current.has(key)) return current;
      const next = new Map(current);
      if (refusal === undefined) next.delete(key);
      else next.set(key, refusal);
      return next;
    });

  const refuse = (activity: GridActivity, month: number, message: string, text: string) => {
    setRefusal(keyOf(activity, month), { message, text });
    onRefused(activity, month, message);
  };

  /** The text a cell shows while edited: its draft, else the saved value as typed (no separators). */
  const textOf = (activity: GridActivity, month: number) => {
    const draft = drafts.get(keyOf(activity, month));
    if (draft !== undefined) return draft;
    const value = savedValue(activity, month);
    return value === null ? "" : String(value);
  };

  /**
   * The value the quarter and the total count: a draft that is a valid entry, else the saved
   * value (a refused text never counts).
   */
  const shownValue = (activity: GridActivity, month: number): number | null => {
    const key = keyOf(activity, month);
    const draft = drafts.get(key);
    if (draft === undefined || refusals.get(key)?.text === draft) return savedValue(activity, month);
    const entry = parseEntry(draft, activity);
    return "error" in entry ? savedValue(activity, month) : entry.value;
  };

  /** Saves the cell's draft (or `text`, for a pasted cell) when it differs from the saved value. */
  const commit = async (activity: GridActivity, month: number, text?: string) => {
    const key = keyOf(activity, month);
    const typed = text ?? drafts.get(key);
    if (typed === undefined || inFlight.current.has(key)) return;
    const entry = parseEntry(typed, activity);
    if ("error" in entry) return refuse(activity, month, t(entry.error), typed);
    if (entry.value === savedValue(activity, month)) {
      setRefusal(key, undefined);
      setDraft(key, undefined);
      return;
    }
    inFlight.current.add(key);
    setSaving((current) => toggled(current, key, true));
    const result = await onCommit(activity, month, entry.value).finally(() => inFlight.current.delete(key));
    setSaving((current) => toggled(current, key, false));
    if (result === true) {
      setRefusal(key, undefined);
      setDraft(key, undefined);
    } else refuse(activity, month, result, typed);
  };

  /** Escape: the saved value comes back, and the refusal goes. */
  const discard = (activity: GridActivity, month: number) => {
    const key = keyOf(activity, month);
    setDraft(key, undefined);
    setRefusal(key, undefined);
  };

  return {
    textOf,
    shownValue,
    hasDraft: (activity: GridActivity, month: number) => drafts.has(keyOf(activity, month)),
    type: (activity: GridActivity, month: number, text: string) => setDraft(keyOf(activity, month), text),
    commit,
    discard,
    /** The message of the cell's refusal, shown beside it until it is saved or discarded. */
    refusalOf: (activity: GridActivity, month: number) => refusals.get(keyOf(activity, month))?.message,
    isSaving: (activity: GridActivity, month: number) => saving.has(keyOf(activity, month)),
  };
}

export type GridDrafts = ReturnType<typeof useGridDrafts>;
