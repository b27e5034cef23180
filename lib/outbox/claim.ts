import { and, asc, eq, inArray, lt, lte, or } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { outbox, type OutboxRow, type OutboxTopic } from "@/db/schema";

export type ClaimOptions = {
  workerId: string;
  limit: number;
  now: Date;
  /** A row locked longer ago than this belongs to a worker that died: it is taken again. */
  leaseMs: number;
  topics?: OutboxTopic[];
};

/**
 * Claims due rows in one short transaction: pending rows whose time has come, and rows whose claim lease
 * expired. `FOR UPDATE SKIP LOCKED` lets several workers (processes, machines) claim side by side without
 * waiting on each other or taking the same row. The send happens after this transaction has committed.
 */
export async function claimBatch(db: DbOrTx, opts: ClaimOptions): Promise<OutboxRow[]> {
  const staleBefore = new Date(opts.now.getTime() - opts.leaseMs);
  return db.transaction(async (tx) => {
    const due = and(
      or(and(eq(outbox.status, "pending"), lte(outbox.availableAt, opts.now)), and(eq(outbox.status, "processing"), lt(outbox.lockedAt, staleBefore))),
      opts.topics?.length ? inArray(outbox.topic, opts.topics) : undefined,
    );
    const rows = await tx
      .select({ id: outbox.id })
      .from(outbox)
      .where(due)
      .orderBy(asc(outbox.availableAt))
      .limit(opts.limit)
      .for("update", { skipLocked: true });
    if (rows.length === 0) return [];
    const claimed = await tx
      .update(outbox)
      .set({ status: "processing", lockedAt: opts.now, lockedBy: opts.workerId })
      .where(
        inArray(
          outbox.id,
          rows.map((r) => r.id),
        ),
      )
      .returning();
    return claimed.sort((a, b) => a.availableAt.getTime() - b.availableAt.getTime());
  });
}

/**
 * Gives back rows this worker claimed and did not start (a shutdown): pending again and unlocked, so another worker
 * takes them at once instead of after the lease. A row no longer this worker's is left alone.
 */
export async function releaseClaims(db: DbOrTx, workerId: string, rows: Pick<OutboxRow, "id">[]): Promise<number> {
  if (rows.length === 0) return 0;
  const released = await db
    .update(outbox)
    .set({ status: "pending", lockedAt: null, lockedBy: null })
    .where(
      and(
        inArray(
          outbox.id,
          rows.map((r) => r.id),
        ),
        eq(outbox.status, "processing"),
        eq(outbox.lockedBy, workerId),
      ),
    )
    .returning({ id: outbox.id });
  return released.length;
}
