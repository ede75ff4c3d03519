/** Server-side helpers of request bodies: their size limit and the changes of a PATCH. */
import { AppError } from "../domain/errors.js";

/** Request bodies of the management API are small forms: 64 KB is plenty. */
export const FORM_BODY_LIMIT = 64 * 1024;

/** The fields a PATCH body sets (absent ones dropped); an empty change is refused. */
export function changesOf<T extends Record<string, unknown>>(
  body: T,
  { allowEmpty = false } = {},
): { [K in keyof T]?: Exclude<T[K], undefined> } {
  const changes = Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));
  if (!allowEmpty && Object.keys(changes).length === 0) {
    throw new AppError("validation", "Envíe al menos un campo para cambiar.", undefined, {
      code: "nothing_to_change",
    });
  }
  return changes as { [K in keyof T]?: Exclude<T[K], undefined> };
}
