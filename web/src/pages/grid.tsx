/**
 * The plan grid page: every activity of a plan with its twelve months, programmed or executed.
 * A planner programs a draft plan; an editor enters execution for the activities of their units
 * in open months, with a comment. A save based on a figure someone else changed meanwhile (the
 * server's 409 with the current entry) shows the other person's value and lets the user choose.
 * A refused save keeps its message under its cell (the grid's), worded by `problemText`.
 */
import {
  Alert,
  Button,
  Group,
  Modal,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useRef, useState } from "react";
import type { Activity, ProgrammedBody } from "../../../src/contract/activities.js";
import type {
  Entry,
  Execution,
  ExecutionBody,
  PlanMonths,
  RecordedEntry,
  Stale,
} from "../../../src/contract/execution.js";
import type { Plan } from "../../../src/contract/plans.js";
import { ApiError, api } from "../api.js";
import { ErrorAlert, useErrorText } from "../components/error-alert.js";
import { PasteActivities } from "../components/formulation/paste-activities.js";
import {
  accessOf,
  type GridActivity,
  type GridUnit,
  gridRows,
  lockOf,
  type Mode,
} from "../components/grid/grid-model.js";
import type { NewActivity } from "../components/grid/new-activity-row.js";
import { PlanGrid } from "../components/grid/plan-grid.js";
import type { CommitResult } from "../components/grid/use-grid-drafts.js";
import { PlanStatusBadge } from "../components/plan-status-badge.js";
import { useI18n } from "../i18n/index.js";
import { useUnits } from "../roles.js";
import { useMe } from "../session.js";
import { allPages } from "../workflow.js";
import { useWorkspace } from "../workspace.js";

type Conflict = { activity: GridActivity; month: number; mine: number | null; current: Entry };

export function GridPage({ planId }: { planId: string }) {
  const { t, formatters } = useI18n();
  const { institution, rememberPlan } = useWorkspace();
  const me = useMe();
  const client = useQueryClient();
  const iid = institution?.id ?? "";
  const base = `/api/institutions/${iid}`;
  const plan = useQuery({
    queryKey: ["plan", iid, planId],
    queryFn: () => api<Plan>(`${base}/plans/${planId}`),
  });
  const units = useUnits();
  const activities = useQuery({
    queryKey: ["grid", iid, planId],
    queryFn: () => allPages<Activity>(`${base}/plans/${planId}/activities`),
  });
  // The same key and the same data as «Cierre de meses» (pages/months.tsx): the list of months.
  const monthsKey = ["months", iid, planId];
  const months = useQuery({
    queryKey: monthsKey,
    queryFn: async () => (await api<PlanMonths>(`${base}/plans/${planId}/months`)).months,
  });

  // The navigation's plan links (dashboard, reports, grid) then lead back to this plan.
  const found = plan.isSuccess;
  useEffect(() => {
    if (iid && found) rememberPlan(iid, planId);
  }, [iid, found, planId, rememberPlan]);

  const [chosenMode, setMode] = useState<Mode | null>(null);
  const mode: Mode = chosenMode ?? (plan.data?.status === "draft" ? "programmed" : "executed");
  const [unitId, setUnitId] = useState<string | null>(null);
  const [search, setSearch] = useState("");
  const [comment, setComment] = useState("");
  const [focusText, setFocusText] = useState<string | null>(null);
  const errorText = useErrorText();
  const [conflict, setConflict] = useState<(Conflict & { resolve: (result: CommitResult) => void }) | null>(
    null,
  );
  // The last save's warning (a progress that went down): recorded, but worth a look.
  const [warning, setWarning] = useState<{ key: string; text: string } | null>(null);
  const [saved, setSaved] = useState<Map<string, number | null>>(new Map());
  // The latest saved values, for a programming save that follows another one on the same row.
  const savedRef = useRef(saved);
  const queue = useRef(new Map<string, Promise<unknown>>());

  // The unit whose new-activity row is open, and a block pasted into it for «Agregar actividades».
  const [addingTo, setAddingTo] = useState<string | null>(null);
  const [pasted, setPasted] = useState<{ unitId: string; block: string } | null>(null);

  const unitList = units.data ?? [];
  const closed = new Set((months.data ?? []).filter((m) => m.closed).map((m) => m.month));
  const membership = me.data?.user.memberships.find((item) => item.institution.id === iid);
  const access = accessOf(
    membership,
    me.data?.user.superAdmin ?? false,
    unitList,
    plan.data?.status ?? "closed",
    closed,
  );
  // Whoever may program the draft may add its activities, in the units still in use.
  const canAdd = mode === "programmed" && lockOf(access, mode, { unitId: "" }, 1) === null;
  const rows = useMemo(
    () =>
      gridRows(activities.data ?? [], unitList, { unitId, search }, { allowed: canAdd, unitId: addingTo }),
    [activities.data, unitList, unitId, search, canAdd, addingTo],
  );
  const fmt = formatters(institution?.locale);
  const savedKey = (activity: GridActivity, month: number) => `${mode}:${activity.id}:${month}`;

  const remember = (activity: GridActivity, month: number, value: number | null) => {
    const next = new Map(savedRef.current);
    next.set(`${mode}:${activity.id}:${month}`, value);
    savedRef.current = next;
    setSaved(next);
  };

  const savedValueOf = (activity: GridActivity, month: number): number | null => {
    const key = savedKey(activity, month);
    return saved.has(key) ? (saved.get(key) ?? null) : (activity[mode][month - 1] ?? null);
  };

  const executionKey = (activity: GridActivity) => ["execution", iid, activity.id];
  const execution = (activity: GridActivity) =>
    client.fetchQuery({
      queryKey: executionKey(activity),
      queryFn: () => api<Execution>(`${base}/activities/${activity.id}/execution`),
      staleTime: Number.POSITIVE_INFINITY,
    });

  const putExecution = async (
    activity: GridActivity,
    month: number,
    value: number | null,
    version: number,
  ) => {
    const entry = await api<RecordedEntry>(`${base}/activities/${activity.id}/execution/${month}`, {
      method: "PUT",
      body: {
        value,
        version,
        ...(comment.trim() ? { comment: comment.trim() } : {}),
      } satisfies ExecutionBody,
    });
    client.setQueryData<Execution>(executionKey(activity), (old) =>
      old
        ? { ...old, months: old.months.map((item) => (item.month === month ? { ...item, ...entry } : item)) }
        : old,
    );
    remember(activity, month, entry.value);
    const key = savedKey(activity, month);
    if (entry.warning) {
      const monthNames = t("problem.months").split(",");
      const { params } = entry.warning;
      setWarning({
        key,
        text: t("grid.progressDecrease", {
          activity: activity.name,
          value: fmt.quantity(entry.value),
          month: monthNames[params.month - 1] ?? params.month,
          previous: fmt.quantity(params.previous),
          previousMonth: monthNames[params.previousMonth - 1] ?? params.previousMonth,
        }),
      });
    } else setWarning((current) => (current?.key === key ? null : current));
  };

  const saveExecution = async (activity: GridActivity, month: number, value: number | null) => {
    const read = (await execution(activity)).months.find((item) => item.month === month);
    // Saved by someone else after this grid loaded, before this row was first read: the same choice as a 409.
    if (read && (read.value ?? null) !== savedValueOf(activity, month))
      return new Promise<CommitResult>((resolve) =>
        setConflict({ activity, month, mine: value, current: read, resolve }),
      );
    try {
      await putExecution(activity, month, value, read?.version ?? 0);
      return true as const;
    } catch (error) {
      // Only a stale version's 409 carries the entry as it is now.
      const current =
        error instanceof ApiError ? (error.problem as Partial<Stale> | undefined)?.current : undefined;
      if (current)
        return new Promise<CommitResult>((resolve) =>
          setConflict({ activity, month, mine: value, current, resolve }),
        );
      // A month closed or a plan moved on meanwhile: read the months again, the cell locks.
      if (error instanceof ApiError && error.status === 409)
        void client.invalidateQueries({ queryKey: monthsKey });
      throw error;
    }
  };

  const saveProgrammed = async (activity: GridActivity, month: number, value: number | null) => {
    const quantities = Array.from({ length: 12 }, (_, index) => {
      const key = `programmed:${activity.id}:${index + 1}`;
      return savedRef.current.has(key)
        ? (savedRef.current.get(key) ?? null)
        : (activity.programmed[index] ?? null);
    });
    quantities[month - 1] = value;
    await api(`${base}/activities/${activity.id}/programmed`, {
      method: "PUT",
      body: { quantities } satisfies ProgrammedBody,
    });
    remember(activity, month, value);
    return true as const;
  };

  const onCommit = (activity: GridActivity, month: number, value: number | null): Promise<CommitResult> => {
    // One save at a time per activity: a programming save sends the whole row.
    const previous = queue.current.get(activity.id) ?? Promise.resolve();
    const next = previous.then(async (): Promise<CommitResult> => {
      try {
        return await (mode === "programmed" ? saveProgrammed : saveExecution)(activity, month, value);
      } catch (error) {
        // The refusal stays under its cell until corrected.
        return errorText(error);
      }
    });
    queue.current.set(activity.id, next);
    return next;
  };

  const createActivity = async (unit: GridUnit, activity: NewActivity): Promise<CommitResult> => {
    try {
      await api<Activity>(`${base}/plans/${planId}/activities`, {
        method: "POST",
        body: {
          unitId: unit.id,
          name: activity.name,
          ...(activity.unitOfMeasure ? { unitOfMeasure: activity.unitOfMeasure } : {}),
          ...(activity.annualTarget === null ? {} : { annualTarget: activity.annualTarget }),
        },
      });
      await client.invalidateQueries({ queryKey: ["grid", iid, planId] });
      return true;
    } catch (error) {
      return errorText(error);
    }
  };

  const resolveConflict = async (keepMine: boolean) => {
    if (!conflict) return;
    const { activity, month, mine, current, resolve } = conflict;
    setConflict(null);
    client.setQueryData<Execution>(executionKey(activity), (old) =>
      old
        ? {
            ...old,
            months: old.months.map((item) => (item.month === month ? { ...item, ...current } : item)),
          }
        : old,
    );
    if (!keepMine) {
      remember(activity, month, current.value);
      return resolve(true);
    }
    try {
      await putExecution(activity, month, mine, current.version);
      resolve(true);
    } catch (error) {
      resolve(errorText(error));
    }
  };

  const loading = [plan, units, activities, months].find((item) => item.isPending);
  const failed = [plan, units, activities, months].find((item) => item.isError);
  const who = conflict?.current.enteredBy?.name || conflict?.current.enteredBy?.email || t("grid.someone");
  const when = conflict?.current.enteredAt
    ? new Date(conflict.current.enteredAt).toLocaleString(institution?.locale)
    : "";

  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        {plan.data
          ? t("grid.title", { plan: `${plan.data.kind} ${plan.data.year} · ${plan.data.title}` })
          : t("grid.titleShort")}
      </Title>
      {plan.data && (
        <Group>
          <PlanStatusBadge status={plan.data.status} />
        </Group>
      )}
      <ErrorAlert error={failed?.error} />
      {loading && <Text>{t("grid.loading")}</Text>}
      {!loading && !failed && (
        <>
          <Group align="flex-end" wrap="wrap" gap="sm">
            <SegmentedControl
              aria-label={t("grid.mode")}
              value={mode}
              onChange={(value) => setMode(value as Mode)}
              data={[
                { value: "programmed", label: t("grid.programmed") },
                { value: "executed", label: t("grid.executed") },
              ]}
            />
            <Select
              label={t("grid.unitFilter")}
              placeholder={t("grid.allUnits")}
              data={unitList.map((unit) => ({ value: unit.id, label: unit.name }))}
              value={unitId}
              onChange={setUnitId}
              clearable
              searchable
              w={280}
            />
            <TextInput
              label={t("grid.search")}
              value={search}
              onChange={(event) => setSearch(event.currentTarget.value)}
              w={240}
            />
            {mode === "executed" && (
              <TextInput
                label={t("grid.comment")}
                value={comment}
                onChange={(event) => setComment(event.currentTarget.value)}
                maxLength={4000}
                w={320}
              />
            )}
          </Group>
          <Text size="sm">
            {t("grid.count", {
              shown: rows.filter((row) => row.kind === "activity").length,
              total: activities.data?.length ?? 0,
            })}
          </Text>
          {warning && (
            <Alert
              color="yellow"
              role="status"
              withCloseButton
              closeButtonLabel={t("grid.warningClose")}
              onClose={() => setWarning(null)}
              data-testid="grid-warning"
            >
              {warning.text}
            </Alert>
          )}
          <Text size="sm" aria-live="polite" data-testid="grid-focus" mih="1.5em">
            {focusText ?? t("grid.keys")}
          </Text>
          <PlanGrid
            rows={rows}
            mode={mode}
            fmt={fmt}
            label={t(mode === "programmed" ? "grid.labelProgrammed" : "grid.labelExecuted")}
            valueOf={savedValueOf}
            lockOf={(activity, month) => lockOf(access, mode, activity, month)}
            onCommit={onCommit}
            onFocusActivity={(activity) => {
              // The versions a save sends are the ones read when the user started typing.
              if (mode === "executed") void execution(activity).catch(() => undefined);
            }}
            onFocusCell={setFocusText}
            adding={
              canAdd
                ? {
                    open: (unit) => setAddingTo(unit.id),
                    close: () => setAddingTo(null),
                    create: createActivity,
                    pasteBlock: (unit, block) => setPasted({ unitId: unit.id, block }),
                  }
                : undefined
            }
          />
        </>
      )}
      {pasted && (
        <PasteActivities
          institutionId={iid}
          planId={planId}
          units={units.data ?? []}
          unitId={pasted.unitId}
          block={pasted.block}
          onClose={() => setPasted(null)}
          onCreated={() => client.invalidateQueries({ queryKey: ["grid", iid, planId] })}
        />
      )}
      <Modal
        opened={conflict !== null}
        // The user must choose: no way out of the dialog but its two buttons.
        onClose={() => undefined}
        title={t("grid.conflictTitle")}
        withCloseButton={false}
        // Shown at once: a fading dialog would be read half-transparent.
        transitionProps={{ duration: 0 }}
        closeOnEscape={false}
        closeOnClickOutside={false}
      >
        {conflict && (
          <Stack gap="md">
            <Text>
              {t("grid.conflict", {
                value: fmt.quantity(conflict.current.value),
                who,
                when,
              })}
            </Text>
            <Text size="sm">{t("grid.conflictMine", { value: fmt.quantity(conflict.mine) })}</Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => void resolveConflict(false)}>
                {t("grid.takeTheirs")}
              </Button>
              <Button onClick={() => void resolveConflict(true)}>{t("grid.keepMine")}</Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}
