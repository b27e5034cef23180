ALTER TABLE "auth_sessions" ADD COLUMN "method" text;--> statement-breakpoint
ALTER TABLE "auth_sessions" ADD COLUMN "auth_level" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "enti" ADD COLUMN "email_login_enabled" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "services" ADD COLUMN "min_auth_level" integer DEFAULT 2 NOT NULL;--> statement-breakpoint
CREATE TABLE "saml_requests" (
	"id" text PRIMARY KEY NOT NULL,
	"ente_id" uuid NOT NULL,
	"idp_entity_id" text NOT NULL,
	"method" text NOT NULL,
	"level" integer NOT NULL,
	"next" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"answered_at" timestamp with time zone,
	"user_id" uuid,
	"level_reached" integer,
	"ticket_hash" text
);
--> statement-breakpoint
CREATE TABLE "saml_assertions" (
	"idp_entity_id" text NOT NULL,
	"assertion_id" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "saml_assertions_pk" PRIMARY KEY("idp_entity_id","assertion_id")
);
--> statement-breakpoint
ALTER TABLE "saml_requests" ADD CONSTRAINT "saml_requests_ente_id_enti_id_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "saml_requests" ADD CONSTRAINT "saml_requests_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "saml_requests_expires_idx" ON "saml_requests" USING btree ("expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "saml_requests_ticket_uq" ON "saml_requests" USING btree ("ticket_hash");--> statement-breakpoint
CREATE INDEX "saml_assertions_expires_idx" ON "saml_assertions" USING btree ("expires_at");
