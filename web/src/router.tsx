/**
 * A few pages need no router library: the path and query live in `location`, links push to the
 * history, and the back button works (popstate). The server answers index.html for every page.
 */
import { Anchor, type AnchorProps } from "@mantine/core";
import { type MouseEvent, type ReactNode, useSyncExternalStore } from "react";
import { linkWithBack } from "./back-link.js";

export { backOf } from "./back-link.js";

const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener("popstate", listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("popstate", listener);
  };
}

export function navigate(to: string, { replace = false } = {}): void {
  if (to === `${location.pathname}${location.search}`) return;
  if (replace) history.replaceState(null, "", to);
  else history.pushState(null, "", to);
  window.scrollTo(0, 0);
  for (const listener of listeners) listener();
}

export type Route = { path: string; params: URLSearchParams };

const snapshot = () => `${location.pathname}${location.search}`;

export function useRoute(): Route {
  const href = useSyncExternalStore(subscribe, snapshot);
  const url = new URL(href, location.origin);
  return { path: url.pathname, params: url.searchParams };
}

/** A same-page link: plain clicks navigate in the app, modified clicks (new tab) are the browser's. */
export function Link({ to, children, ...props }: AnchorProps & { to: string; children: ReactNode }) {
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <Anchor href={to} onClick={onClick} {...props}>
      {children}
    </Anchor>
  );
}

/** A link to a page that offers a way back here (`?from=` this page: `backOf` reads it). */
export function withBack(to: string): string {
  return linkWithBack(to, `${location.pathname}${location.search}`);
}
