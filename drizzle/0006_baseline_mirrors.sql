ALTER TABLE "programmed_values" DROP CONSTRAINT "programmed_values_institution_id_version_id_programming_versions_institution_id_id_fk";
--> statement-breakpoint
ALTER TABLE "programming_versions" ADD COLUMN "mirrors" uuid;--> statement-breakpoint
ALTER TABLE "programming_versions" ADD CONSTRAINT "programming_versions_institution_id_mirrors_programming_versions_institution_id_id_fk" FOREIGN KEY ("institution_id","mirrors") REFERENCES "public"."programming_versions"("institution_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- A draft plan's derived baseline (Avance's own copy, code LINEA_BASE) mirrors the current
-- programming instead of holding a second copy of every month; approval freezes it as before.
UPDATE "programming_versions" b SET "mirrors" = c."id"
  FROM "programming_versions" c, "plans" p
  WHERE b."code" = 'LINEA_BASE' AND b."role" = 'baseline'
    AND c."institution_id" = b."institution_id" AND c."plan_id" = b."plan_id" AND c."role" = 'current'
    AND p."institution_id" = b."institution_id" AND p."id" = b."plan_id" AND p."status" = 'draft';--> statement-breakpoint
DELETE FROM "programmed_values" v USING "programming_versions" b
  WHERE b."mirrors" IS NOT NULL AND v."institution_id" = b."institution_id" AND v."version_id" = b."id";
