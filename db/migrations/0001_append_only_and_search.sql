-- Append-only history: the iter, the audit log and protocol entries are never updated or deleted.
CREATE OR REPLACE FUNCTION stanza_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'table % is append-only', TG_TABLE_NAME USING ERRCODE = 'P0001';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER status_history_append_only BEFORE UPDATE OR DELETE ON status_history FOR EACH ROW EXECUTE FUNCTION stanza_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION stanza_append_only();
--> statement-breakpoint
CREATE TRIGGER protocol_entries_append_only BEFORE UPDATE OR DELETE ON protocol_entries FOR EACH ROW EXECUTE FUNCTION stanza_append_only();
--> statement-breakpoint
-- The dashboard's search box: substring search over subject, applicant and codice fiscale.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS pratiche_search_trgm_idx ON pratiche USING gin (search_text gin_trgm_ops);
