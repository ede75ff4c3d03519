-- One counter per institution and connection slot (backend pid mod 8): with one row per
-- institution, concurrent writers of an institution queued on it from their first bump until
-- commit (measured: writes stuck near 170/s). Readers add the slots up; the sum still grows with
-- every committed change, so the report cache stays correct.
ALTER TABLE "figure_versions" DROP CONSTRAINT "figure_versions_pkey";--> statement-breakpoint
ALTER TABLE "figure_versions" ADD COLUMN "slot" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "figure_versions" ADD CONSTRAINT "figure_versions_institution_id_slot_pk" PRIMARY KEY("institution_id","slot");--> statement-breakpoint
CREATE OR REPLACE FUNCTION figure_versions_bump_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO figure_versions (institution_id, slot, version)
      SELECT DISTINCT institution_id, pg_backend_pid() % 8, 1 FROM old_rows ORDER BY 1
      ON CONFLICT (institution_id, slot) DO UPDATE SET version = figure_versions.version + 1;
  ELSE
    INSERT INTO figure_versions (institution_id, slot, version)
      SELECT DISTINCT institution_id, pg_backend_pid() % 8, 1 FROM new_rows ORDER BY 1
      ON CONFLICT (institution_id, slot) DO UPDATE SET version = figure_versions.version + 1;
  END IF;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION figure_versions_bump_institutions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO figure_versions (institution_id, slot, version)
      SELECT DISTINCT id, pg_backend_pid() % 8, 1 FROM old_rows ORDER BY 1
      ON CONFLICT (institution_id, slot) DO UPDATE SET version = figure_versions.version + 1;
  ELSE
    INSERT INTO figure_versions (institution_id, slot, version)
      SELECT DISTINCT id, pg_backend_pid() % 8, 1 FROM new_rows ORDER BY 1
      ON CONFLICT (institution_id, slot) DO UPDATE SET version = figure_versions.version + 1;
  END IF;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION figure_versions_bump_deployment() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (TG_OP = 'DELETE' AND EXISTS (SELECT 1 FROM old_rows))
    OR (TG_OP = 'UPDATE' AND EXISTS (SELECT 1 FROM old_rows o JOIN new_rows n ON n.id = o.id
      WHERE n.name IS DISTINCT FROM o.name OR n.email IS DISTINCT FROM o.email)) THEN
    INSERT INTO figure_versions (institution_id, slot, version)
      VALUES ('00000000-0000-0000-0000-000000000000', pg_backend_pid() % 8, 1)
      ON CONFLICT (institution_id, slot) DO UPDATE SET version = figure_versions.version + 1;
  END IF;
  RETURN NULL;
END;
$$;
