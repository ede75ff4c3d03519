/**
 * A destructive step asked once more: what it does, the server's refusal if it came, Cancel and
 * the red button that runs it.
 */
import { Button, Group, Modal, Stack, Text } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useI18n } from "../i18n/index.js";
import { ErrorAlert } from "./error-alert.js";

type Props = {
  title: string;
  hint: string;
  confirmLabel: string;
  /** The step; the dialog closes once it and `onDone` have run. */
  run: () => Promise<unknown>;
  onDone: () => Promise<void>;
  onClose: () => void;
};

export function ConfirmDialog({ title, hint, confirmLabel, run, onDone, onClose }: Props) {
  const { t } = useI18n();
  const step = useMutation({
    mutationFn: run,
    onSuccess: async () => {
      await onDone();
      onClose();
    },
  });
  return (
    <Modal opened closeButtonProps={{ "aria-label": t("common.cancel") }} onClose={onClose} title={title}>
      <Stack gap="sm">
        <Text size="sm">{hint}</Text>
        <ErrorAlert error={step.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button color="red" onClick={() => step.mutate()} loading={step.isPending}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
