import { ApiError } from "../../api.js";

/** The server's Spanish message when it names this field, to show on the field itself. */
export function fieldError(error: unknown, field: string): string | undefined {
  return error instanceof ApiError && error.problem?.field === field ? error.message : undefined;
}
