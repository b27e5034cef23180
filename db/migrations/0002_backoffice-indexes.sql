ALTER TABLE "pratiche" ADD COLUMN "applicant_name" text;--> statement-breakpoint
CREATE INDEX "pratiche_ente_submitted_idx" ON "pratiche" USING btree ("ente_id","submitted_at","id");--> statement-breakpoint
CREATE INDEX "pratiche_ente_subject_idx" ON "pratiche" USING btree ("ente_id","subject","submitted_at","id");--> statement-breakpoint
CREATE INDEX "pratiche_ente_applicant_name_idx" ON "pratiche" USING btree ("ente_id","applicant_name","submitted_at","id");