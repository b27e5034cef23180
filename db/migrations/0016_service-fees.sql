CREATE TABLE "service_fees" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ente_id" uuid NOT NULL,
	"service_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"kind" text NOT NULL,
	"causale" text NOT NULL,
	"amount_cents" integer,
	"expression" text,
	"description" text,
	"budget_line" text,
	"taxonomy_code" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "service_fees_kind_chk" CHECK ("kind" in ('fixed', 'formula', 'stamp_duty')),
	CONSTRAINT "service_fees_causale_chk" CHECK (char_length("causale") between 1 and 140),
	CONSTRAINT "service_fees_amount_chk" CHECK (("kind" = 'formula' and "expression" is not null and "amount_cents" is null) or ("kind" <> 'formula' and "amount_cents" is not null and "amount_cents" > 0 and "expression" is null))
);
--> statement-breakpoint
ALTER TABLE "service_fees" ADD CONSTRAINT "service_fees_ente_id_enti_id_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_fees" ADD CONSTRAINT "service_fees_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "service_fees_service_idx" ON "service_fees" USING btree ("service_id","position");
