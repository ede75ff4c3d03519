/**
 * Request validation errors in Spanish, with the field at fault. The app sets
 * `schemaErrorFormatter` so that an unknown body field ("strict" objects) is named in `field`,
 * which zod reports at the object's path.
 */
import type { FastifySchemaValidationError } from "fastify";
import { validatorCompiler } from "fastify-type-provider-zod";
import { AppError } from "../domain/errors.js";

function fieldOf(path: string, key?: string): string | undefined {
  const parts = path.split("/").filter(Boolean);
  if (key !== undefined) parts.push(key);
  return parts.length > 0 ? parts.join(".") : undefined;
}

export function schemaErrorFormatter(errors: FastifySchemaValidationError[], dataVar: string): Error {
  const error = errors[0];
  if (!error)
    return new AppError("validation", "Solicitud no válida.", undefined, { code: "invalid_request" });
  if (error.keyword === "unrecognized_keys") {
    const keys = (error.params as { keys?: string[] }).keys ?? [];
    const field = fieldOf(error.instancePath, keys[0]);
    const names = keys.map((key) => `«${key}»`).join(", ");
    return new AppError(
      "validation",
      keys.length > 1 ? `Campos no permitidos: ${names}.` : `Campo no permitido: ${names}.`,
      field,
      { code: "unknown_field", params: { fields: keys.join(", ") } },
    );
  }
  const field = fieldOf(error.instancePath);
  const where = field ? ` en «${field}»` : dataVar === "body" ? "" : ` en ${dataVar}`;
  return new AppError(
    "validation",
    `Dato no válido${where}: ${error.message ?? "revise la solicitud"}`,
    field,
    {
      code: "invalid_field",
      params: { field: field ?? dataVar },
    },
  );
}

// Tab, line feed and carriage return are text (a multi-line comment); every other C0 control
// and DEL is not, and PostgreSQL cannot store U+0000 in text at all.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
// With the `u` flag a pair is one code point: this matches only half of one, which no
// encoding can store.
const LONE_SURROGATE = /[\ud800-\udfff]/u;
// A JSON body of the management API is a small form; deeper input is refused by its schema.
const MAX_DEPTH = 32;

type Unstorable = { path: string; code: number; what: string };

/** Where in `data` the first character no text may hold is, and which it is. */
function unstorableAt(data: unknown, path: string, depth = 0): Unstorable | undefined {
  if (typeof data === "string") {
    const control = CONTROL.exec(data);
    if (control) return { path, code: control[0].charCodeAt(0), what: "un carácter de control" };
    const half = LONE_SURROGATE.exec(data);
    if (half)
      return { path, code: half[0].charCodeAt(0), what: "medio carácter Unicode (un sustituto sin pareja)" };
    return undefined;
  }
  if (depth > MAX_DEPTH || data === null || typeof data !== "object" || Buffer.isBuffer(data))
    return undefined;
  for (const [key, value] of Object.entries(data)) {
    const found = unstorableAt(key, path, depth + 1) ?? unstorableAt(value, `${path}/${key}`, depth + 1);
    if (found) return found;
  }
  return undefined;
}

const codePoint = (code: number) => `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;

/**
 * The zod validator with one rule for every text the API takes (body, query and path): no
 * control characters, no half characters. One place, so no route can forget it; the error names the field.
 */
export const textSafeValidatorCompiler: typeof validatorCompiler = (route) => {
  const validate = validatorCompiler(route);
  if (route.httpPart === "headers") return validate;
  return (data) => {
    const found = unstorableAt(data, "");
    if (!found) return validate(data);
    const issue: FastifySchemaValidationError = {
      keyword: "unstorable_character",
      instancePath: found.path,
      schemaPath: "",
      params: {},
      message: `contiene ${found.what} (${codePoint(found.code)}), que no se admite en un texto.`,
    };
    return { error: [issue] };
  };
};
