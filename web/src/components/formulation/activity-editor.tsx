/**
 * The activity editor (a dialog): every field of an activity, to create one in a draft plan or
 * change it. Empty texts are left out of a new activity and cleared (null) on a change; the
 * server checks the rest (a unit that receives activities, dates in order, twin names) and its
 * refusal shows beside the field it names.
 */
import {
  Button,
  Checkbox,
  Group,
  Modal,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
} from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import type { Activity, CreateActivityBody, PatchActivityBody } from "../../../../src/contract/activities.js";
import type { UnitNode } from "../../../../src/contract/units.js";
import { measureKinds } from "../../../../src/domain/figures.js";
import { api } from "../../api.js";
import type { MessageKey } from "../../i18n/es.js";
import { useI18n } from "../../i18n/index.js";
import { ErrorAlert } from "../error-alert.js";
import { useFieldError } from "../workflow/field-error.js";

const TEXTS = [
  "code",
  "name",
  "project",
  "objective",
  "location",
  "budgetActivity",
  "unitOfMeasure",
  "goal",
  "responsible",
  "oeiCode",
  "oeiName",
  "aeiCode",
  "aeiName",
  "startDate",
  "endDate",
] as const;
type TextField = (typeof TEXTS)[number];

type Draft = Record<TextField, string> & {
  unitId: string | null;
  measureKind: Activity["measureKind"];
  cumulative: boolean;
  annualTarget: number | string;
  priority: number | string;
};

const ALL_FIELDS = [...TEXTS, "unitId", "measureKind", "cumulative", "annualTarget", "priority"];

function draftOf(activity: Activity | undefined, unitId: string | null): Draft {
  const texts = Object.fromEntries(TEXTS.map((field) => [field, activity?.[field] ?? ""])) as Record<
    TextField,
    string
  >;
  return {
    ...texts,
    unitId: activity?.unitId ?? unitId,
    measureKind: activity?.measureKind ?? "quantity",
    cumulative: activity?.cumulative ?? true,
    annualTarget: activity?.annualTarget ?? "",
    priority: activity?.priority ?? "",
  };
}

function bodyOf(draft: Draft, creating: boolean): CreateActivityBody | PatchActivityBody {
  const body: Record<string, unknown> = {
    unitId: draft.unitId ?? "",
    name: draft.name.trim(),
    measureKind: draft.measureKind,
    cumulative: draft.cumulative,
  };
  for (const field of TEXTS) {
    if (field === "name") continue;
    const value = draft[field].trim();
    if (value) body[field] = value;
    else if (!creating) body[field] = null;
  }
  for (const field of ["annualTarget", "priority"] as const) {
    const value = draft[field];
    if (value !== "") body[field] = Number(value);
    else if (!creating) body[field] = null;
  }
  return body as CreateActivityBody;
}

type Props = {
  institutionId: string;
  planId: string;
  units: UnitNode[];
  /** The activity to change; none = a new one. */
  activity?: Activity;
  /** The unit a new activity starts in (the list's filter). */
  unitId?: string | null;
  onClose: () => void;
  onSaved: (activity: Activity) => void | Promise<void>;
};

export function ActivityEditor({
  institutionId,
  planId,
  units,
  activity,
  unitId = null,
  onClose,
  onSaved,
}: Props) {
  const { t } = useI18n();
  const fieldError = useFieldError();
  const [draft, setDraft] = useState<Draft>(() => draftOf(activity, unitId));
  const creating = activity === undefined;
  const save = useMutation({
    mutationFn: () =>
      creating
        ? api<Activity>(`/api/institutions/${institutionId}/plans/${planId}/activities`, {
            method: "POST",
            body: bodyOf(draft, true),
          })
        : api<Activity>(`/api/institutions/${institutionId}/activities/${activity.id}`, {
            method: "PATCH",
            body: bodyOf(draft, false),
          }),
    onSuccess: async (saved) => {
      await onSaved(saved);
      onClose();
    },
  });
  const known = ALL_FIELDS.some((field) => fieldError(save.error, field));
  const text = (field: TextField, props: { required?: boolean; type?: string; multiline?: boolean } = {}) => {
    const common = {
      label: t(`activityForm.${field}` as MessageKey),
      value: draft[field],
      error: fieldError(save.error, field),
      required: props.required ?? false,
    };
    return props.multiline ? (
      <Textarea
        key={field}
        {...common}
        autosize
        minRows={1}
        maxRows={4}
        onChange={(event) => setDraft({ ...draft, [field]: event.currentTarget.value })}
      />
    ) : (
      <TextInput
        key={field}
        {...common}
        {...(props.type ? { type: props.type } : {})}
        onChange={(event) => setDraft({ ...draft, [field]: event.currentTarget.value })}
      />
    );
  };
  return (
    <Modal
      opened
      closeButtonProps={{ "aria-label": t("common.cancel") }}
      onClose={onClose}
      size="xl"
      title={creating ? t("activityForm.newTitle") : t("activityForm.editTitle", { name: activity.name })}
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate();
        }}
      >
        <Stack gap="sm">
          <Select
            label={t("activityForm.unitId")}
            data={units
              .filter((unit) => unit.active || unit.id === draft.unitId)
              .map((unit) => ({ value: unit.id, label: `${"· ".repeat(unit.depth)}${unit.name}` }))}
            value={draft.unitId}
            onChange={(value) => setDraft({ ...draft, unitId: value })}
            error={fieldError(save.error, "unitId")}
            searchable
            required
          />
          {text("name", { required: true, multiline: true })}
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            {text("code")}
            {text("location")}
            {text("responsible")}
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {text("project", { multiline: true })}
            {text("budgetActivity", { multiline: true })}
            {text("objective", { multiline: true })}
            {text("goal", { multiline: true })}
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            {text("unitOfMeasure")}
            <Select
              label={t("activityForm.measureKind")}
              data={measureKinds.map((value) => ({ value, label: t(`activityForm.measureKind.${value}`) }))}
              value={draft.measureKind}
              onChange={(value) =>
                value && setDraft({ ...draft, measureKind: value as Activity["measureKind"] })
              }
              error={fieldError(save.error, "measureKind")}
              allowDeselect={false}
            />
            <NumberInput
              label={t("activityForm.annualTarget")}
              value={draft.annualTarget}
              onChange={(value) => setDraft({ ...draft, annualTarget: value })}
              error={fieldError(save.error, "annualTarget")}
              decimalScale={4}
              min={0}
            />
          </SimpleGrid>
          <Checkbox
            label={t("activityForm.cumulative")}
            description={t("activityForm.cumulativeHint")}
            checked={draft.cumulative}
            onChange={(event) => setDraft({ ...draft, cumulative: event.currentTarget.checked })}
          />
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            {text("startDate", { type: "date" })}
            {text("endDate", { type: "date" })}
            <NumberInput
              label={t("activityForm.priority")}
              value={draft.priority}
              onChange={(value) => setDraft({ ...draft, priority: value })}
              error={fieldError(save.error, "priority")}
              allowDecimal={false}
            />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 4 }}>
            {text("oeiCode")}
            {text("oeiName")}
            {text("aeiCode")}
            {text("aeiName")}
          </SimpleGrid>
          {!known && <ErrorAlert error={save.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {creating ? t("activityForm.create") : t("activityForm.save")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
