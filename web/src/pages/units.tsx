/**
 * The institution's org-unit tree (planners and admins): add a unit (at the top or below
 * another), rename it, change its code, responsible or parent, move it up or down among its
 * siblings, retire it. The server checks every rule (twin names among siblings, no cycle, no
 * retiring with work running); its refusal shows on the field it names.
 */
import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Modal,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { CreateUnitBody, PatchUnitBody, Unit, UnitNode } from "../../../src/contract/units.js";
import { api } from "../api.js";
import { ConfirmDialog } from "../components/confirm-dialog.js";
import { ErrorAlert } from "../components/error-alert.js";
import { ScrollTable } from "../components/scroll-table.js";
import { useFieldError } from "../components/workflow/field-error.js";
import { useI18n } from "../i18n/index.js";
import { useAbilities, useUnits } from "../roles.js";
import { institutionPath } from "../workflow.js";
import { useWorkspace } from "../workspace.js";

const FIELDS = ["name", "code", "responsible", "parentId"] as const;

type Draft = { name: string; code: string; responsible: string; parentId: string | null };

const blank: Draft = { name: "", code: "", responsible: "", parentId: null };

/** Empty texts leave a field out of a new unit, and clear it (null) on a change. */
function bodyOf(draft: Draft, creating: boolean): Partial<CreateUnitBody & PatchUnitBody> {
  const optional = (value: string) => (value.trim() ? value.trim() : creating ? undefined : null);
  const code = optional(draft.code);
  const responsible = optional(draft.responsible);
  return {
    name: draft.name.trim(),
    parentId: draft.parentId,
    ...(code === undefined ? {} : { code }),
    ...(responsible === undefined ? {} : { responsible }),
  };
}

/** «GERENCIA GENERAL › TESORERÍA»: a unit named with its place, for the parent picker. */
function unitOptions(units: UnitNode[], except?: string) {
  const byId = new Map(units.map((unit) => [unit.id, unit]));
  const below = (unit: UnitNode): boolean => {
    for (let parent = unit.parentId; parent; parent = byId.get(parent)?.parentId ?? null)
      if (parent === except) return true;
    return false;
  };
  return units
    .filter((unit) => unit.active && unit.id !== except && !below(unit))
    .map((unit) => ({ value: unit.id, label: `${"· ".repeat(unit.depth)}${unit.name}` }));
}

function UnitFields({
  draft,
  setDraft,
  units,
  error,
  except,
}: {
  draft: Draft;
  setDraft: (draft: Draft) => void;
  units: UnitNode[];
  error: unknown;
  except?: string;
}) {
  const { t } = useI18n();
  const fieldError = useFieldError();
  return (
    <Group align="flex-start" wrap="wrap">
      <TextInput
        label={t("units.name")}
        value={draft.name}
        onChange={(event) => setDraft({ ...draft, name: event.currentTarget.value })}
        error={fieldError(error, "name")}
        required
        w={{ base: "100%", sm: 300 }}
      />
      <TextInput
        label={t("units.code")}
        value={draft.code}
        onChange={(event) => setDraft({ ...draft, code: event.currentTarget.value })}
        error={fieldError(error, "code")}
        w={{ base: "100%", sm: 120 }}
      />
      <TextInput
        label={t("units.responsible")}
        value={draft.responsible}
        onChange={(event) => setDraft({ ...draft, responsible: event.currentTarget.value })}
        error={fieldError(error, "responsible")}
        w={{ base: "100%", sm: 240 }}
      />
      <Select
        label={t("units.parent")}
        placeholder={t("units.top")}
        data={unitOptions(units, except)}
        value={draft.parentId}
        onChange={(value) => setDraft({ ...draft, parentId: value })}
        error={fieldError(error, "parentId")}
        searchable
        clearable
        w={{ base: "100%", sm: 300 }}
      />
    </Group>
  );
}

function useUnitsRefresh() {
  const client = useQueryClient();
  const { institution } = useWorkspace();
  return () => client.invalidateQueries({ queryKey: ["units", institution?.id] });
}

function AddUnit({ institutionId, units }: { institutionId: string; units: UnitNode[] }) {
  const { t } = useI18n();
  const fieldError = useFieldError();
  const refresh = useUnitsRefresh();
  const [draft, setDraft] = useState<Draft>(blank);
  const add = useMutation({
    mutationFn: () =>
      api<Unit>(institutionPath(institutionId, "units"), { method: "POST", body: bodyOf(draft, true) }),
    onSuccess: async (created) => {
      // The next unit usually goes beside this one: keep the parent chosen.
      setDraft({ ...blank, parentId: created.parentId });
      await refresh();
    },
  });
  const known = FIELDS.some((field) => fieldError(add.error, field));
  return (
    <Card withBorder component="section" aria-label={t("units.add")}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          add.mutate();
        }}
      >
        <Stack gap="sm">
          <Title order={2} size="h3">
            {t("units.add")}
          </Title>
          <Text size="sm">{t("units.addHint")}</Text>
          <UnitFields draft={draft} setDraft={setDraft} units={units} error={add.error} />
          {!known && <ErrorAlert error={add.error} />}
          {add.isSuccess && <Text role="status">{t("units.added", { name: add.data.name })}</Text>}
          <Group>
            <Button type="submit" loading={add.isPending}>
              {t("units.addSubmit")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

function EditUnit({
  institutionId,
  unit,
  units,
  onClose,
}: {
  institutionId: string;
  unit: UnitNode;
  units: UnitNode[];
  onClose: () => void;
}) {
  const { t } = useI18n();
  const fieldError = useFieldError();
  const refresh = useUnitsRefresh();
  const [draft, setDraft] = useState<Draft>({
    name: unit.name,
    code: unit.code ?? "",
    responsible: unit.responsible ?? "",
    parentId: unit.parentId,
  });
  const save = useMutation({
    mutationFn: () =>
      api<Unit>(institutionPath(institutionId, `units/${unit.id}`), {
        method: "PATCH",
        body: bodyOf(draft, false),
      }),
    onSuccess: async () => {
      await refresh();
      onClose();
    },
  });
  const known = FIELDS.some((field) => fieldError(save.error, field));
  return (
    <Modal
      opened
      closeButtonProps={{ "aria-label": t("common.cancel") }}
      onClose={onClose}
      title={t("units.editTitle", { name: unit.name })}
      size="lg"
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate();
        }}
      >
        <Stack gap="sm">
          <UnitFields draft={draft} setDraft={setDraft} units={units} error={save.error} except={unit.id} />
          {!known && <ErrorAlert error={save.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t("units.save")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function RetireUnit({
  institutionId,
  unit,
  onClose,
}: {
  institutionId: string;
  unit: UnitNode;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const refresh = useUnitsRefresh();
  return (
    <ConfirmDialog
      title={t("units.retireTitle", { name: unit.name })}
      hint={t("units.retireHint")}
      confirmLabel={t("units.retire")}
      run={() => api<Unit>(institutionPath(institutionId, `units/${unit.id}/retire`), { method: "POST" })}
      onDone={refresh}
      onClose={onClose}
    />
  );
}

function UnitTable({ institutionId, units }: { institutionId: string; units: UnitNode[] }) {
  const { t } = useI18n();
  const refresh = useUnitsRefresh();
  const [editing, setEditing] = useState<UnitNode | null>(null);
  const [retiring, setRetiring] = useState<UnitNode | null>(null);
  const move = useMutation({
    mutationFn: ({ unit, position }: { unit: UnitNode; position: number }) =>
      api<Unit>(institutionPath(institutionId, `units/${unit.id}`), { method: "PATCH", body: { position } }),
    onSuccess: () => refresh(),
  });
  const siblingsOf = (unit: UnitNode) => units.filter((other) => other.parentId === unit.parentId);
  if (units.length === 0) return <Text>{t("units.none")}</Text>;
  return (
    <>
      <ErrorAlert error={move.error} />
      <ScrollTable label={t("common.table", { name: t("units.title") })} minWidth={760}>
        <Table striped highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("units.name")}</Table.Th>
              <Table.Th>{t("units.code")}</Table.Th>
              <Table.Th>{t("units.responsible")}</Table.Th>
              <Table.Th>{t("units.state")}</Table.Th>
              <Table.Th>{t("units.actions")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {units.map((unit) => {
              const siblings = siblingsOf(unit);
              const index = siblings.findIndex((other) => other.id === unit.id);
              return (
                <Table.Tr key={unit.id}>
                  <Table.Td style={{ paddingLeft: `calc(${unit.depth * 1.5}rem + 0.5rem)` }}>
                    <Text size="sm" fw={unit.depth === 0 ? 600 : 400} c={unit.active ? undefined : "dimmed"}>
                      {unit.name}
                    </Text>
                  </Table.Td>
                  <Table.Td>{unit.code ?? ""}</Table.Td>
                  <Table.Td>{unit.responsible ?? ""}</Table.Td>
                  <Table.Td>
                    {unit.active ? (
                      <Badge variant="light" color="green" c="#1b5e20">
                        {t("units.active")}
                      </Badge>
                    ) : (
                      <Badge variant="light" color="gray" c="#37474f">
                        {t("units.retired")}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {unit.active && (
                      <Group gap={4} wrap="nowrap">
                        <Button size="compact-xs" variant="default" onClick={() => setEditing(unit)}>
                          {t("units.edit")}
                        </Button>
                        <Button
                          size="compact-xs"
                          variant="default"
                          disabled={index <= 0}
                          aria-label={t("units.up", { name: unit.name })}
                          onClick={() => move.mutate({ unit, position: index - 1 })}
                        >
                          ↑
                        </Button>
                        <Button
                          size="compact-xs"
                          variant="default"
                          disabled={index === siblings.length - 1}
                          aria-label={t("units.down", { name: unit.name })}
                          onClick={() => move.mutate({ unit, position: index + 1 })}
                        >
                          ↓
                        </Button>
                        <Button
                          size="compact-xs"
                          variant="default"
                          color="red"
                          onClick={() => setRetiring(unit)}
                        >
                          {t("units.retire")}
                        </Button>
                      </Group>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </ScrollTable>
      {editing && (
        <EditUnit
          institutionId={institutionId}
          unit={editing}
          units={units}
          onClose={() => setEditing(null)}
        />
      )}
      {retiring && (
        <RetireUnit institutionId={institutionId} unit={retiring} onClose={() => setRetiring(null)} />
      )}
    </>
  );
}

export function UnitsPage() {
  const { t } = useI18n();
  const { institution } = useWorkspace();
  const { admin, planner } = useAbilities();
  const allowed = admin || planner;
  const units = useUnits(allowed);
  if (!allowed) return <Alert role="alert">{t("units.forbidden")}</Alert>;
  return (
    <Stack gap="lg">
      <Title order={1} size="h2">
        {t("units.title")}
      </Title>
      <Text size="sm">{t("units.hint")}</Text>
      <ErrorAlert error={units.error} />
      {institution && units.data && (
        <>
          <AddUnit institutionId={institution.id} units={units.data} />
          <UnitTable institutionId={institution.id} units={units.data} />
        </>
      )}
    </Stack>
  );
}
