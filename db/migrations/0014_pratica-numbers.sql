-- The pratica's number ("2026-000123"): one counter per ente and per year of submission (in the ente's time
-- zone). `insert … on conflict do update … returning` takes the next value atomically: concurrent submissions
-- wait on the counter row, and a rolled-back one leaves a gap, never a duplicate.
CREATE TABLE "pratica_counters" (
	"ente_id" uuid NOT NULL REFERENCES "enti"("id") ON DELETE cascade,
	"year" integer NOT NULL,
	"last" integer NOT NULL,
	CONSTRAINT "pratica_counters_pk" PRIMARY KEY ("ente_id","year")
);
--> statement-breakpoint
-- Existing submitted pratiche get their numbers in the order they were submitted, per ente and year.
WITH numbered AS (
  SELECT p.id,
    extract(year FROM p.submitted_at AT TIME ZONE e.timezone)::int AS y,
    row_number() OVER (PARTITION BY p.ente_id, extract(year FROM p.submitted_at AT TIME ZONE e.timezone) ORDER BY p.submitted_at, p.id) AS n
  FROM pratiche p JOIN enti e ON e.id = p.ente_id
  WHERE p.submitted_at IS NOT NULL AND p.numero IS NULL
)
UPDATE pratiche p
SET numero = numbered.y::text || '-' || CASE WHEN numbered.n < 1000000 THEN lpad(numbered.n::text, 6, '0') ELSE numbered.n::text END
FROM numbered WHERE p.id = numbered.id;
--> statement-breakpoint
-- The dashboard's search box finds a pratica by its number too.
UPDATE pratiche SET search_text = numero || ' ' || search_text WHERE numero IS NOT NULL AND position(numero in search_text) = 0;
--> statement-breakpoint
INSERT INTO pratica_counters (ente_id, year, last)
SELECT ente_id, split_part(numero, '-', 1)::int, max(split_part(numero, '-', 2)::int)
FROM pratiche WHERE numero IS NOT NULL GROUP BY ente_id, split_part(numero, '-', 1)::int
ON CONFLICT (ente_id, year) DO UPDATE SET last = greatest(pratica_counters.last, excluded.last);
--> statement-breakpoint
-- "Richiedente" sorts by surname: a "Surname Name" key taken, like applicant_name, when the pratica is created.
ALTER TABLE "pratiche" ADD COLUMN "applicant_sort" text;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION stanza_applicant_sort(family_name text, given_name text, name text) RETURNS text AS $$
  SELECT CASE WHEN nullif(trim(family_name), '') IS NOT NULL
    THEN trim(trim(family_name) || ' ' || coalesce(trim(given_name), ''))
    ELSE name END;
$$ LANGUAGE sql IMMUTABLE;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION stanza_pratiche_applicant_name() RETURNS trigger AS $$
DECLARE
  changed boolean := false;
  u_name text;
  u_sort text;
BEGIN
  IF TG_OP = 'UPDATE' THEN changed := NEW.applicant_id IS DISTINCT FROM OLD.applicant_id; END IF;
  IF NEW.applicant_name IS NULL OR NEW.applicant_sort IS NULL OR changed THEN
    SELECT u.name, stanza_applicant_sort(u.family_name, u.given_name, u.name) INTO u_name, u_sort FROM users u WHERE u.id = NEW.applicant_id;
    IF NEW.applicant_name IS NULL OR changed THEN NEW.applicant_name := u_name; END IF;
    IF NEW.applicant_sort IS NULL OR changed THEN NEW.applicant_sort := coalesce(u_sort, NEW.applicant_name); END IF;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
UPDATE pratiche p SET applicant_sort = coalesce(stanza_applicant_sort(u.family_name, u.given_name, u.name), p.applicant_name)
FROM users u WHERE u.id = p.applicant_id AND p.applicant_sort IS NULL;
--> statement-breakpoint
DROP INDEX IF EXISTS "pratiche_ente_applicant_name_idx";
--> statement-breakpoint
CREATE INDEX "pratiche_ente_applicant_sort_idx" ON "pratiche" USING btree ("ente_id","applicant_sort","submitted_at","id");
