/** Pages of a list: `page` counts from 1; `pageSize` is capped by the API (500). */
export type Paging = { page: number; pageSize: number };

export type Page<T> = { items: T[]; total: number; page: number; pageSize: number };

export function offsetOf({ page, pageSize }: Paging): number {
  return (page - 1) * pageSize;
}

/** A page cut from a list already in memory (small lists that are ordered in JavaScript). */
export function slicePage<T>(all: readonly T[], paging: Paging): Page<T> {
  const start = offsetOf(paging);
  return { items: all.slice(start, start + paging.pageSize), total: all.length, ...paging };
}

/** Text for a `like` pattern: `%`, `_` and `\` match themselves. */
export function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}
