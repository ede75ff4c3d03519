/**
 * Errors as the log writes them: never the values a query was sent. A failed insert's error
 * carries its parameters (Drizzle: "params: …" in the message and the stack; PostgreSQL:
 * `detail` «Key (token_hash)=(…)»), and those are password and token hashes, e-mails, names.
 * The query text, the SQLSTATE code and the constraint stay: they say what failed.
 */

const PARAMS = /\nparams: [\s\S]*$/;
// Fields of a driver error that quote the data of the row at fault.
const QUOTING = new Set(["params", "detail", "where", "hint", "internalQuery"]);
const MAX_CAUSES = 5;

type Logged = { type: string; message: string; stack: string; cause?: Logged; [field: string]: unknown };

function redact(text: string): string {
  return text.replace(PARAMS, "\nparams: [omitidos]");
}

export function loggableError(error: unknown, depth = 0): Logged {
  if (!(error instanceof Error))
    return { type: typeof error, message: "[valor que no es un Error]", stack: "" };
  const message = redact(error.message);
  // The stack starts with the message: keep only its frames after our own message.
  const frames = error.stack?.indexOf("\n    at ") ?? -1;
  const stack = `${error.name}: ${message}${frames >= 0 ? error.stack?.slice(frames) : ""}`;
  const logged: Logged = { type: error.name, message, stack };
  for (const [field, value] of Object.entries(error)) {
    if (QUOTING.has(field) || field === "cause" || typeof value === "object") continue;
    logged[field] = value;
  }
  if (error.cause !== undefined && depth < MAX_CAUSES) logged.cause = loggableError(error.cause, depth + 1);
  return logged;
}
