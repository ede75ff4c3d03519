/**
 * A traffic light as colour AND word (never colour alone), in AA contrast: dark text on a light
 * tint of the light's colour (the report's colours, src/report/chart-options.ts). `ToneBadge`
 * gives the same look to other words (an import error is red, a warning amber).
 */
import { Badge } from "@mantine/core";
import type { ReactNode } from "react";
import type { TrafficLight as Light } from "../../../src/domain/traffic-light.js";
import { useI18n } from "../i18n/index.js";

export type Tone = Light | "none";

const tones: Record<Tone, { background: string; color: string; border: string }> = {
  green: { background: "#e3f1e4", color: "#1b5e20", border: "#2e7d32" },
  amber: { background: "#fff1d6", color: "#6d4700", border: "#f0a202" },
  red: { background: "#fde6e6", color: "#a31515", border: "#c62828" },
  none: { background: "#eceff1", color: "#37474f", border: "#9e9e9e" },
};

type Size = "md" | "lg" | "xl";

export function ToneBadge({ tone, size = "md", children }: { tone: Tone; size?: Size; children: ReactNode }) {
  const style = tones[tone];
  return (
    <Badge
      size={size}
      radius="sm"
      variant="outline"
      styles={{
        // The word is the point: never cut to "R…" in a narrow column.
        root: {
          background: style.background,
          color: style.color,
          borderColor: style.border,
          textTransform: "none",
          minWidth: "max-content",
        },
        label: { overflow: "visible" },
      }}
    >
      {children}
    </Badge>
  );
}

export function LightBadge({
  light,
  over = false,
  size,
}: {
  light: Light | null;
  over?: boolean;
  size?: Size;
}) {
  const { t } = useI18n();
  const label = light ? t(`light.${light}`) : t("light.none");
  return (
    <ToneBadge tone={light ?? "none"} {...(size ? { size } : {})}>
      {over ? `${label} + ${t("light.over")}` : label}
    </ToneBadge>
  );
}
