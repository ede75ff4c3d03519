/**
 * The Avance schema: one definition for PGlite and PostgreSQL (15+).
 *
 * Tenancy: every tenant table carries `institution_id`, leads its primary key with it and
 * references other tenant rows through (institution_id, id) pairs, so a row can never point
 * into another institution and a large deployment can distribute every table by
 * `institution_id` (Citus co-location) without changing a query.
 *
 * Monthly figures: one row per activity (and programming version) with a column per month,
 * not one row per activity-month. Reports aggregate months of many activities at once; the
 * wide row reads 12 months in one tuple (8x faster measured on PGlite: `npm run bench storage`). Execution
 * entries, which carry who/when/comment/version per month, are rows of their own; the wide
 * `executed_values` row is written in the same transaction as the entry it mirrors.
 *
 * Quantities and money are `numeric(18,4)`: exact decimals, never floats. A null month is
 * "nothing registered", which is not the same as 0.
 */
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  customType,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { EVIDENCE_MAX_BYTES } from "../domain/evidence.js";
import { measureKinds } from "../domain/figures.js";
import { planKinds, planStatuses } from "../domain/plan-status.js";
import { reprogrammingStatuses } from "../domain/reprogramming.js";
import { roles } from "../domain/roles.js";

const quantity = (name: string) => numeric(name, { precision: 18, scale: 4 });
const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const tenant = () => uuid("institution_id").notNull();

/** Twelve month columns `<prefix>01` … `<prefix>12`, exact decimals, null = nothing registered. */
function months<P extends string>(prefix: P) {
  return {
    [`${prefix}01`]: quantity(`${prefix}01`),
    [`${prefix}02`]: quantity(`${prefix}02`),
    [`${prefix}03`]: quantity(`${prefix}03`),
    [`${prefix}04`]: quantity(`${prefix}04`),
    [`${prefix}05`]: quantity(`${prefix}05`),
    [`${prefix}06`]: quantity(`${prefix}06`),
    [`${prefix}07`]: quantity(`${prefix}07`),
    [`${prefix}08`]: quantity(`${prefix}08`),
    [`${prefix}09`]: quantity(`${prefix}09`),
    [`${prefix}10`]: quantity(`${prefix}10`),
    [`${prefix}11`]: quantity(`${prefix}11`),
    [`${prefix}12`]: quantity(`${prefix}12`),
  } as Record<
    `${P}${"01" | "02" | "03" | "04" | "05" | "06" | "07" | "08" | "09" | "10" | "11" | "12"}`,
    ReturnType<typeof quantity>
  >;
}

export const institutions = pgTable(
  "institutions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    /** Short name used by the CLI and URLs (e.g. `sat-piura`). */
    slug: text("slug").notNull(),
    /** Code in a national registry (CEPLAN's UE code, a municipal code…). */
    code: text("code"),
    country: text("country"),
    locale: text("locale").notNull().default("es-PE"),
    /** Traffic light: green at or above, amber at or above, red below; over-execution above. */
    greenFrom: numeric("green_from", { precision: 6, scale: 2 }).notNull().default("90"),
    amberFrom: numeric("amber_from", { precision: 6, scale: 2 }).notNull().default("75"),
    overExecutionAbove: numeric("over_execution_above", { precision: 6, scale: 2 }).notNull().default("110"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("institutions_slug_key").on(t.slug),
    check(
      "institutions_thresholds_check",
      sql`${t.amberFrom} <= ${t.greenFrom} and ${t.greenFrom} <= ${t.overExecutionAbove}`,
    ),
  ],
);

export const orgUnits = pgTable(
  "org_units",
  {
    institutionId: tenant().references(() => institutions.id),
    id: uuid("id").notNull().defaultRandom(),
    parentId: uuid("parent_id"),
    code: text("code"),
    name: text("name").notNull(),
    responsible: text("responsible"),
    position: integer("position").notNull().default(0),
    active: boolean("active").notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.institutionId, t.id] }),
    foreignKey({ columns: [t.institutionId, t.parentId], foreignColumns: [t.institutionId, t.id] }),
    index("org_units_parent_idx").on(t.institutionId, t.parentId),
  ],
);

export const plans = pgTable(
  "plans",
  {
    institutionId: tenant().references(() => institutions.id),
    id: uuid("id").notNull().defaultRandom(),
    year: smallint("year").notNull(),
    kind: text("kind", { enum: planKinds }).notNull(),
    title: text("title").notNull(),
    generalObjective: text("general_objective"),
    department: text("department"),
    responsible: text("responsible"),
    documentDate: date("document_date"),
    status: text("status", { enum: planStatuses }).notNull().default("draft"),
    /** Stage of the source system (CEPLAN `Etapa`: ELABORACION, SEGUIMIENTO…). */
    sourceStage: text("source_stage"),
    sourceFile: text("source_file"),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.institutionId, t.id] }),
    check("plans_kind_check", sql`${t.kind} in ('POI', 'POA')`),
    check("plans_status_check", sql`${t.status} in ('draft', 'approved', 'in_execution', 'closed')`),
    check("plans_year_check", sql`${t.year} between 2000 and 2100`),
  ],
);

export const activities = pgTable(
  "activities",
  {
    institutionId: tenant(),
    id: uuid("id").notNull().defaultRandom(),
    planId: uuid("plan_id").notNull(),
    unitId: uuid("unit_id").notNull(),
    /** Key in the source system (CEPLAN `Actividad Operativa ID`), when there is one. */
    code: text("code"),
    name: text("name").notNull(),
    project: text("project"),
    objective: text("objective"),
    location: text("location"),
    budgetActivity: text("budget_activity"),
    unitOfMeasure: text("unit_of_measure"),
    annualTarget: quantity("annual_target"),
    startDate: date("start_date"),
    endDate: date("end_date"),
    goal: text("goal"),
    responsible: text("responsible"),
    measureKind: text("measure_kind", { enum: measureKinds }).notNull().default("quantity"),
    /** true: a period's figure is the sum of its months; false: its last reported month. */
    cumulative: boolean("cumulative").notNull().default(true),
    oeiCode: text("oei_code"),
    oeiName: text("oei_name"),
    aeiCode: text("aei_code"),
    aeiName: text("aei_name"),
    priority: integer("priority"),
    /** A withdrawn activity keeps its history but leaves every figure. */
    active: boolean("active").notNull().default(true),
    position: integer("position").notNull().default(0),
    /** Source columns Avance has no column for (budget structure, ubigeo…): nothing is lost. */
    attributes: jsonb("attributes").$type<Record<string, string>>().notNull().default({}),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.institutionId, t.id] }),
    foreignKey({
      columns: [t.institutionId, t.planId],
      foreignColumns: [plans.institutionId, plans.id],
    }).onDelete("cascade"),
    foreignKey({
      columns: [t.institutionId, t.unitId],
      foreignColumns: [orgUnits.institutionId, orgUnits.id],
    }),
    index("activities_plan_idx").on(t.institutionId, t.planId, t.position),
    index("activities_unit_idx").on(t.institutionId, t.unitId),
    check("activities_measure_kind_check", sql`${t.measureKind} in ('quantity', 'progress')`),
    check("activities_annual_target_check", sql`${t.annualTarget} >= 0`),
    check("activities_dates_check", sql`${t.endDate} >= ${t.startDate}`),
  ],
);

/**
 * A named set of programmed values of a plan. `role` marks the two every report knows:
 * the approved `baseline` and the `current` programming; other versions are history
 * (CEPLAN phases A, AJ, CS, RE). A plain document brings only the current programming; its
 * baseline is the copy taken when the plan is approved (CEPLAN files bring theirs: phase CS).
 * Until then the baseline `mirrors` the current version and holds no values of its own: reports
 * read the mirrored version's, so a draft's import writes each month once (100,000 activities:
 * a second of the server's time saved, measured).
 */
export const programmingVersions = pgTable(
  "programming_versions",
  {
    institutionId: tenant(),
    id: uuid("id").notNull().defaultRandom(),
    planId: uuid("plan_id").notNull(),
    code: text("code").notNull(),
    name: text("name").notNull(),
    role: text("role", { enum: ["baseline", "current"] }),
    /** The version whose values this one reads until it is frozen (approval copies them). */
    mirrors: uuid("mirrors"),
    position: integer("position").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.institutionId, t.id] }),
    foreignKey({
      columns: [t.institutionId, t.planId],
      foreignColumns: [plans.institutionId, plans.id],
    }).onDelete("cascade"),
    foreignKey({ columns: [t.institutionId, t.mirrors], foreignColumns: [t.institutionId, t.id] }),
    uniqueIndex("programming_versions_code_key").on(t.institutionId, t.planId, t.code),
    uniqueIndex("programming_versions_role_key").on(t.institutionId, t.planId, t.role),
    check("programming_versions_role_check", sql`${t.role} in ('baseline', 'current')`),
  ],
);

/**
 * Programmed quantity (`q01…q12`) and money (`m01…m12`) of one activity in one version.
 * `version_id` has no foreign key: its check was a tenth of a 100,000-activity import's server
 * time (measured), and a version leaves only with its plan, whose activities take these rows along.
 */
export const programmedValues = pgTable(
  "programmed_values",
  {
    institutionId: tenant(),
    versionId: uuid("version_id").notNull(),
    activityId: uuid("activity_id").notNull(),
    ...months("q"),
    ...months("m"),
  },
  (t) => [
    primaryKey({ columns: [t.institutionId, t.versionId, t.activityId] }),
    foreignKey({
      columns: [t.institutionId, t.activityId],
      foreignColumns: [activities.institutionId, activities.id],
    }).onDelete("cascade"),
    index("programmed_values_activity_idx").on(t.institutionId, t.activityId),
  ],
);

/** Executed quantity and money by month: the aggregation copy of `execution_entries`. */
export const executedValues = pgTable(
  "executed_values",
  {
    institutionId: tenant(),
    activityId: uuid("activity_id").notNull(),
    ...months("q"),
    ...months("m"),
  },
  (t) => [
    primaryKey({ columns: [t.institutionId, t.activityId] }),
    foreignKey({
      columns: [t.institutionId, t.activityId],
      foreignColumns: [activities.institutionId, activities.id],
    }).onDelete("cascade"),
  ],
);

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Stored lower-cased. */
    email: text("email").notNull(),
    name: text("name").notNull().default(""),
    /** argon2id (PHC string); null until the user sets a password. */
    passwordHash: text("password_hash"),
    superAdmin: boolean("super_admin").notNull().default(false),
    active: boolean("active").notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("users_email_key").on(t.email)],
);

export const sessions = pgTable(
  "sessions",
  {
    /** SHA-256 of the session token: a stolen database does not yield live sessions. */
    tokenHash: text("token_hash").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    ip: text("ip"),
    userAgent: text("user_agent"),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/**
 * Tokens for scripts (`Authorization: Bearer avk_…`). A token acts as its user, with every
 * membership the user has (no institution scope of its own). Only the SHA-256 of the token is
 * stored; `prefix` (the first characters) lets the user tell tokens apart in a list.
 */
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull(),
    prefix: text("prefix").notNull(),
    createdAt: createdAt(),
    /** null = does not expire. */
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("api_tokens_token_hash_key").on(t.tokenHash),
    index("api_tokens_user_idx").on(t.userId),
  ],
);

export const memberships = pgTable(
  "memberships",
  {
    institutionId: tenant().references(() => institutions.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text("role", { enum: roles }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.institutionId, t.userId] }),
    index("memberships_user_idx").on(t.userId),
    check("memberships_role_check", sql`${t.role} in ('admin', 'planner', 'editor', 'viewer')`),
  ],
);

/** The units an `editor` may record execution for (their sub-units included). */
export const membershipUnits = pgTable(
  "membership_units",
  {
    institutionId: tenant(),
    userId: uuid("user_id").notNull(),
    unitId: uuid("unit_id").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.institutionId, t.userId, t.unitId] }),
    foreignKey({
      columns: [t.institutionId, t.userId],
      foreignColumns: [memberships.institutionId, memberships.userId],
    }).onDelete("cascade"),
    foreignKey({
      columns: [t.institutionId, t.unitId],
      foreignColumns: [orgUnits.institutionId, orgUnits.id],
    }),
  ],
);

/**
 * A pending invitation to join an institution (`POST …/users`): the person named by `email`
 * becomes a member with `role` only once they accept it, at their next login or through the link
 * (`/invitacion?token=…`) whose SHA-256 is `token_hash`. Accepting, declining or revoking deletes
 * the row (the audit log keeps the history); one pending invitation per e-mail and institution,
 * a new one replaces it. `name` is what the admin wrote, never read from an existing account.
 */
export const invitations = pgTable(
  "invitations",
  {
    institutionId: tenant().references(() => institutions.id),
    id: uuid("id").notNull().defaultRandom(),
    /** Stored lower-cased, like `users.email`. */
    email: text("email").notNull(),
    name: text("name").notNull().default(""),
    role: text("role", { enum: roles }).notNull(),
    tokenHash: text("token_hash").notNull(),
    invitedBy: uuid("invited_by").references(() => users.id),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.institutionId, t.id] }),
    uniqueIndex("invitations_email_key").on(t.institutionId, t.email),
    uniqueIndex("invitations_token_hash_key").on(t.tokenHash),
    index("invitations_email_idx").on(t.email),
    check("invitations_role_check", sql`${t.role} in ('admin', 'planner', 'editor', 'viewer')`),
  ],
);

/** The units an invited `editor` will have, as `membership_units` once they accept. */
export const invitationUnits = pgTable(
  "invitation_units",
  {
    institutionId: tenant(),
    invitationId: uuid("invitation_id").notNull(),
    unitId: uuid("unit_id").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.institutionId, t.invitationId, t.unitId] }),
    foreignKey({
      columns: [t.institutionId, t.invitationId],
      foreignColumns: [invitations.institutionId, invitations.id],
    }).onDelete("cascade"),
    foreignKey({
      columns: [t.institutionId, t.unitId],
      foreignColumns: [orgUnits.institutionId, orgUnits.id],
    }),
  ],
);

/** One month's execution of one activity: the official record, with its author. */
export const executionEntries = pgTable(
  "execution_entries",
  {
    institutionId: tenant(),
    activityId: uuid("activity_id").notNull(),
    month: smallint("month").notNull(),
    value: quantity("value"),
    money: quantity("money"),
    comment: text("comment"),
    enteredBy: uuid("entered_by").references(() => users.id),
    enteredAt: timestamp("entered_at", { withTimezone: true }).notNull().defaultNow(),
    /** Optimistic concurrency: a write names the version it read. */
    version: integer("version").notNull().default(1),
  },
  (t) => [
    primaryKey({ columns: [t.institutionId, t.activityId, t.month] }),
    foreignKey({
      columns: [t.institutionId, t.activityId],
      foreignColumns: [activities.institutionId, activities.id],
    }).onDelete("cascade"),
    check("execution_entries_month_check", sql`${t.month} between 1 and 12`),
    check("execution_entries_value_check", sql`${t.value} >= 0 and ${t.money} >= 0`),
  ],
);

export const closedMonths = pgTable(
  "closed_months",
  {
    institutionId: tenant(),
    planId: uuid("plan_id").notNull(),
    month: smallint("month").notNull(),
    closedBy: uuid("closed_by").references(() => users.id),
    closedAt: timestamp("closed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.institutionId, t.planId, t.month] }),
    foreignKey({
      columns: [t.institutionId, t.planId],
      foreignColumns: [plans.institutionId, plans.id],
    }).onDelete("cascade"),
    check("closed_months_month_check", sql`${t.month} between 1 and 12`),
  ],
);

/** A request to change an activity's current programming, and its review. */
export const reprogrammings = pgTable(
  "reprogrammings",
  {
    institutionId: tenant(),
    id: uuid("id").notNull().defaultRandom(),
    activityId: uuid("activity_id").notNull(),
    /** Twelve values each, index 0 = January; null = nothing programmed. */
    oldValues: numeric("old_values", { precision: 18, scale: 4 }).array().notNull(),
    newValues: numeric("new_values", { precision: 18, scale: 4 }).array().notNull(),
    justification: text("justification").notNull(),
    status: text("status", { enum: reprogrammingStatuses }).notNull().default("pending"),
    requestedBy: uuid("requested_by").references(() => users.id),
    requestedAt: timestamp("requested_at", { withTimezone: true }).notNull().defaultNow(),
    reviewedBy: uuid("reviewed_by").references(() => users.id),
    reviewedAt: timestamp("reviewed_at", { withTimezone: true }),
    reviewComment: text("review_comment"),
  },
  (t) => [
    primaryKey({ columns: [t.institutionId, t.id] }),
    foreignKey({
      columns: [t.institutionId, t.activityId],
      foreignColumns: [activities.institutionId, activities.id],
    }).onDelete("cascade"),
    check("reprogrammings_status_check", sql`${t.status} in ('pending', 'approved', 'rejected')`),
    check(
      "reprogrammings_values_check",
      sql`cardinality(${t.oldValues}) = 12 and cardinality(${t.newValues}) = 12`,
    ),
  ],
);

/** Raw bytes (`bytea`), as a Buffer on both drivers. */
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

/**
 * A file backing one month's execution (a signed report, a photo, a spreadsheet). The bytes
 * live in the database, not on disk, so a database backup carries the evidence with the figures.
 */
export const evidenceFiles = pgTable(
  "evidence_files",
  {
    institutionId: tenant(),
    id: uuid("id").notNull().defaultRandom(),
    activityId: uuid("activity_id").notNull(),
    month: smallint("month").notNull(),
    /** Sanitised: no path, no control characters, at most 120 characters. */
    fileName: text("file_name").notNull(),
    /** The type detected from the bytes, never the one the browser declared. */
    contentType: text("content_type").notNull(),
    size: integer("size").notNull(),
    sha256: text("sha256").notNull(),
    data: bytea("data").notNull(),
    uploadedBy: uuid("uploaded_by").references(() => users.id),
    uploadedAt: timestamp("uploaded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.institutionId, t.id] }),
    foreignKey({
      columns: [t.institutionId, t.activityId],
      foreignColumns: [activities.institutionId, activities.id],
    }).onDelete("cascade"),
    index("evidence_files_activity_idx").on(t.institutionId, t.activityId, t.month),
    check("evidence_files_month_check", sql`${t.month} between 1 and 12`),
    check("evidence_files_size_check", sql`${t.size} between 1 and ${sql.raw(String(EVIDENCE_MAX_BYTES))}`),
  ],
);

/**
 * Every write, in the transaction of the write. Append-only: a trigger (migration 0001)
 * refuses UPDATE and DELETE, so not even a bug in Avance can rewrite history.
 * `institution_id` is null only for deployment-level actions (a super-admin creating an institution).
 */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    institutionId: uuid("institution_id"),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    userId: uuid("user_id"),
    ip: text("ip"),
    action: text("action").notNull(),
    entity: text("entity").notNull(),
    entityId: text("entity_id"),
    planId: uuid("plan_id"),
    unitId: uuid("unit_id"),
    reason: text("reason"),
    before: jsonb("before"),
    after: jsonb("after"),
  },
  (t) => [
    index("audit_log_institution_at_idx").on(t.institutionId, t.at),
    index("audit_log_plan_idx").on(t.institutionId, t.planId),
  ],
);

/**
 * The change marker of the report cache (`src/services/reports/report-cache.ts`): counters per
 * institution (summed over their slots), bumped in the writing transaction by statement-level triggers (migration 0004) on
 * every table whose rows change a report's figures or labels. Row `00000000-…` is the deployment's
 * own counter, bumped by changes to `users` (the authors named in activity sheets). No foreign
 * key: the marker outlives nothing it could point to, and a restore loads it before the
 * institutions whose inserts bump it.
 */
export const figureVersions = pgTable(
  "figure_versions",
  {
    institutionId: uuid("institution_id").notNull(),
    /**
     * One counter per institution and connection slot (backend pid mod 8): concurrent writers
     * of one institution bump different rows instead of queueing on one until commit. Readers
     * add the slots up; the sum still grows with every committed change.
     */
    slot: smallint("slot").notNull().default(0),
    version: bigint("version", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.institutionId, t.slot] })],
);
