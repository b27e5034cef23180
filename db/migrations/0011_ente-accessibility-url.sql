ALTER TABLE "enti" ADD COLUMN "accessibility_url" text;
