-- pagoPA notice codes (lib/payments/iuv.ts): how the ente builds them, and its interbank CBILL code for the notice.
ALTER TABLE "enti" ADD COLUMN "pagopa_aux_digit" smallint DEFAULT 3 NOT NULL;--> statement-breakpoint
ALTER TABLE "enti" ADD COLUMN "pagopa_segregation_code" text;--> statement-breakpoint
ALTER TABLE "enti" ADD COLUMN "pagopa_application_code" text;--> statement-breakpoint
ALTER TABLE "enti" ADD COLUMN "pagopa_cbill_code" text;--> statement-breakpoint
ALTER TABLE "enti" ADD CONSTRAINT "enti_pagopa_aux_digit_check" CHECK ("pagopa_aux_digit" IN (0, 3));--> statement-breakpoint
ALTER TABLE "enti" ADD CONSTRAINT "enti_pagopa_segregation_code_check" CHECK ("pagopa_segregation_code" ~ '^[0-9]{2}$');--> statement-breakpoint
ALTER TABLE "enti" ADD CONSTRAINT "enti_pagopa_application_code_check" CHECK ("pagopa_application_code" ~ '^[0-9]{2}$');--> statement-breakpoint
ALTER TABLE "enti" ADD CONSTRAINT "enti_pagopa_cbill_code_check" CHECK ("pagopa_cbill_code" ~ '^[A-Z0-9]{5}$');--> statement-breakpoint
-- The last notice sequence number per ente: the 13-digit base of its notice codes. `insert … on conflict do update
-- … returning` takes the next value in one statement, so concurrent payments never share a code; a rolled-back one
-- leaves a gap, which pagoPA allows (a code must be unique, not consecutive).
CREATE TABLE "payment_notice_counters" (
	"ente_id" uuid PRIMARY KEY NOT NULL REFERENCES "enti"("id") ON DELETE cascade,
	"last" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payment_notice_counters_last_check" CHECK ("last" BETWEEN 1 AND 9999999999999)
);
--> statement-breakpoint
-- The demo ente was seeded with a fiscal code whose check digit is wrong; pagoPA refuses such a creditor. A demo
-- database made before this migration gets the corrected code and the demo's pagoPA values (db/seed.ts).
UPDATE "enti" SET "codice_fiscale" = '00123450504', "pagopa_segregation_code" = coalesce("pagopa_segregation_code", '07'), "pagopa_cbill_code" = coalesce("pagopa_cbill_code", 'A7Q3K')
WHERE "slug" = 'comune-di-bugliano' AND "codice_fiscale" = '00123450506';
