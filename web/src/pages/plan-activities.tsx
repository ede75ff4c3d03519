/**
 * A plan's activities (formulation): the list by unit with code, unit of measure and META, and,
 * for a planner while the plan is a draft, «Nueva actividad» (the editor with every field),
 * «Agregar actividades» (a block pasted from a spreadsheet), edit and delete. Each name opens
 * the activity's page.
 */
import { Alert, Button, Group, Select, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { Activity } from "../../../src/contract/activities.js";
import type { Plan } from "../../../src/contract/plans.js";
import { api } from "../api.js";
import { ConfirmDialog } from "../components/confirm-dialog.js";
import { ErrorAlert } from "../components/error-alert.js";
import { ActivityEditor } from "../components/formulation/activity-editor.js";
import { PasteActivities } from "../components/formulation/paste-activities.js";
import { PlanStatusBadge } from "../components/plan-status-badge.js";
import { ScrollTable } from "../components/scroll-table.js";
import { useI18n } from "../i18n/index.js";
import { useAbilities, useUnits } from "../roles.js";
import { Link } from "../router.js";
import { allPages } from "../workflow.js";
import { useWorkspace } from "../workspace.js";

function DeleteActivity({
  institutionId,
  activity,
  onClose,
  onDeleted,
}: {
  institutionId: string;
  activity: Activity;
  onClose: () => void;
  onDeleted: () => Promise<void>;
}) {
  const { t } = useI18n();
  return (
    <ConfirmDialog
      title={t("planActivities.deleteTitle", { name: activity.name })}
      hint={t("planActivities.deleteHint")}
      confirmLabel={t("planActivities.delete")}
      run={() => api(`/api/institutions/${institutionId}/activities/${activity.id}`, { method: "DELETE" })}
      onDone={onDeleted}
      onClose={onClose}
    />
  );
}

export function PlanActivitiesPage({ planId }: { planId: string }) {
  const { t, formatters } = useI18n();
  const { institution, rememberPlan } = useWorkspace();
  const fmt = formatters(institution?.locale);
  const { planner } = useAbilities();
  const client = useQueryClient();
  const iid = institution?.id ?? "";
  const base = `/api/institutions/${iid}`;
  const plan = useQuery({
    queryKey: ["plan", iid, planId],
    enabled: iid !== "",
    queryFn: () => api<Plan>(`${base}/plans/${planId}`),
  });
  const units = useUnits();
  // The grid reads the same list under this key: one cache, refreshed by both.
  const activities = useQuery({
    queryKey: ["grid", iid, planId],
    enabled: iid !== "",
    queryFn: () => allPages<Activity>(`${base}/plans/${planId}/activities`),
  });
  const found = plan.isSuccess;
  useEffect(() => {
    if (iid && found) rememberPlan(iid, planId);
  }, [iid, found, planId, rememberPlan]);
  const [unitId, setUnitId] = useState<string | null>(null);
  const [editing, setEditing] = useState<Activity | "new" | null>(null);
  const [pasting, setPasting] = useState(false);
  const [deleting, setDeleting] = useState<Activity | null>(null);
  const refresh = async () => {
    await client.invalidateQueries({ queryKey: ["grid", iid, planId] });
    await client.invalidateQueries({ queryKey: ["report"] });
  };

  if (plan.error) return <ErrorAlert error={plan.error} />;
  if (!plan.data || !units.data || !activities.data) return <Text>{t("common.loading")}</Text>;
  const draft = plan.data.status === "draft";
  const writable = planner && draft;
  const byId = new Map(units.data.map((unit) => [unit.id, unit]));
  const within = (id: string): boolean => {
    for (let current: string | null = id; current; current = byId.get(current)?.parentId ?? null)
      if (current === unitId) return true;
    return false;
  };
  const shown = activities.data.filter((activity) => unitId === null || within(activity.unitId));
  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Group gap="sm">
          <Title order={1} size="h2">
            {t("planActivities.title", { plan: `${plan.data.kind} ${plan.data.year}` })}
          </Title>
          <PlanStatusBadge status={plan.data.status} />
        </Group>
        <Text size="sm">{plan.data.title}</Text>
        <Link to="/plans" size="sm">
          {t("planActivities.backToPlans")}
        </Link>
      </Stack>
      {!draft && <Alert>{t("planActivities.notDraft")}</Alert>}
      <Group align="flex-end" wrap="wrap">
        <Select
          label={t("planActivities.unit")}
          placeholder={t("planActivities.allUnits")}
          data={units.data.map((unit) => ({
            value: unit.id,
            label: `${"· ".repeat(unit.depth)}${unit.name}`,
          }))}
          value={unitId}
          onChange={setUnitId}
          searchable
          clearable
          w={{ base: "100%", sm: 340 }}
        />
        {writable && (
          <>
            <Button onClick={() => setEditing("new")} disabled={units.data.length === 0}>
              {t("planActivities.new")}
            </Button>
            <Button variant="default" onClick={() => setPasting(true)} disabled={units.data.length === 0}>
              {t("paste.open")}
            </Button>
          </>
        )}
      </Group>
      {writable && units.data.length === 0 && (
        <Alert>
          {t("planActivities.noUnits")} <Link to="/units">{t("units.title")}</Link>
        </Alert>
      )}
      <Text size="sm" role="status">
        {t("planActivities.count", { count: shown.length })}
      </Text>
      {shown.length > 0 && (
        <ScrollTable label={t("common.table", { name: t("planActivities.table") })} minWidth={820}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("activityForm.unitId")}</Table.Th>
                <Table.Th>{t("activityForm.code")}</Table.Th>
                <Table.Th>{t("activityForm.name")}</Table.Th>
                <Table.Th>{t("activityForm.unitOfMeasure")}</Table.Th>
                <Table.Th style={{ textAlign: "right" }}>{t("planActivities.target")}</Table.Th>
                <Table.Th style={{ textAlign: "right" }}>{t("planActivities.programmed")}</Table.Th>
                {writable && <Table.Th>{t("units.actions")}</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.map((activity) => {
                const programmed = activity.programmed.some((value) => value !== null)
                  ? activity.programmed.reduce<number>((sum, value) => sum + (value ?? 0), 0)
                  : null;
                return (
                  <Table.Tr key={activity.id}>
                    <Table.Td>{activity.unitName}</Table.Td>
                    <Table.Td>{activity.code ?? ""}</Table.Td>
                    <Table.Td>
                      <Link to={`/activities/${activity.id}`} size="sm">
                        {activity.name}
                      </Link>
                    </Table.Td>
                    <Table.Td>{activity.unitOfMeasure ?? ""}</Table.Td>
                    <Table.Td style={{ textAlign: "right" }}>{fmt.quantity(activity.annualTarget)}</Table.Td>
                    <Table.Td style={{ textAlign: "right" }}>
                      {fmt.quantity(programmed)}
                      {programmed !== null &&
                        activity.annualTarget !== null &&
                        activity.measureKind === "quantity" &&
                        programmed !== activity.annualTarget && (
                          <Text component="span" size="xs" c="#6d4700" ml={4}>
                            {t("planActivities.differs")}
                          </Text>
                        )}
                    </Table.Td>
                    {writable && (
                      <Table.Td>
                        <Group gap={4} wrap="nowrap">
                          <Button
                            size="compact-xs"
                            variant="default"
                            aria-label={t("planActivities.editNamed", { name: activity.name })}
                            onClick={() => setEditing(activity)}
                          >
                            {t("planActivities.edit")}
                          </Button>
                          <Button
                            size="compact-xs"
                            variant="default"
                            aria-label={t("planActivities.deleteNamed", { name: activity.name })}
                            onClick={() => setDeleting(activity)}
                          >
                            {t("planActivities.delete")}
                          </Button>
                        </Group>
                      </Table.Td>
                    )}
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      {editing && (
        <ActivityEditor
          institutionId={iid}
          planId={planId}
          units={units.data}
          {...(editing === "new" ? { unitId } : { activity: editing })}
          onClose={() => setEditing(null)}
          onSaved={refresh}
        />
      )}
      {pasting && (
        <PasteActivities
          institutionId={iid}
          planId={planId}
          units={units.data}
          unitId={unitId}
          onClose={() => setPasting(false)}
          onCreated={refresh}
        />
      )}
      {deleting && (
        <DeleteActivity
          institutionId={iid}
          activity={deleting}
          onClose={() => setDeleting(null)}
          onDeleted={refresh}
        />
      )}
    </Stack>
  );
}
