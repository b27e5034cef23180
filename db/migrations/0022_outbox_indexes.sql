-- The outbox's hot indexes, kept small (the notifications benchmark): outbox_due_idx holds only the rows a worker
-- can still take, so a delivered row leaves it, and outbox_parent_idx only the handed-over rows (most have no parent).
DROP INDEX IF EXISTS "outbox_due_idx";--> statement-breakpoint
CREATE INDEX "outbox_due_idx" ON "outbox" USING btree ("status","available_at") WHERE status in ('pending', 'processing');--> statement-breakpoint
DROP INDEX IF EXISTS "outbox_parent_idx";--> statement-breakpoint
CREATE INDEX "outbox_parent_idx" ON "outbox" USING btree ("parent_id") WHERE parent_id is not null;
