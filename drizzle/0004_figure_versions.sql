CREATE TABLE "figure_versions" (
	"institution_id" uuid PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL
);
--> statement-breakpoint
-- The report cache's change marker. Statement-level triggers with transition tables: one upsert
-- of the statement's distinct institutions, so a 100,000-row import bumps once per statement,
-- and a statement that changes no row bumps nothing (and locks nothing). The counter row stays
-- locked until commit: writers of one institution serialize from their first bump to commit,
-- so writes bump in their last statements. Institutions are upserted in id order, so two
-- statements spanning the same institutions cannot deadlock on their counters.
CREATE FUNCTION figure_versions_bump_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO figure_versions (institution_id, version)
      SELECT DISTINCT institution_id, 1 FROM old_rows ORDER BY 1
      ON CONFLICT (institution_id) DO UPDATE SET version = figure_versions.version + 1;
  ELSE
    INSERT INTO figure_versions (institution_id, version)
      SELECT DISTINCT institution_id, 1 FROM new_rows ORDER BY 1
      ON CONFLICT (institution_id) DO UPDATE SET version = figure_versions.version + 1;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION figure_versions_bump_institutions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO figure_versions (institution_id, version)
      SELECT DISTINCT id, 1 FROM old_rows ORDER BY 1
      ON CONFLICT (institution_id) DO UPDATE SET version = figure_versions.version + 1;
  ELSE
    INSERT INTO figure_versions (institution_id, version)
      SELECT DISTINCT id, 1 FROM new_rows ORDER BY 1
      ON CONFLICT (institution_id) DO UPDATE SET version = figure_versions.version + 1;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- Users belong to no institution: a change to a name or an e-mail (shown as an entry's author)
-- bumps the deployment's row, which every read adds to its institution's. Password changes and
-- deactivations change no figure and bump nothing.
CREATE FUNCTION figure_versions_bump_deployment() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (TG_OP = 'DELETE' AND EXISTS (SELECT 1 FROM old_rows))
    OR (TG_OP = 'UPDATE' AND EXISTS (SELECT 1 FROM old_rows o JOIN new_rows n ON n.id = o.id
      WHERE n.name IS DISTINCT FROM o.name OR n.email IS DISTINCT FROM o.email)) THEN
    INSERT INTO figure_versions (institution_id, version)
      VALUES ('00000000-0000-0000-0000-000000000000', 1)
      ON CONFLICT (institution_id) DO UPDATE SET version = figure_versions.version + 1;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['activities', 'programmed_values', 'executed_values', 'execution_entries',
    'closed_months', 'programming_versions', 'plans', 'org_units', 'reprogrammings'] LOOP
    EXECUTE format('CREATE TRIGGER figure_versions_insert AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION figure_versions_bump_rows()', t);
    EXECUTE format('CREATE TRIGGER figure_versions_update AFTER UPDATE ON %I REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION figure_versions_bump_rows()', t);
    EXECUTE format('CREATE TRIGGER figure_versions_delete AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION figure_versions_bump_rows()', t);
  END LOOP;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER figure_versions_insert AFTER INSERT ON institutions REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION figure_versions_bump_institutions();
--> statement-breakpoint
CREATE TRIGGER figure_versions_update AFTER UPDATE ON institutions REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION figure_versions_bump_institutions();
--> statement-breakpoint
CREATE TRIGGER figure_versions_delete AFTER DELETE ON institutions REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION figure_versions_bump_institutions();
--> statement-breakpoint
CREATE TRIGGER figure_versions_update AFTER UPDATE ON users REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION figure_versions_bump_deployment();
--> statement-breakpoint
CREATE TRIGGER figure_versions_delete AFTER DELETE ON users REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION figure_versions_bump_deployment();
