ALTER TABLE "services" ADD COLUMN "responsible_office" text;--> statement-breakpoint
ALTER TABLE "services" ADD COLUMN "responsible_officer" text;--> statement-breakpoint
ALTER TABLE "services" ADD COLUMN "appeal_text" text;--> statement-breakpoint
ALTER TABLE "enti" ADD COLUMN "appeal_text" text;--> statement-breakpoint
CREATE TABLE "ente_seals" (
	"ente_id" uuid PRIMARY KEY NOT NULL,
	"p12_encrypted" text NOT NULL,
	"passphrase_encrypted" text NOT NULL,
	"fingerprint" text NOT NULL,
	"subject" text NOT NULL,
	"not_before" timestamp with time zone NOT NULL,
	"not_after" timestamp with time zone NOT NULL,
	"certificate_pem" text NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ente_seals" ADD CONSTRAINT "ente_seals_ente_id_enti_id_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE TABLE "acts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ente_id" uuid NOT NULL,
	"pratica_id" uuid NOT NULL,
	"attachment_id" uuid NOT NULL,
	"protocol_entry_id" uuid,
	"kind" text NOT NULL,
	"protocol_number" text,
	"protocol_date" timestamp with time zone,
	"sha256" text NOT NULL,
	"seal_fingerprint" text,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "acts" ADD CONSTRAINT "acts_ente_id_enti_id_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "acts" ADD CONSTRAINT "acts_pratica_id_pratiche_id_fk" FOREIGN KEY ("pratica_id") REFERENCES "public"."pratiche"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "acts" ADD CONSTRAINT "acts_attachment_id_attachments_id_fk" FOREIGN KEY ("attachment_id") REFERENCES "public"."attachments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "acts_ente_sha256_idx" ON "acts" USING btree ("ente_id","sha256");--> statement-breakpoint
CREATE INDEX "acts_pratica_idx" ON "acts" USING btree ("pratica_id","issued_at");
