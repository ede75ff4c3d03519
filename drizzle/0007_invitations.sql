CREATE TABLE "invitation_units" (
	"institution_id" uuid NOT NULL,
	"invitation_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	CONSTRAINT "invitation_units_institution_id_invitation_id_unit_id_pk" PRIMARY KEY("institution_id","invitation_id","unit_id")
);
--> statement-breakpoint
CREATE TABLE "invitations" (
	"institution_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"role" text NOT NULL,
	"token_hash" text NOT NULL,
	"invited_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "invitations_institution_id_id_pk" PRIMARY KEY("institution_id","id"),
	CONSTRAINT "invitations_role_check" CHECK ("invitations"."role" in ('admin', 'planner', 'editor', 'viewer'))
);
--> statement-breakpoint
ALTER TABLE "invitation_units" ADD CONSTRAINT "invitation_units_institution_id_invitation_id_invitations_institution_id_id_fk" FOREIGN KEY ("institution_id","invitation_id") REFERENCES "public"."invitations"("institution_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitation_units" ADD CONSTRAINT "invitation_units_institution_id_unit_id_org_units_institution_id_id_fk" FOREIGN KEY ("institution_id","unit_id") REFERENCES "public"."org_units"("institution_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_invited_by_users_id_fk" FOREIGN KEY ("invited_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "invitations_email_key" ON "invitations" USING btree ("institution_id","email");--> statement-breakpoint
CREATE UNIQUE INDEX "invitations_token_hash_key" ON "invitations" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "invitations_email_idx" ON "invitations" USING btree ("email");