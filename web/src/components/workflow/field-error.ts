import { ApiError } from "../../api.js";
import { useI18n } from "../../i18n/index.js";
import { problemText } from "../../problem-text.js";

/**
 * The refusal's text when the server names this field, to show on the field itself: without the
 * validator's "Dato no válido en «field»: " lead, since the field's label says which one.
 */
export function useFieldError(): (error: unknown, field: string) => string | undefined {
  const { t, language } = useI18n();
  return (error, field) => {
    if (!(error instanceof ApiError) || !error.problem || error.problem.field !== field) return undefined;
    return problemText(error.problem, t, language).replace(/^Dato no válido en «[^»]*»: /, "");
  };
}
