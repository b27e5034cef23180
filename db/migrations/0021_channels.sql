-- Channels (issue 16): App IO and PEC beside email, one channel per notice chosen by the ente's policy, fallbacks
-- as rows handed over from the first (outbox.parent_id); the citizen's IO switch and digital domicile; each
-- service's IO key; the ente's PEC provider and the PEC messages awaiting their receipts.
ALTER TABLE "outbox" ADD COLUMN "parent_id" uuid;--> statement-breakpoint
CREATE INDEX "outbox_parent_idx" ON "outbox" USING btree ("parent_id");--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "io_enabled" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "pec_address" text;--> statement-breakpoint
ALTER TABLE "enti" ADD COLUMN "channel_policy" jsonb DEFAULT '{"ordinary":["io","email"],"legal":["pec","io","email"]}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "services" ADD COLUMN "io_api_key_enc" text;--> statement-breakpoint
ALTER TABLE "services" ADD COLUMN "io_key_hint" text;--> statement-breakpoint
ALTER TABLE "services" ADD COLUMN "io_key_set_at" timestamp with time zone;--> statement-breakpoint
CREATE TABLE "ente_pec_settings" (
	"ente_id" uuid PRIMARY KEY NOT NULL REFERENCES "enti"("id") ON DELETE cascade,
	"address" text NOT NULL,
	"smtp_host" text NOT NULL,
	"smtp_port" integer DEFAULT 465 NOT NULL,
	"smtp_security" text DEFAULT 'tls' NOT NULL,
	"smtp_user" text NOT NULL,
	"smtp_password_enc" text NOT NULL,
	"imap_host" text NOT NULL,
	"imap_port" integer DEFAULT 993 NOT NULL,
	"imap_security" text DEFAULT 'tls' NOT NULL,
	"imap_user" text NOT NULL,
	"imap_password_enc" text NOT NULL,
	"imap_mailbox" text DEFAULT 'INBOX' NOT NULL,
	"last_polled_at" timestamp with time zone,
	"last_poll_error" text,
	"imap_uid_validity" text,
	"imap_last_uid" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
CREATE TABLE "pec_messages" (
	"outbox_id" uuid PRIMARY KEY NOT NULL REFERENCES "outbox"("id"),
	"ente_id" uuid NOT NULL,
	"message_id" text NOT NULL,
	"to_address" text NOT NULL,
	"state" text DEFAULT 'sent' NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	"accepted_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"undelivered_at" timestamp with time zone,
	"error" text
);--> statement-breakpoint
CREATE UNIQUE INDEX "pec_messages_message_id_uq" ON "pec_messages" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "pec_messages_ente_state_idx" ON "pec_messages" USING btree ("ente_id","state");
