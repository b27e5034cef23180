import type { DbOrTx } from "@/db/client";
import { deliveryAttempts, outbox, type NewOutboxRow } from "@/db/schema";
import { currentRequestId } from "@/lib/ops/request-context";

export type OutboxInput = Omit<NewOutboxRow, "id" | "status" | "attempts" | "lockedAt" | "lockedBy" | "lastError" | "createdAt" | "doneAt" | "requestId">;

/**
 * Queues side effects in the caller's transaction. A row whose idempotency key already exists is skipped:
 * enqueueing the same effect twice (a retried request, a replayed event) delivers it once.
 */
export async function enqueue(db: DbOrTx, rows: OutboxInput[]): Promise<string[]> {
  if (rows.length === 0) return [];
  const inserted = await db
    .insert(outbox)
    .values(rows.map((r) => ({ ...r, requestId: currentRequestId() })))
    .onConflictDoNothing({ target: outbox.idempotencyKey })
    .returning({ id: outbox.id, enteId: outbox.enteId });
  if (inserted.length > 0) {
    await db.insert(deliveryAttempts).values(inserted.map((r) => ({ outboxId: r.id, enteId: r.enteId, status: "queued" as const })));
  }
  return inserted.map((r) => r.id);
}
