ALTER TABLE "pratiche" ADD COLUMN "privacy_accepted_at" timestamp with time zone;--> statement-breakpoint
-- Every draft made on the portal so far was created by the privacy step (it refused to start without the
-- acknowledgement), so its creation is when consent was given.
UPDATE "pratiche" SET "privacy_accepted_at" = "created_at" WHERE "channel" = 'web' AND "privacy_accepted_at" IS NULL;
