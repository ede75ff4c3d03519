import { ApiError } from "../../api.js";

/**
 * The server's Spanish message when it names this field, to show on the field itself: without
 * the validator's "Dato no válido en «field»: " lead, since the field's label says which one.
 */
export function fieldError(error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiError) || error.problem?.field !== field) return undefined;
  return error.message.replace(/^Dato no válido en «[^»]*»: /, "");
}
