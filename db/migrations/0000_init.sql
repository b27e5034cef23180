CREATE TABLE "enti" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"codice_istat" text,
	"codice_fiscale" text,
	"codice_ipa" text,
	"email" text,
	"pec" text,
	"phone" text,
	"address" text,
	"website" text,
	"logo_url" text,
	"primary_color" text DEFAULT '#0066cc' NOT NULL,
	"languages" text[] DEFAULT '{"it","en"}' NOT NULL,
	"default_language" text DEFAULT 'it' NOT NULL,
	"timezone" text DEFAULT 'Europe/Rome' NOT NULL,
	"quiet_hours_start" text DEFAULT '20:00' NOT NULL,
	"quiet_hours_end" text DEFAULT '08:00' NOT NULL,
	"holidays" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"reminder_days" integer DEFAULT 7 NOT NULL,
	"public_metrics" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "enti_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "login_throttle" (
	"key" text PRIMARY KEY NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"window_start" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "memberships" (
	"user_id" uuid NOT NULL,
	"ente_id" uuid NOT NULL,
	"role" text NOT NULL,
	"disabled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "memberships_user_id_ente_id_role_pk" PRIMARY KEY("user_id","ente_id","role")
);
--> statement-breakpoint
CREATE TABLE "operator_services" (
	"user_id" uuid NOT NULL,
	"service_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "operator_services_user_id_service_id_pk" PRIMARY KEY("user_id","service_id")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"given_name" text,
	"family_name" text,
	"codice_fiscale" text,
	"phone" text,
	"password_hash" text,
	"language" text DEFAULT 'it' NOT NULL,
	"email_notifications" boolean DEFAULT true NOT NULL,
	"operator_notify" text DEFAULT 'immediate' NOT NULL,
	"email_verified_at" timestamp with time zone,
	"disabled_at" timestamp with time zone,
	"last_login_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "verification_tokens" (
	"identifier" text NOT NULL,
	"token" text NOT NULL,
	"expires" timestamp with time zone NOT NULL,
	CONSTRAINT "verification_tokens_identifier_token_pk" PRIMARY KEY("identifier","token")
);
--> statement-breakpoint
CREATE TABLE "service_form_versions" (
	"service_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"definition" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "service_form_versions_service_id_version_pk" PRIMARY KEY("service_id","version")
);
--> statement-breakpoint
CREATE TABLE "services" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ente_id" uuid NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"category" text DEFAULT 'Altro' NOT NULL,
	"status" text DEFAULT 'available' NOT NULL,
	"scheduled_from" timestamp with time zone,
	"scheduled_to" timestamp with time zone,
	"info_sheet" jsonb NOT NULL,
	"form_definition" jsonb NOT NULL,
	"form_version" integer DEFAULT 1 NOT NULL,
	"step_texts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"protocol_required" boolean DEFAULT false NOT NULL,
	"protocol_mode" text DEFAULT 'builtin' NOT NULL,
	"protocol_params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"allow_withdraw" boolean DEFAULT false NOT NULL,
	"allow_reopen" boolean DEFAULT false NOT NULL,
	"allow_integration_requests" boolean DEFAULT true NOT NULL,
	"max_response_days" integer DEFAULT 30 NOT NULL,
	"email_texts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pratiche" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ente_id" uuid NOT NULL,
	"service_id" uuid NOT NULL,
	"applicant_id" uuid NOT NULL,
	"status" integer DEFAULT 1000 NOT NULL,
	"subject" text NOT NULL,
	"form_data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"form_version" integer DEFAULT 1 NOT NULL,
	"assigned_operator_id" uuid,
	"outcome" text,
	"motivation" text,
	"channel" text DEFAULT 'web' NOT NULL,
	"search_text" text DEFAULT '' NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	"submitted_at" timestamp with time zone,
	"assigned_at" timestamp with time zone,
	"concluded_at" timestamp with time zone,
	"citizen_viewed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "status_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"ente_id" uuid NOT NULL,
	"pratica_id" uuid NOT NULL,
	"from_status" integer,
	"to_status" integer NOT NULL,
	"event" text NOT NULL,
	"actor_kind" text NOT NULL,
	"actor_id" text,
	"message" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "attachments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ente_id" uuid NOT NULL,
	"pratica_id" uuid,
	"kind" text NOT NULL,
	"purpose" text NOT NULL,
	"field_name" text,
	"message_id" uuid,
	"filename" text NOT NULL,
	"mime_type" text NOT NULL,
	"size" bigint NOT NULL,
	"sha256" text NOT NULL,
	"storage_key" text NOT NULL,
	"uploaded_by" uuid,
	"visible_to_citizen" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ente_id" uuid NOT NULL,
	"pratica_id" uuid NOT NULL,
	"author_id" uuid,
	"author_kind" text NOT NULL,
	"body" text NOT NULL,
	"internal" boolean DEFAULT false NOT NULL,
	"read_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "protocol_counters" (
	"ente_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"last_value" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "protocol_counters_ente_id_year_pk" PRIMARY KEY("ente_id","year")
);
--> statement-breakpoint
CREATE TABLE "protocol_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ente_id" uuid NOT NULL,
	"pratica_id" uuid NOT NULL,
	"request_id" uuid,
	"direction" text NOT NULL,
	"document_kind" text NOT NULL,
	"attachment_id" uuid,
	"status" text NOT NULL,
	"number" text,
	"registered_at" timestamp with time zone,
	"source" text DEFAULT 'builtin' NOT NULL,
	"partner_id" uuid,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"raw" jsonb,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "delivery_attempts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"outbox_id" uuid NOT NULL,
	"ente_id" uuid NOT NULL,
	"status" text NOT NULL,
	"detail" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ente_id" uuid NOT NULL,
	"pratica_id" uuid,
	"topic" text NOT NULL,
	"kind" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"available_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_at" timestamp with time zone,
	"locked_by" text,
	"last_error" text,
	"idempotency_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"done_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"ente_id" uuid NOT NULL,
	"actor_kind" text NOT NULL,
	"actor_id" text,
	"action" text NOT NULL,
	"target_type" text NOT NULL,
	"target_id" text NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"partner_id" uuid NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"response_status" integer NOT NULL,
	"response_body" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_partner_id_key_pk" PRIMARY KEY("partner_id","key")
);
--> statement-breakpoint
CREATE TABLE "partner_services" (
	"partner_id" uuid NOT NULL,
	"service_id" uuid NOT NULL,
	"disabled_at" timestamp with time zone,
	CONSTRAINT "partner_services_partner_id_service_id_pk" PRIMARY KEY("partner_id","service_id")
);
--> statement-breakpoint
CREATE TABLE "partners" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ente_id" uuid NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"secret_hash" text NOT NULL,
	"webhook_url" text,
	"webhook_secret" text,
	"webhook_events" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"is_protocol_registry" boolean DEFAULT false NOT NULL,
	"rate_limit_per_minute" integer DEFAULT 600 NOT NULL,
	"disabled_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_ente_id_enti_id_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "operator_services" ADD CONSTRAINT "operator_services_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "operator_services" ADD CONSTRAINT "operator_services_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_form_versions" ADD CONSTRAINT "service_form_versions_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "services" ADD CONSTRAINT "services_ente_id_enti_id_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pratiche" ADD CONSTRAINT "pratiche_ente_id_enti_id_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pratiche" ADD CONSTRAINT "pratiche_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pratiche" ADD CONSTRAINT "pratiche_applicant_id_users_id_fk" FOREIGN KEY ("applicant_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pratiche" ADD CONSTRAINT "pratiche_assigned_operator_id_users_id_fk" FOREIGN KEY ("assigned_operator_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_history" ADD CONSTRAINT "status_history_ente_id_enti_id_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_history" ADD CONSTRAINT "status_history_pratica_id_pratiche_id_fk" FOREIGN KEY ("pratica_id") REFERENCES "public"."pratiche"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_ente_id_enti_id_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_pratica_id_pratiche_id_fk" FOREIGN KEY ("pratica_id") REFERENCES "public"."pratiche"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_ente_id_enti_id_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_pratica_id_pratiche_id_fk" FOREIGN KEY ("pratica_id") REFERENCES "public"."pratiche"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "protocol_counters" ADD CONSTRAINT "protocol_counters_ente_id_enti_id_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "protocol_entries" ADD CONSTRAINT "protocol_entries_ente_id_enti_id_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "protocol_entries" ADD CONSTRAINT "protocol_entries_pratica_id_pratiche_id_fk" FOREIGN KEY ("pratica_id") REFERENCES "public"."pratiche"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_attempts" ADD CONSTRAINT "delivery_attempts_outbox_id_outbox_id_fk" FOREIGN KEY ("outbox_id") REFERENCES "public"."outbox"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_ente_id_enti_id_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_ente_id_enti_id_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_services" ADD CONSTRAINT "partner_services_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_services" ADD CONSTRAINT "partner_services_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partners" ADD CONSTRAINT "partners_ente_id_enti_id_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "memberships_ente_idx" ON "memberships" USING btree ("ente_id","role");--> statement-breakpoint
CREATE INDEX "operator_services_service_idx" ON "operator_services" USING btree ("service_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_uq" ON "users" USING btree ("email");--> statement-breakpoint
CREATE UNIQUE INDEX "users_cf_uq" ON "users" USING btree ("codice_fiscale") WHERE "users"."codice_fiscale" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "services_ente_slug_uq" ON "services" USING btree ("ente_id","slug");--> statement-breakpoint
CREATE INDEX "services_ente_status_idx" ON "services" USING btree ("ente_id","status");--> statement-breakpoint
CREATE INDEX "pratiche_ente_status_idx" ON "pratiche" USING btree ("ente_id","status","submitted_at");--> statement-breakpoint
CREATE INDEX "pratiche_ente_service_status_idx" ON "pratiche" USING btree ("ente_id","service_id","status");--> statement-breakpoint
CREATE INDEX "pratiche_ente_assigned_idx" ON "pratiche" USING btree ("ente_id","assigned_operator_id","status");--> statement-breakpoint
CREATE INDEX "pratiche_ente_updated_idx" ON "pratiche" USING btree ("ente_id","updated_at");--> statement-breakpoint
CREATE INDEX "pratiche_applicant_idx" ON "pratiche" USING btree ("applicant_id","updated_at");--> statement-breakpoint
CREATE INDEX "status_history_pratica_idx" ON "status_history" USING btree ("pratica_id","id");--> statement-breakpoint
CREATE INDEX "attachments_pratica_idx" ON "attachments" USING btree ("pratica_id","created_at");--> statement-breakpoint
CREATE INDEX "messages_pratica_idx" ON "messages" USING btree ("pratica_id","created_at");--> statement-breakpoint
CREATE INDEX "protocol_entries_pratica_idx" ON "protocol_entries" USING btree ("pratica_id","created_at");--> statement-breakpoint
CREATE INDEX "protocol_entries_request_idx" ON "protocol_entries" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "protocol_entries_ente_status_idx" ON "protocol_entries" USING btree ("ente_id","status","created_at");--> statement-breakpoint
CREATE INDEX "delivery_attempts_outbox_idx" ON "delivery_attempts" USING btree ("outbox_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "outbox_idempotency_uq" ON "outbox" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "outbox_due_idx" ON "outbox" USING btree ("status","available_at");--> statement-breakpoint
CREATE INDEX "outbox_pratica_idx" ON "outbox" USING btree ("pratica_id");--> statement-breakpoint
CREATE INDEX "outbox_ente_status_idx" ON "outbox" USING btree ("ente_id","status","created_at");--> statement-breakpoint
CREATE INDEX "audit_log_ente_idx" ON "audit_log" USING btree ("ente_id","created_at");--> statement-breakpoint
CREATE INDEX "audit_log_target_idx" ON "audit_log" USING btree ("target_type","target_id");--> statement-breakpoint
CREATE INDEX "idempotency_created_idx" ON "idempotency_keys" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "partners_slug_uq" ON "partners" USING btree ("slug");