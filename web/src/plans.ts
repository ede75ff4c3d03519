/** The plans of an institution, for the header's plan picker. */
import { useQuery } from "@tanstack/react-query";
import { ApiError, api } from "./api.js";

export type PlanItem = { id: string; title: string; year: number; kind: "POI" | "POA" };

export function usePlans(institutionId: string | undefined) {
  return useQuery({
    queryKey: ["plans", institutionId],
    enabled: institutionId !== undefined,
    queryFn: async () => {
      try {
        const page = await api<{ items: PlanItem[] }>(
          `/api/institutions/${institutionId}/plans?pageSize=500`,
        );
        return page.items;
      } catch (error) {
        // A server without the plan list yet: the picker stays empty, links still open plans.
        if (error instanceof ApiError && error.status === 404) return [];
        throw error;
      }
    },
  });
}
