import { and, asc, eq, inArray, lt, lte, sql, type SQL } from "drizzle-orm";
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
 * Claims due rows in one short transaction: rows whose claim lease expired (a dead worker's), then pending rows
 * whose time has come, oldest first. `FOR UPDATE SKIP LOCKED` lets several workers (processes, machines) claim
 * side by side without waiting on each other or taking the same row. The send happens after this transaction has
 * committed.
 *
 * Two selects, not one with OR: each walks outbox_due_idx (status, available_at) in order and stops at `limit`.
 * With OR the planner merged both conditions in a bitmap and sorted every due row to keep 100, so a claim cost
 * grew with the backlog (17–27 ms a batch with 10,000 waiting, on PGlite). Bitmap scans are off for the claim
 * (`set local`, this transaction only): on statistics that lag the table (PGlite has no autovacuum to refresh
 * them, a fresh burst of rows on PostgreSQL) the planner thought one row due and took the bitmap and the sort.
 */
export async function claimBatch(db: DbOrTx, opts: ClaimOptions): Promise<OutboxRow[]> {
  const staleBefore = new Date(opts.now.getTime() - opts.leaseMs);
  const ofTopics = opts.topics?.length ? inArray(outbox.topic, opts.topics) : undefined;
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local enable_bitmapscan = off`);
    const pick = (due: SQL | undefined, limit: number) =>
      tx.select({ id: outbox.id }).from(outbox).where(and(due, ofTopics)).orderBy(asc(outbox.availableAt)).limit(limit).for("update", { skipLocked: true });
    const stale = await pick(and(eq(outbox.status, "processing"), lt(outbox.lockedAt, staleBefore)), opts.limit);
    const pending = stale.length < opts.limit ? await pick(and(eq(outbox.status, "pending"), lte(outbox.availableAt, opts.now)), opts.limit - stale.length) : [];
    const rows = [...stale, ...pending];
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
