/**
 * The one error type of Avance. `message` is for the user (Spanish); `code` is its kind (the HTTP
 * status), `reason` its precise code and the values the message names (without one, the problem's
 * code is the kind); `field` names the input at fault where there is one.
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
  // Fastify's own refusals (server/app.ts) and the internal error: kinds of their codes only.
  uri_too_long: 414,
  unsupported_media_type: 415,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof errorStatus;

/**
 * The precise reason of every refusal, stable for programs and for the web, which words each one
 * in the user's language (the Spanish `message` stays the server's). Each reason has one kind,
 * so one HTTP status (docs/api.md lists them).
 */
export const problemCodes = {
  // The request itself
  invalid_request: "validation",
  invalid_field: "validation",
  unknown_field: "validation",
  nothing_to_change: "validation",
  invalid_json: "validation",
  empty_json_body: "validation",
  invalid_url_encoding: "validation",
  parameter_too_long: "uri_too_long",
  unsupported_media_type: "unsupported_media_type",
  body_too_large: "payload_too_large",
  request_refused: "validation",
  route_not_found: "not_found",
  internal_error: "internal",
  server_busy: "server_busy",
  invalid_setting: "validation",
  // Access
  login_required: "unauthorized",
  invalid_credentials: "unauthorized",
  invalid_api_token: "unauthorized",
  too_many_attempts: "rate_limited",
  forbidden: "forbidden",
  session_required: "forbidden",
  csrf_missing: "forbidden",
  csrf_invalid: "forbidden",
  account_inactive: "forbidden",
  not_found: "not_found",
  // Accounts, tokens, first run, members and invitations
  password_too_short: "validation",
  wrong_current_password: "validation",
  same_password: "validation",
  expiry_in_past: "validation",
  too_many_api_tokens: "conflict",
  api_token_not_found: "not_found",
  setup_done: "conflict",
  setup_link_invalid: "forbidden",
  invalid_email: "validation",
  unknown_role: "validation",
  institution_required: "validation",
  role_without_units: "validation",
  editor_needs_unit: "validation",
  last_admin_role: "conflict",
  last_admin_removal: "conflict",
  already_member: "conflict",
  account_exists: "conflict",
  invitation_gone: "not_found",
  invitation_expired: "conflict",
  password_reset_self: "conflict",
  password_reset_super_admin: "forbidden",
  password_reset_elsewhere: "forbidden",
  // Institutions and thresholds
  institution_not_found: "not_found",
  institution_name_empty: "validation",
  institution_slug_taken: "conflict",
  threshold_not_a_number: "validation",
  threshold_out_of_range: "validation",
  amber_above_green: "validation",
  green_above_over_execution: "validation",
  // Units
  unknown_unit: "validation",
  unit_retired: "validation",
  parent_unit_not_found: "validation",
  parent_unit_retired: "validation",
  unit_below_itself: "validation",
  unit_name_taken: "conflict",
  unit_has_subunits: "conflict",
  unit_has_activities: "conflict",
  duplicate_unit: "validation",
  unit_cycle: "validation",
  // Plans and activities
  plan_title_taken: "conflict",
  plan_not_draft: "conflict",
  plan_wrong_status: "conflict",
  plan_not_in_execution: "conflict",
  activity_name_taken: "conflict",
  end_before_start: "validation",
  activity_retired: "conflict",
  // Months, execution and reprogramming
  month_closed: "conflict",
  month_already_closed: "conflict",
  month_not_closed: "conflict",
  months_close_in_order: "conflict",
  stale_version: "conflict",
  progress_out_of_range: "validation",
  no_current_programming: "conflict",
  closed_month_programming: "conflict",
  reprogramming_unchanged: "validation",
  reprogramming_already_approved: "conflict",
  reprogramming_already_rejected: "conflict",
  programming_changed: "conflict",
  // Evidence
  one_file_required: "validation",
  file_too_large: "payload_too_large",
  empty_file: "validation",
  file_type_not_allowed: "validation",
  file_declared_type_mismatch: "validation",
  file_content_mismatch: "validation",
  evidence_already_removed: "not_found",
  // Imports
  preview_gone: "not_found",
  preview_too_large: "payload_too_large",
  preview_importing: "conflict",
  preview_imported: "conflict",
  document_has_errors: "validation",
  document_has_error_rows: "validation",
  document_without_institution: "validation",
  document_without_activities: "validation",
  import_unit_undefined: "validation",
  import_plan_locked: "conflict",
  import_closed_month_changed: "conflict",
  // Reports and periods
  invalid_period: "validation",
  unknown_report: "validation",
  unknown_format: "validation",
  unit_not_found: "not_found",
  unit_ambiguous: "validation",
  activity_required: "validation",
  activity_not_found: "not_found",
  activity_ambiguous: "validation",
  institution_without_plans: "not_found",
  no_plan_for_year: "not_found",
  plan_not_found: "not_found",
  plan_ambiguous: "validation",
  // Backups and the database (the command line)
  file_unreadable: "not_found",
  restore_target_not_empty: "conflict",
  not_a_backup: "validation",
  backup_format_version: "validation",
  backup_newer_migration: "validation",
  backup_damaged: "validation",
  invalid_server_address: "validation",
  token_required: "validation",
  server_unreachable: "database_unreachable",
  backup_refused: "database_unreachable",
  database_unreachable: "database_unreachable",
  database_unreadable: "database_unreadable",
  database_locked: "database_locked",
} as const satisfies Record<string, ErrorCode>;

export type ProblemCode = keyof typeof problemCodes;

/** The values a message interpolates (a month number, a status, a name…), for the web's own text. */
export type ProblemParams = Record<string, string | number>;

/** The reasons of one kind: a `conflict` cannot be given a reason whose status is another. */
type ReasonCodeOf<Kind extends ErrorCode> = {
  [Code in ProblemCode]: (typeof problemCodes)[Code] extends Kind ? Code : never;
}[ProblemCode];

export type ReasonOf<Kind extends ErrorCode> = { code: ReasonCodeOf<Kind>; params?: ProblemParams };

export type Reason = { code: ProblemCode; params?: ProblemParams };

/** A kind and a reason of that kind, checked where the error is thrown. */
type KindAndReason = {
  [Kind in ErrorCode]: [code: Kind, message: string, field?: string, reason?: ReasonOf<Kind>];
}[ErrorCode];

export class AppError extends Error {
  override readonly name = "AppError";
  readonly code: ErrorCode;
  readonly field: string | undefined;
  readonly reason: Reason | undefined;
  constructor(...[code, message, field, reason]: KindAndReason) {
    super(message);
    this.code = code;
    this.field = field;
    this.reason = reason;
  }

  /** The same refusal worded anew or at another field: a caller adding its context. */
  restated(message: string, field: string | undefined = this.field): AppError {
    return new AppError(...([this.code, message, field, this.reason] as KindAndReason));
  }
}

/** The refusal of a reason decided where no kind is named (an import's reconcile): the reason's. */
export function refusal(reason: Reason, message: string): AppError {
  return new AppError(...([problemCodes[reason.code], message, undefined, reason] as KindAndReason));
}

/** The words of the access rule (see server/auth/permissions.ts), the same from every layer. */
export const messages = {
  unauthorized: "Inicie sesión para continuar.",
  forbidden: "No tiene permiso para esta acción.",
  notFound: "No se encontró el recurso solicitado.",
  sessionRequired:
    "Esta acción requiere una sesión iniciada con contraseña; un token de API no puede realizarla.",
} as const;

/** The refusal of an action the caller's role does not allow. */
export function forbidden(): AppError {
  return new AppError("forbidden", messages.forbidden, undefined, { code: "forbidden" });
}

/** The same 404 for "does not exist" and "belongs to another institution". */
export function notFound(
  detail: string = messages.notFound,
  reason: ReasonOf<"not_found"> = { code: "not_found" },
): AppError {
  return new AppError("not_found", detail, undefined, reason);
}
