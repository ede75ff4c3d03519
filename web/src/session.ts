/** Who is logged in (`GET /api/auth/me`), whether the installation needs its first administrator. */
import { queryOptions, useQuery } from "@tanstack/react-query";
import type { Me } from "../../src/contract/auth.js";
import type { SetupState } from "../../src/contract/setup.js";
import { ApiError, api, setCsrfToken } from "./api.js";

export const meKey = ["me"] as const;

export async function fetchMe(): Promise<Me | null> {
  try {
    const me = await api<Me>("/api/auth/me");
    setCsrfToken(me.csrfToken);
    return me;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

/** The session query: `useMe`, and `preloadPage` (app.tsx) that asks for it as the app starts. */
export const meQuery = queryOptions({ queryKey: meKey, queryFn: fetchMe, staleTime: 60_000 });

export function useMe() {
  return useQuery(meQuery);
}

/** `{ needed: true }` on an installation without users; an older server without the route needs nothing. */
export function useSetup(enabled: boolean) {
  return useQuery({
    queryKey: ["setup"],
    enabled,
    queryFn: async () => {
      try {
        return await api<SetupState>("/api/setup");
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return { needed: false };
        throw error;
      }
    },
  });
}
