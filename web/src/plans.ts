/** The plans of an institution (`GET /api/institutions/:id/plans`), for the plan picker and home. */
import { useQuery } from "@tanstack/react-query";
import type { PlanPage } from "../../src/contract/plans.js";
import { api } from "./api.js";

export const plansKey = (institutionId: string | undefined) => ["plans", institutionId] as const;

export function usePlans(institutionId: string | undefined) {
  return useQuery({
    queryKey: plansKey(institutionId),
    enabled: institutionId !== undefined,
    // The header and the page both ask: one request per load. Imports and the demo invalidate it.
    staleTime: 60_000,
    queryFn: async () => (await api<PlanPage>(`/api/institutions/${institutionId}/plans?pageSize=500`)).items,
  });
}
