-- The dashboard sorts by the applicant's name without joining users: a copy taken when the pratica is created
-- (like search_text, it keeps the name the applicant had then).
CREATE OR REPLACE FUNCTION stanza_pratiche_applicant_name() RETURNS trigger AS $$
BEGIN
  IF NEW.applicant_name IS NULL OR (TG_OP = 'UPDATE' AND NEW.applicant_id IS DISTINCT FROM OLD.applicant_id) THEN
    SELECT u.name INTO NEW.applicant_name FROM users u WHERE u.id = NEW.applicant_id;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER pratiche_applicant_name BEFORE INSERT OR UPDATE OF applicant_id ON pratiche FOR EACH ROW EXECUTE FUNCTION stanza_pratiche_applicant_name();
--> statement-breakpoint
UPDATE pratiche p SET applicant_name = u.name FROM users u WHERE u.id = p.applicant_id AND p.applicant_name IS NULL;
