/**
 * A plan's life: draft → approved → in_execution → closed, one step at a time. Approval freezes
 * the baseline (see services/plans/transition-plan.ts).
 */
export const planKinds = ["POI", "POA"] as const;
export type PlanKind = (typeof planKinds)[number];

export const planStatuses = ["draft", "approved", "in_execution", "closed"] as const;
export type PlanStatus = (typeof planStatuses)[number];

export const planStatusLabels: Record<PlanStatus, string> = {
  draft: "en borrador",
  approved: "aprobado",
  in_execution: "en ejecución",
  closed: "cerrado",
};

export type PlanTransition = "approve" | "start" | "close";

export const planTransitions: Record<PlanTransition, { from: PlanStatus; to: PlanStatus; verb: string }> = {
  approve: { from: "draft", to: "approved", verb: "aprobar el plan" },
  start: { from: "approved", to: "in_execution", verb: "iniciar la ejecución del plan" },
  close: { from: "in_execution", to: "closed", verb: "cerrar el plan" },
};
