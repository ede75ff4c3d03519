import { AppError } from "./errors.js";

/** The semáforo of one institution, in % of execution. */
export type Thresholds = {
  /** green when pct ≥ greenFrom */
  greenFrom: number;
  /** amber when amberFrom ≤ pct < greenFrom; red below */
  amberFrom: number;
  /** over-execution when pct > overExecutionAbove: a sign of bad planning, not of success */
  overExecutionAbove: number;
};

export type TrafficLight = "green" | "amber" | "red";

export const DEFAULT_THRESHOLDS: Thresholds = Object.freeze({
  greenFrom: 90,
  amberFrom: 75,
  overExecutionAbove: 110,
});

export const TRAFFIC_LIGHT_LABELS: Readonly<Record<TrafficLight, string>> = {
  green: "Verde",
  amber: "Ámbar",
  red: "Rojo",
};

/**
 * The light of an execution %. It must be given the unrounded % (as `executionPct` returns it):
 * 89.96 % is shown as "90.0 %" but is amber; judging the rounded figure would move every
 * boundary by half a display digit and make the light depend on how many decimals a report shows.
 * `null` (nothing programmed) has no light.
 */
export function trafficLight(
  pct: number | null,
  thresholds: Thresholds = DEFAULT_THRESHOLDS,
): TrafficLight | null {
  if (pct === null || Number.isNaN(pct)) return null;
  if (pct >= thresholds.greenFrom) return "green";
  if (pct >= thresholds.amberFrom) return "amber";
  return "red";
}

/** Over-execution is flagged on top of the light (the light itself stays green). */
export function isOverExecution(pct: number | null, thresholds: Thresholds = DEFAULT_THRESHOLDS): boolean {
  return pct !== null && pct > thresholds.overExecutionAbove;
}

/** Checks an institution's thresholds and returns them; throws a Spanish `AppError` naming the field at fault. */
export function validateThresholds(thresholds: Thresholds): Thresholds {
  const fields = [
    ["amberFrom", "El umbral ámbar"],
    ["greenFrom", "El umbral verde"],
    ["overExecutionAbove", "El umbral de sobreejecución"],
  ] as const;
  for (const [field, label] of fields) {
    const value = thresholds[field];
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw new AppError("validation", `${label} debe ser un número.`, field, {
        code: "threshold_not_a_number",
        params: { field },
      });
    }
    if (value < 0 || value > 1000) {
      throw new AppError("validation", `${label} debe estar entre 0 % y 1000 % (es ${value} %).`, field, {
        code: "threshold_out_of_range",
        params: { field, value },
      });
    }
  }
  if (thresholds.amberFrom > thresholds.greenFrom) {
    throw new AppError(
      "validation",
      `El umbral ámbar (${thresholds.amberFrom} %) no puede ser mayor que el verde (${thresholds.greenFrom} %).`,
      "amberFrom",
      { code: "amber_above_green", params: { amber: thresholds.amberFrom, green: thresholds.greenFrom } },
    );
  }
  if (thresholds.greenFrom > thresholds.overExecutionAbove) {
    throw new AppError(
      "validation",
      `El umbral verde (${thresholds.greenFrom} %) no puede ser mayor que el de sobreejecución (${thresholds.overExecutionAbove} %).`,
      "greenFrom",
      {
        code: "green_above_over_execution",
        params: { green: thresholds.greenFrom, over: thresholds.overExecutionAbove },
      },
    );
  }
  return thresholds;
}
