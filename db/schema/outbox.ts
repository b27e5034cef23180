import { sql } from "drizzle-orm";
import { bigserial, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { enti } from "./enti";

/** "email", "io", "pec": a notice's delivery on that channel (lib/channels); the others are the partners' and the payments'. */
export type OutboxTopic = "email" | "protocol" | "webhook" | "workflow" | "payment" | "appointment" | "io" | "pec";
/**
 * "skipped": done without sending (the citizen opted out of email, the notice was already read, the admin switched it off).
 * "routed": handed over to a row of another channel (the policy's choice, or a fallback after a failure or a
 * refusal); that row (parentId = this one) carries on.
 */
export type OutboxStatus = "pending" | "processing" | "sent" | "skipped" | "dead" | "cancelled" | "routed";
/**
 * Attempts, plus what comes back later: "routed" (handed over), and a PEC's receipts: "accepted" (accettazione),
 * "delivered" (avvenuta consegna), "undelivered" (mancata consegna / errore di consegna).
 */
export type DeliveryStatus = "queued" | "deferred" | "sent" | "failed" | "dead" | "retried" | "skipped" | "cancelled" | "routed" | "accepted" | "delivered" | "undelivered";

/**
 * Side effects waiting to happen, written in the same transaction as the change that causes them and
 * delivered by the worker. `idempotencyKey` makes a second enqueue of the same effect a no-op.
 */
export const outbox = pgTable(
  "outbox",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    enteId: uuid("ente_id").notNull().references(() => enti.id),
    praticaId: uuid("pratica_id"),
    topic: text("topic").$type<OutboxTopic>().notNull(),
    kind: text("kind").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    status: text("status").$type<OutboxStatus>().notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    /** Not before: backoff after a failure, quiet hours for a non-urgent notice. */
    availableAt: timestamp("available_at", { withTimezone: true }).notNull().defaultNow(),
    lockedAt: timestamp("locked_at", { withTimezone: true }),
    lockedBy: text("locked_by"),
    lastError: text("last_error"),
    idempotencyKey: text("idempotency_key").notNull(),
    /** The request that enqueued it (lib/ops/request-context.ts); the worker logs it with every attempt. */
    requestId: text("request_id"),
    /** The row this one was handed over from (migration 0021): a notice routed to a channel, or a fallback. */
    parentId: uuid("parent_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    doneAt: timestamp("done_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("outbox_idempotency_uq").on(t.idempotencyKey),
    // Only the rows a worker can still take (migration 0022): a delivered row leaves the index, so finishing one
    // writes no entry here and a claim walks only what is waiting or in hand.
    index("outbox_due_idx").on(t.status, t.availableAt).where(sql`status in ('pending', 'processing')`),
    index("outbox_pratica_idx").on(t.praticaId),
    index("outbox_ente_status_idx").on(t.enteId, t.status, t.createdAt),
    // Most rows have no parent: only hand-overs are indexed (migration 0022).
    index("outbox_parent_idx").on(t.parentId).where(sql`parent_id is not null`),
  ],
);

/** One row per delivery attempt: queued, deferred, sent (with the server's answer), failed, dead, retried, skipped, cancelled. */
export const deliveryAttempts = pgTable(
  "delivery_attempts",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    outboxId: uuid("outbox_id").notNull().references(() => outbox.id),
    enteId: uuid("ente_id").notNull(),
    status: text("status").$type<DeliveryStatus>().notNull(),
    detail: text("detail"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("delivery_attempts_outbox_idx").on(t.outboxId, t.id)],
);

export type OutboxRow = typeof outbox.$inferSelect;
export type NewOutboxRow = typeof outbox.$inferInsert;
