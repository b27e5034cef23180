CREATE TABLE "feedback_ratings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ente_id" uuid NOT NULL,
	"page" text NOT NULL,
	"service_id" uuid,
	"rating" smallint NOT NULL,
	"answer" text,
	"comment" text,
	"lang" text DEFAULT 'it' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "feedback_ratings_rating_check" CHECK ("feedback_ratings"."rating" between 1 and 5),
	CONSTRAINT "feedback_ratings_answer_check" CHECK ("feedback_ratings"."answer" is null or ("feedback_ratings"."rating" >= 4 and "feedback_ratings"."answer" in ('clear', 'complete', 'on_track', 'no_tech_issues', 'other')) or ("feedback_ratings"."rating" <= 3 and "feedback_ratings"."answer" in ('unclear', 'incomplete', 'lost', 'tech_issues', 'other'))),
	CONSTRAINT "feedback_ratings_comment_check" CHECK (char_length("feedback_ratings"."comment") <= 500),
	CONSTRAINT "feedback_ratings_page_check" CHECK (char_length("feedback_ratings"."page") <= 120),
	CONSTRAINT "feedback_ratings_lang_check" CHECK ("feedback_ratings"."lang" in ('it', 'en'))
);
--> statement-breakpoint
ALTER TABLE "feedback_ratings" ADD CONSTRAINT "feedback_ratings_ente_id_enti_id_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_ratings" ADD CONSTRAINT "feedback_ratings_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "feedback_ratings_ente_created_idx" ON "feedback_ratings" USING btree ("ente_id","created_at");
