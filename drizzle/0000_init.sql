CREATE TABLE "activities" (
	"institution_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"code" text,
	"name" text NOT NULL,
	"project" text,
	"objective" text,
	"location" text,
	"budget_activity" text,
	"unit_of_measure" text,
	"annual_target" numeric(18, 4),
	"start_date" date,
	"end_date" date,
	"goal" text,
	"responsible" text,
	"measure_kind" text DEFAULT 'quantity' NOT NULL,
	"cumulative" boolean DEFAULT true NOT NULL,
	"oei_code" text,
	"oei_name" text,
	"aei_code" text,
	"aei_name" text,
	"priority" integer,
	"active" boolean DEFAULT true NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"attributes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "activities_institution_id_id_pk" PRIMARY KEY("institution_id","id"),
	CONSTRAINT "activities_measure_kind_check" CHECK ("activities"."measure_kind" in ('quantity', 'progress')),
	CONSTRAINT "activities_annual_target_check" CHECK ("activities"."annual_target" >= 0),
	CONSTRAINT "activities_dates_check" CHECK ("activities"."end_date" >= "activities"."start_date")
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"institution_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"user_id" uuid,
	"ip" text,
	"action" text NOT NULL,
	"entity" text NOT NULL,
	"entity_id" text,
	"plan_id" uuid,
	"unit_id" uuid,
	"reason" text,
	"before" jsonb,
	"after" jsonb
);
--> statement-breakpoint
CREATE TABLE "closed_months" (
	"institution_id" uuid NOT NULL,
	"plan_id" uuid NOT NULL,
	"month" smallint NOT NULL,
	"closed_by" uuid,
	"closed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "closed_months_institution_id_plan_id_month_pk" PRIMARY KEY("institution_id","plan_id","month"),
	CONSTRAINT "closed_months_month_check" CHECK ("closed_months"."month" between 1 and 12)
);
--> statement-breakpoint
CREATE TABLE "executed_values" (
	"institution_id" uuid NOT NULL,
	"activity_id" uuid NOT NULL,
	"q01" numeric(18, 4),
	"q02" numeric(18, 4),
	"q03" numeric(18, 4),
	"q04" numeric(18, 4),
	"q05" numeric(18, 4),
	"q06" numeric(18, 4),
	"q07" numeric(18, 4),
	"q08" numeric(18, 4),
	"q09" numeric(18, 4),
	"q10" numeric(18, 4),
	"q11" numeric(18, 4),
	"q12" numeric(18, 4),
	"m01" numeric(18, 4),
	"m02" numeric(18, 4),
	"m03" numeric(18, 4),
	"m04" numeric(18, 4),
	"m05" numeric(18, 4),
	"m06" numeric(18, 4),
	"m07" numeric(18, 4),
	"m08" numeric(18, 4),
	"m09" numeric(18, 4),
	"m10" numeric(18, 4),
	"m11" numeric(18, 4),
	"m12" numeric(18, 4),
	CONSTRAINT "executed_values_institution_id_activity_id_pk" PRIMARY KEY("institution_id","activity_id")
);
--> statement-breakpoint
CREATE TABLE "execution_entries" (
	"institution_id" uuid NOT NULL,
	"activity_id" uuid NOT NULL,
	"month" smallint NOT NULL,
	"value" numeric(18, 4),
	"money" numeric(18, 4),
	"comment" text,
	"entered_by" uuid,
	"entered_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "execution_entries_institution_id_activity_id_month_pk" PRIMARY KEY("institution_id","activity_id","month"),
	CONSTRAINT "execution_entries_month_check" CHECK ("execution_entries"."month" between 1 and 12),
	CONSTRAINT "execution_entries_value_check" CHECK ("execution_entries"."value" >= 0 and "execution_entries"."money" >= 0)
);
--> statement-breakpoint
CREATE TABLE "institutions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"slug" text NOT NULL,
	"code" text,
	"country" text,
	"locale" text DEFAULT 'es-PE' NOT NULL,
	"green_from" numeric(6, 2) DEFAULT '90' NOT NULL,
	"amber_from" numeric(6, 2) DEFAULT '75' NOT NULL,
	"over_execution_above" numeric(6, 2) DEFAULT '110' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "institutions_thresholds_check" CHECK ("institutions"."amber_from" <= "institutions"."green_from" and "institutions"."green_from" <= "institutions"."over_execution_above")
);
--> statement-breakpoint
CREATE TABLE "membership_units" (
	"institution_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	CONSTRAINT "membership_units_institution_id_user_id_unit_id_pk" PRIMARY KEY("institution_id","user_id","unit_id")
);
--> statement-breakpoint
CREATE TABLE "memberships" (
	"institution_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"role" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "memberships_institution_id_user_id_pk" PRIMARY KEY("institution_id","user_id"),
	CONSTRAINT "memberships_role_check" CHECK ("memberships"."role" in ('admin', 'planner', 'editor', 'viewer'))
);
--> statement-breakpoint
CREATE TABLE "org_units" (
	"institution_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"parent_id" uuid,
	"code" text,
	"name" text NOT NULL,
	"responsible" text,
	"position" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "org_units_institution_id_id_pk" PRIMARY KEY("institution_id","id")
);
--> statement-breakpoint
CREATE TABLE "plans" (
	"institution_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"year" smallint NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"general_objective" text,
	"department" text,
	"responsible" text,
	"document_date" date,
	"status" text DEFAULT 'draft' NOT NULL,
	"source_stage" text,
	"source_file" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plans_institution_id_id_pk" PRIMARY KEY("institution_id","id"),
	CONSTRAINT "plans_kind_check" CHECK ("plans"."kind" in ('POI', 'POA')),
	CONSTRAINT "plans_status_check" CHECK ("plans"."status" in ('draft', 'approved', 'in_execution', 'closed')),
	CONSTRAINT "plans_year_check" CHECK ("plans"."year" between 2000 and 2100)
);
--> statement-breakpoint
CREATE TABLE "programmed_values" (
	"institution_id" uuid NOT NULL,
	"version_id" uuid NOT NULL,
	"activity_id" uuid NOT NULL,
	"q01" numeric(18, 4),
	"q02" numeric(18, 4),
	"q03" numeric(18, 4),
	"q04" numeric(18, 4),
	"q05" numeric(18, 4),
	"q06" numeric(18, 4),
	"q07" numeric(18, 4),
	"q08" numeric(18, 4),
	"q09" numeric(18, 4),
	"q10" numeric(18, 4),
	"q11" numeric(18, 4),
	"q12" numeric(18, 4),
	"m01" numeric(18, 4),
	"m02" numeric(18, 4),
	"m03" numeric(18, 4),
	"m04" numeric(18, 4),
	"m05" numeric(18, 4),
	"m06" numeric(18, 4),
	"m07" numeric(18, 4),
	"m08" numeric(18, 4),
	"m09" numeric(18, 4),
	"m10" numeric(18, 4),
	"m11" numeric(18, 4),
	"m12" numeric(18, 4),
	CONSTRAINT "programmed_values_institution_id_version_id_activity_id_pk" PRIMARY KEY("institution_id","version_id","activity_id")
);
--> statement-breakpoint
CREATE TABLE "programming_versions" (
	"institution_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"role" text,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "programming_versions_institution_id_id_pk" PRIMARY KEY("institution_id","id"),
	CONSTRAINT "programming_versions_role_check" CHECK ("programming_versions"."role" in ('baseline', 'current'))
);
--> statement-breakpoint
CREATE TABLE "reprogrammings" (
	"institution_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"activity_id" uuid NOT NULL,
	"old_values" numeric(18, 4)[] NOT NULL,
	"new_values" numeric(18, 4)[] NOT NULL,
	"justification" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"requested_by" uuid,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone,
	"review_comment" text,
	CONSTRAINT "reprogrammings_institution_id_id_pk" PRIMARY KEY("institution_id","id"),
	CONSTRAINT "reprogrammings_status_check" CHECK ("reprogrammings"."status" in ('pending', 'approved', 'rejected')),
	CONSTRAINT "reprogrammings_values_check" CHECK (cardinality("reprogrammings"."old_values") = 12 and cardinality("reprogrammings"."new_values") = 12)
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ip" text,
	"user_agent" text
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"password_hash" text,
	"super_admin" boolean DEFAULT false NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_institution_id_plan_id_plans_institution_id_id_fk" FOREIGN KEY ("institution_id","plan_id") REFERENCES "public"."plans"("institution_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_institution_id_unit_id_org_units_institution_id_id_fk" FOREIGN KEY ("institution_id","unit_id") REFERENCES "public"."org_units"("institution_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "closed_months" ADD CONSTRAINT "closed_months_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "closed_months" ADD CONSTRAINT "closed_months_institution_id_plan_id_plans_institution_id_id_fk" FOREIGN KEY ("institution_id","plan_id") REFERENCES "public"."plans"("institution_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "executed_values" ADD CONSTRAINT "executed_values_institution_id_activity_id_activities_institution_id_id_fk" FOREIGN KEY ("institution_id","activity_id") REFERENCES "public"."activities"("institution_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "execution_entries" ADD CONSTRAINT "execution_entries_entered_by_users_id_fk" FOREIGN KEY ("entered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "execution_entries" ADD CONSTRAINT "execution_entries_institution_id_activity_id_activities_institution_id_id_fk" FOREIGN KEY ("institution_id","activity_id") REFERENCES "public"."activities"("institution_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "membership_units" ADD CONSTRAINT "membership_units_institution_id_user_id_memberships_institution_id_user_id_fk" FOREIGN KEY ("institution_id","user_id") REFERENCES "public"."memberships"("institution_id","user_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "membership_units" ADD CONSTRAINT "membership_units_institution_id_unit_id_org_units_institution_id_id_fk" FOREIGN KEY ("institution_id","unit_id") REFERENCES "public"."org_units"("institution_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_units" ADD CONSTRAINT "org_units_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_units" ADD CONSTRAINT "org_units_institution_id_parent_id_org_units_institution_id_id_fk" FOREIGN KEY ("institution_id","parent_id") REFERENCES "public"."org_units"("institution_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plans" ADD CONSTRAINT "plans_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programmed_values" ADD CONSTRAINT "programmed_values_institution_id_version_id_programming_versions_institution_id_id_fk" FOREIGN KEY ("institution_id","version_id") REFERENCES "public"."programming_versions"("institution_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programmed_values" ADD CONSTRAINT "programmed_values_institution_id_activity_id_activities_institution_id_id_fk" FOREIGN KEY ("institution_id","activity_id") REFERENCES "public"."activities"("institution_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programming_versions" ADD CONSTRAINT "programming_versions_institution_id_plan_id_plans_institution_id_id_fk" FOREIGN KEY ("institution_id","plan_id") REFERENCES "public"."plans"("institution_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reprogrammings" ADD CONSTRAINT "reprogrammings_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reprogrammings" ADD CONSTRAINT "reprogrammings_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reprogrammings" ADD CONSTRAINT "reprogrammings_institution_id_activity_id_activities_institution_id_id_fk" FOREIGN KEY ("institution_id","activity_id") REFERENCES "public"."activities"("institution_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "activities_plan_idx" ON "activities" USING btree ("institution_id","plan_id","position");--> statement-breakpoint
CREATE INDEX "activities_unit_idx" ON "activities" USING btree ("institution_id","unit_id");--> statement-breakpoint
CREATE INDEX "audit_log_institution_at_idx" ON "audit_log" USING btree ("institution_id","at");--> statement-breakpoint
CREATE INDEX "audit_log_plan_idx" ON "audit_log" USING btree ("institution_id","plan_id");--> statement-breakpoint
CREATE UNIQUE INDEX "institutions_slug_key" ON "institutions" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "memberships_user_idx" ON "memberships" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "org_units_parent_idx" ON "org_units" USING btree ("institution_id","parent_id");--> statement-breakpoint
CREATE INDEX "programmed_values_activity_idx" ON "programmed_values" USING btree ("institution_id","activity_id");--> statement-breakpoint
CREATE UNIQUE INDEX "programming_versions_code_key" ON "programming_versions" USING btree ("institution_id","plan_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "programming_versions_role_key" ON "programming_versions" USING btree ("institution_id","plan_id","role");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_key" ON "users" USING btree ("email");