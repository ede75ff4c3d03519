/**
 * Every action and entity type the server writes to the audit log (`src/services`, the import's
 * reconcile), with its Spanish word for the audit CSV. The web words them in its own catalogs
 * (`audit.action.<code>`, `audit.entity.<code>` in web/src/i18n) and offers `auditActions` in
 * the log's «Acción» filter. A test reads the sources: an action written without its word here
 * fails it by name.
 */

export const auditActions = [
  "create",
  "update",
  "move",
  "delete",
  "retire",
  "import",
  "program",
  "approve",
  "start",
  "close",
  "reopen",
  "record",
  "upload",
  "request",
  "reject",
  "invite",
  "accept",
  "decline",
  "grant",
  "revoke",
  "login",
  "login_failed",
  "login_refused",
  "logout",
  "logout_all",
  "password_change",
  "password_change_failed",
  "password_reset",
  "backup",
] as const;
export type AuditAction = (typeof auditActions)[number];

export const auditEntities = [
  "activity",
  "api_token",
  "database",
  "evidence",
  "execution_entry",
  "institution",
  "invitation",
  "membership",
  "month",
  "org_unit",
  "org_units",
  "plan",
  "reprogramming",
  "session",
  "user",
] as const;
export type AuditEntity = (typeof auditEntities)[number];

/** As the web's Spanish catalog words them (`audit.action.*`). */
export const auditActionWords: Record<AuditAction, string> = {
  create: "Creación",
  update: "Cambio",
  move: "Traslado",
  delete: "Eliminación",
  retire: "Retiro",
  import: "Importación",
  program: "Programación",
  approve: "Aprobación",
  start: "Inicio de la ejecución",
  close: "Cierre",
  reopen: "Reapertura",
  record: "Registro",
  upload: "Carga",
  request: "Solicitud",
  reject: "Rechazo",
  invite: "Envío",
  accept: "Aceptación",
  decline: "Rechazo de la persona",
  grant: "Alta de miembro",
  revoke: "Baja de miembro",
  login: "Ingreso",
  login_failed: "Ingreso fallido",
  login_refused: "Ingreso rechazado",
  logout: "Salida",
  logout_all: "Salida de todas las sesiones",
  password_change: "Cambio de contraseña",
  password_change_failed: "Cambio de contraseña fallido",
  password_reset: "Restablecimiento de contraseña",
  backup: "Copia de seguridad",
};

export const auditEntityWords: Record<AuditEntity, string> = {
  activity: "actividad",
  api_token: "token de API",
  database: "base de datos",
  evidence: "evidencia",
  execution_entry: "ejecución",
  institution: "institución",
  invitation: "invitación",
  membership: "miembro",
  month: "mes",
  org_unit: "unidad orgánica",
  org_units: "unidades orgánicas",
  plan: "plan",
  reprogramming: "reprogramación",
  session: "sesión",
  user: "usuario",
};

const isAction = (code: string): code is AuditAction => Object.hasOwn(auditActionWords, code);
const isEntity = (code: string): code is AuditEntity => Object.hasOwn(auditEntityWords, code);

/** The Spanish word of an action, or its code when it has none (an entry of an older version). */
export const auditActionWord = (code: string): string => (isAction(code) ? auditActionWords[code] : code);
export const auditEntityWord = (code: string): string => (isEntity(code) ? auditEntityWords[code] : code);
