/**
 * Links that offer a way back: `?from=` carries the page a link was followed from (path and
 * query), and the page it opens returns there. Pure (no DOM): `router.tsx` passes the location.
 */

/** `to` with `from` (the current page's path and query) as its way back. */
export function linkWithBack(to: string, from: string): string {
  return `${to}${to.includes("?") ? "&" : "?"}from=${encodeURIComponent(from)}`;
}

/** The page a link came from: only a path of this app (never another site's address). */
export function backOf(params: URLSearchParams): string | undefined {
  const from = params.get("from");
  return from?.startsWith("/") && !from.startsWith("//") && !from.startsWith("/\\") ? from : undefined;
}
