-- Appointments (lib/appointments): offices with opening hours, closures and calendar rules, the services and
-- operators of each office, bookings (one seat of one slot each; the partial unique index forbids a double booking),
-- their append-only events, and the per-ente, per-year sequence of booking codes.
ALTER TABLE "services" ADD COLUMN "booking_only" boolean DEFAULT false NOT NULL;
--> statement-breakpoint
CREATE TABLE "offices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ente_id" uuid NOT NULL REFERENCES "enti"("id") ON DELETE cascade,
	"name" text NOT NULL,
	"address" text DEFAULT '' NOT NULL,
	"phone" text,
	"email" text,
	"notes" text,
	"opening_hours" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"closures" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"slot_minutes" integer DEFAULT 15 NOT NULL,
	"capacity" integer DEFAULT 1 NOT NULL,
	"horizon_days" integer DEFAULT 30 NOT NULL,
	"min_notice_hours" integer DEFAULT 24 NOT NULL,
	"needs_approval" boolean DEFAULT false NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "offices_slot_chk" CHECK ("slot_minutes" between 5 and 240),
	CONSTRAINT "offices_capacity_chk" CHECK ("capacity" between 1 and 50),
	CONSTRAINT "offices_horizon_chk" CHECK ("horizon_days" between 1 and 366),
	CONSTRAINT "offices_notice_chk" CHECK ("min_notice_hours" between 0 and 720)
);
--> statement-breakpoint
CREATE INDEX "offices_ente_idx" ON "offices" ("ente_id");
--> statement-breakpoint
CREATE TABLE "office_services" (
	"office_id" uuid NOT NULL REFERENCES "offices"("id") ON DELETE cascade,
	"service_id" uuid NOT NULL REFERENCES "services"("id") ON DELETE cascade,
	"ente_id" uuid NOT NULL,
	CONSTRAINT "office_services_pk" PRIMARY KEY ("office_id", "service_id")
);
--> statement-breakpoint
CREATE INDEX "office_services_service_idx" ON "office_services" ("service_id");
--> statement-breakpoint
CREATE TABLE "office_operators" (
	"office_id" uuid NOT NULL REFERENCES "offices"("id") ON DELETE cascade,
	"user_id" uuid NOT NULL REFERENCES "users"("id") ON DELETE cascade,
	"ente_id" uuid NOT NULL,
	CONSTRAINT "office_operators_pk" PRIMARY KEY ("office_id", "user_id")
);
--> statement-breakpoint
CREATE INDEX "office_operators_user_idx" ON "office_operators" ("user_id");
--> statement-breakpoint
CREATE TABLE "appointments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ente_id" uuid NOT NULL REFERENCES "enti"("id") ON DELETE cascade,
	"office_id" uuid NOT NULL REFERENCES "offices"("id"),
	"service_id" uuid NOT NULL REFERENCES "services"("id"),
	"pratica_id" uuid REFERENCES "pratiche"("id"),
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"seat" smallint NOT NULL,
	"capacity" smallint NOT NULL,
	"status" text NOT NULL,
	"code" text NOT NULL,
	"citizen_id" uuid REFERENCES "users"("id"),
	"name" text NOT NULL,
	"email" text,
	"phone" text,
	"fiscal_code" text,
	"reason" text NOT NULL,
	"channel" text NOT NULL,
	"booked_by" text,
	"booking_key" uuid NOT NULL,
	"message" text,
	"lang" text DEFAULT 'it' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"cancelled_at" timestamp with time zone,
	CONSTRAINT "appointments_seat_chk" CHECK ("seat" between 1 and "capacity"),
	CONSTRAINT "appointments_time_chk" CHECK ("ends_at" > "starts_at"),
	CONSTRAINT "appointments_status_chk" CHECK ("status" in ('requested', 'confirmed', 'cancelled', 'refused', 'no_show', 'done')),
	CONSTRAINT "appointments_channel_chk" CHECK ("channel" in ('citizen', 'guest', 'operator', 'partner'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "appointments_seat_uq" ON "appointments" ("office_id", "starts_at", "seat") WHERE "status" in ('requested', 'confirmed', 'no_show', 'done');
--> statement-breakpoint
CREATE UNIQUE INDEX "appointments_booking_key_uq" ON "appointments" ("booking_key");
--> statement-breakpoint
CREATE UNIQUE INDEX "appointments_code_uq" ON "appointments" ("ente_id", "code");
--> statement-breakpoint
CREATE INDEX "appointments_office_day_idx" ON "appointments" ("office_id", "starts_at");
--> statement-breakpoint
CREATE INDEX "appointments_ente_created_idx" ON "appointments" ("ente_id", "created_at", "id");
--> statement-breakpoint
CREATE INDEX "appointments_citizen_idx" ON "appointments" ("citizen_id");
--> statement-breakpoint
CREATE INDEX "appointments_pratica_idx" ON "appointments" ("pratica_id");
--> statement-breakpoint
CREATE TABLE "appointment_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ente_id" uuid NOT NULL,
	"appointment_id" uuid NOT NULL REFERENCES "appointments"("id"),
	"kind" text NOT NULL,
	"actor_kind" text NOT NULL,
	"actor_id" text,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "appointment_events_appt_idx" ON "appointment_events" ("appointment_id", "created_at");
--> statement-breakpoint
CREATE INDEX "appointment_events_ente_idx" ON "appointment_events" ("ente_id", "kind", "created_at");
--> statement-breakpoint
CREATE TABLE "appointment_counters" (
	"ente_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"last" integer NOT NULL,
	CONSTRAINT "appointment_counters_pk" PRIMARY KEY ("ente_id", "year")
);
--> statement-breakpoint
CREATE TRIGGER "appointment_events_append_only" BEFORE UPDATE OR DELETE ON "appointment_events" FOR EACH ROW EXECUTE FUNCTION stanza_append_only();
