-- Operations (issue 15): the request that caused an audit row or an outbox row, so one request id ties the
-- structured logs, the audit trail and the side effects together.
ALTER TABLE "audit_log" ADD COLUMN "request_id" text;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "request_id" text;
