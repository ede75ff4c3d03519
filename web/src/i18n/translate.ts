import type { MessageKey, Messages } from "./es.js";

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

/** `t` of one catalog: each `{name}` is filled from `values`, and left as written when it has none. */
export function translator(catalog: Messages): Translate {
  return (key, values) =>
    catalog[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
      values && name in values ? String(values[name]) : whole,
    );
}
