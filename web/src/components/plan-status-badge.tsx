/**
 * A plan's status as a word on a tint (Borrador, Aprobado, En ejecución, Cerrado), in AA
 * contrast; screen readers hear «Estado del plan: …».
 */
import { Badge, VisuallyHidden } from "@mantine/core";
import type { PlanStatus } from "../../../src/domain/plan-status.js";
import { useI18n } from "../i18n/index.js";

const tones: Record<PlanStatus, { background: string; color: string; border: string }> = {
  draft: { background: "#eceff1", color: "#37474f", border: "#78909c" },
  approved: { background: "#e3ecf9", color: "#1f4f8a", border: "#1f4f8a" },
  in_execution: { background: "#e3f1e4", color: "#1b5e20", border: "#2e7d32" },
  closed: { background: "#343a40", color: "#ffffff", border: "#343a40" },
};

export function PlanStatusBadge({ status, size = "md" }: { status: PlanStatus; size?: "sm" | "md" | "lg" }) {
  const { t } = useI18n();
  const tone = tones[status];
  return (
    <Badge
      size={size}
      radius="sm"
      variant="outline"
      data-plan-status={status}
      styles={{
        root: {
          background: tone.background,
          color: tone.color,
          borderColor: tone.border,
          textTransform: "none",
          minWidth: "max-content",
        },
        label: { overflow: "visible" },
      }}
    >
      <VisuallyHidden>{t("planLife.statusLabel")} </VisuallyHidden>
      {t(`planLife.status.${status}`)}
    </Badge>
  );
}
