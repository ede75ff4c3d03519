/**
 * The one error type of Avance. `message` is for the user (Spanish); `code` is for programs;
 * `field` names the input at fault where there is one.
 */
export const errorStatus = {
  validation: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  database_unreachable: 503,
  database_unreadable: 503,
  database_locked: 503,
  /** The server has no room for this work now (imports past their memory budget): try later. */
  server_busy: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export class AppError extends Error {
  override readonly name = "AppError";
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** The words of the access rule (see server/auth/permissions.ts), the same from every layer. */
export const messages = {
  unauthorized: "Inicie sesión para continuar.",
  forbidden: "No tiene permiso para esta acción.",
  notFound: "No se encontró el recurso solicitado.",
  sessionRequired:
    "Esta acción requiere una sesión iniciada con contraseña; un token de API no puede realizarla.",
} as const;

/** The same 404 for "does not exist" and "belongs to another institution". */
export function notFound(detail: string = messages.notFound): AppError {
  return new AppError("not_found", detail);
}
