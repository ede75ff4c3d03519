/**
 * The confirmation before a month closes: what the month lacks (`GET …/months/{month}/missing`:
 * activities with something programmed and nothing recorded, by unit, with counts) and the rule
 * that once closed, nothing recorded counts as 0 executed. Closing happens only from here.
 */
import { Alert, Button, Group, List, Modal, Stack, Text, Title } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import type { MissingExecution } from "../../../src/contract/execution.js";
import { api } from "../api.js";
import { useI18n } from "../i18n/index.js";
import { institutionPath, monthKey } from "../workflow.js";
import { ErrorAlert } from "./error-alert.js";

/** How many activities of a unit the dialog lists before «… y N más». */
const SHOWN = 10;

type Props = {
  institutionId: string;
  planId: string;
  /** The month to close, or null when the dialog is shut. */
  month: number | null;
  locale: string | undefined;
  closing: boolean;
  error: unknown;
  onConfirm: (month: number) => void;
  onCancel: () => void;
};

export function CloseMonthDialog({
  institutionId,
  planId,
  month,
  locale,
  closing,
  error,
  onConfirm,
  onCancel,
}: Props) {
  const { t, formatters } = useI18n();
  const fmt = formatters(locale);
  const phone = useMediaQuery("(max-width: 36em)");
  const missing = useQuery({
    queryKey: ["month-missing", institutionId, planId, month],
    enabled: month !== null,
    staleTime: 0,
    queryFn: () =>
      api<MissingExecution>(institutionPath(institutionId, `plans/${planId}/months/${month}/missing`)),
  });
  const monthName = month === null ? "" : t(monthKey(month));
  return (
    <Modal
      opened={month !== null}
      onClose={onCancel}
      title={t("monthClose.title", { month: monthName })}
      size="lg"
      fullScreen={phone}
      closeButtonProps={{ "aria-label": t("common.cancel") }}
    >
      <Stack>
        {missing.isPending && <Text>{t("monthClose.loading", { month: monthName })}</Text>}
        <ErrorAlert error={missing.error} />
        {missing.data &&
          (missing.data.count === 0 ? (
            <Alert color="green" variant="outline" styles={{ message: { color: "#1b5e20" } }}>
              {t("monthClose.nothingMissing", { month: monthName })}
            </Alert>
          ) : (
            <>
              <Alert color="yellow" variant="outline" styles={{ message: { color: "#5c3c00" } }}>
                {t("monthClose.missing", { count: missing.data.count, month: monthName })}
              </Alert>
              {missing.data.units.map((unit) => (
                <section key={unit.unitId} aria-labelledby={`missing-${unit.unitId}`}>
                  <Title order={3} size="h5" id={`missing-${unit.unitId}`}>
                    {t("monthClose.unit", { unit: unit.unitName, count: unit.count })}
                  </Title>
                  <List size="sm" spacing={2} mt={4}>
                    {unit.activities.slice(0, SHOWN).map((activity) => (
                      <List.Item key={activity.activityId}>
                        {t("monthClose.activity", {
                          activity: `«${activity.activityName}»`,
                          programmed: fmt.quantity(activity.programmed),
                        })}
                      </List.Item>
                    ))}
                  </List>
                  {unit.count > SHOWN && (
                    <Text size="sm" mt={2}>
                      {t("planLife.more", { count: unit.count - SHOWN })}
                    </Text>
                  )}
                </section>
              ))}
            </>
          ))}
        <Text size="sm" fw={500}>
          {t("monthClose.zeroRule")}
        </Text>
        <ErrorAlert error={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t("common.cancel")}
          </Button>
          <Button
            onClick={() => month !== null && onConfirm(month)}
            loading={closing}
            disabled={!missing.data}
            data-autofocus
          >
            {t("monthClose.confirm")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
