CREATE TABLE "evidence_files" (
	"institution_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"activity_id" uuid NOT NULL,
	"month" smallint NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"data" "bytea" NOT NULL,
	"uploaded_by" uuid,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "evidence_files_institution_id_id_pk" PRIMARY KEY("institution_id","id"),
	CONSTRAINT "evidence_files_month_check" CHECK ("evidence_files"."month" between 1 and 12),
	CONSTRAINT "evidence_files_size_check" CHECK ("evidence_files"."size" between 1 and 10485760)
);
--> statement-breakpoint
ALTER TABLE "evidence_files" ADD CONSTRAINT "evidence_files_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_files" ADD CONSTRAINT "evidence_files_institution_id_activity_id_activities_institution_id_id_fk" FOREIGN KEY ("institution_id","activity_id") REFERENCES "public"."activities"("institution_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "evidence_files_activity_idx" ON "evidence_files" USING btree ("institution_id","activity_id","month");