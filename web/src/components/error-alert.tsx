import { Alert } from "@mantine/core";
import { ApiError, NetworkError } from "../api.js";
import { useI18n } from "../i18n/index.js";
import { problemText } from "../problem-text.js";

/** The message a user reads for a failed call: the refusal in the user's language, or what went wrong. */
export function useErrorText(): (error: unknown) => string {
  const { t, language } = useI18n();
  return (error) => {
    if (error instanceof ApiError)
      return error.problem?.detail !== undefined
        ? problemText(error.problem, t, language)
        : t("error.unexpected", { status: error.status });
    if (error instanceof NetworkError) return t("error.network");
    return t("error.unexpected", { status: "—" });
  };
}

export function ErrorAlert({ error }: { error: unknown }) {
  const text = useErrorText();
  if (!error) return null;
  return (
    <Alert color="red" variant="outline" role="alert" styles={{ message: { color: "#8b1a1a" } }}>
      {text(error)}
    </Alert>
  );
}
