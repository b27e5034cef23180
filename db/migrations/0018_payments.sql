-- pagoPA payments in the workflow (lib/payments/workflow.ts): positions, their events once each, the demo provider's
-- positions, and each ente's provider settings.
CREATE TABLE "demo_payment_positions" (
	"provider_ref" text PRIMARY KEY NOT NULL,
	"ente_id" uuid NOT NULL,
	"data" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payment_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"ente_id" uuid NOT NULL,
	"payment_id" uuid NOT NULL,
	"provider_event_id" text NOT NULL,
	"source" text NOT NULL,
	"kind" text NOT NULL,
	"outcome" text NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payment_provider_settings" (
	"ente_id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"base_url" text,
	"api_key_enc" text,
	"callback_secret_enc" text NOT NULL,
	"due_days" integer DEFAULT 30 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ente_id" uuid NOT NULL,
	"pratica_id" uuid NOT NULL,
	"phase" text NOT NULL,
	"status" text DEFAULT 'creating' NOT NULL,
	"amount_cents" integer NOT NULL,
	"causale" text NOT NULL,
	"lines" jsonb NOT NULL,
	"due_date" text NOT NULL,
	"notice_code" text NOT NULL,
	"iuv" text NOT NULL,
	"provider" text NOT NULL,
	"provider_ref" text,
	"paid_at" timestamp with time zone,
	"paid_amount_cents" integer,
	"receipt_id" text,
	"receipt_attachment_id" uuid,
	"requested_by" uuid,
	"checked_at" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payments_amount_chk" CHECK ("payments"."amount_cents" > 0),
	CONSTRAINT "payments_phase_chk" CHECK ("payments"."phase" in ('upfront', 'deferred')),
	CONSTRAINT "payments_status_chk" CHECK ("payments"."status" in ('creating', 'pending', 'paid', 'failed', 'expired', 'cancelled')),
	CONSTRAINT "payments_paid_chk" CHECK ("payments"."status" <> 'paid' or ("payments"."paid_at" is not null and "payments"."paid_amount_cents" is not null))
);
--> statement-breakpoint
ALTER TABLE "demo_payment_positions" ADD CONSTRAINT "demo_payment_positions_ente_id_enti_id_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_events" ADD CONSTRAINT "payment_events_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_provider_settings" ADD CONSTRAINT "payment_provider_settings_ente_id_enti_id_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_ente_id_enti_id_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "payment_events_uq" ON "payment_events" USING btree ("payment_id","provider_event_id");--> statement-breakpoint
CREATE INDEX "payment_events_payment_idx" ON "payment_events" USING btree ("payment_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "payments_ente_notice_uq" ON "payments" USING btree ("ente_id","notice_code");--> statement-breakpoint
CREATE INDEX "payments_pratica_idx" ON "payments" USING btree ("pratica_id","created_at");--> statement-breakpoint
CREATE INDEX "payments_ente_status_idx" ON "payments" USING btree ("ente_id","status","created_at");--> statement-breakpoint
-- What the citizen was told is what the provider receives: a payment's amount, notice code, IUV, pratica and phase
-- never change after insert (a new amount is a new payment).
CREATE OR REPLACE FUNCTION stanza_payment_fixed() RETURNS trigger AS $$
BEGIN
  IF NEW.amount_cents IS DISTINCT FROM OLD.amount_cents OR NEW.notice_code IS DISTINCT FROM OLD.notice_code
     OR NEW.iuv IS DISTINCT FROM OLD.iuv OR NEW.pratica_id IS DISTINCT FROM OLD.pratica_id
     OR NEW.ente_id IS DISTINCT FROM OLD.ente_id OR NEW.phase IS DISTINCT FROM OLD.phase
     OR NEW.lines IS DISTINCT FROM OLD.lines THEN
    RAISE EXCEPTION 'payments: amount, notice code, IUV, pratica and phase are fixed at creation' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;--> statement-breakpoint
CREATE TRIGGER payments_fixed BEFORE UPDATE ON payments FOR EACH ROW EXECUTE FUNCTION stanza_payment_fixed();--> statement-breakpoint
CREATE TRIGGER payment_events_append_only BEFORE UPDATE OR DELETE ON payment_events FOR EACH ROW EXECUTE FUNCTION stanza_append_only();
