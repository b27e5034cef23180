ALTER TABLE "services" ADD COLUMN "operator_steps" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "pratiche" ADD COLUMN "operator_data" jsonb DEFAULT '{}'::jsonb NOT NULL;