import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import { rowsOf, type DbOrTx } from "@/db/client";
import { execPreparedOnPglite, preparedStatement, tableRows } from "@/db/prepared";
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
 * Claims due rows in one statement (its own short transaction): rows whose claim lease expired (a dead worker's),
 * then pending rows whose time has come, oldest first. `FOR UPDATE SKIP LOCKED` lets several workers (processes,
 * machines) claim side by side without waiting on each other or taking the same row. The send happens after the
 * claim has committed.
 *
 * Two selects, not one with OR: each walks outbox_due_idx (status, available_at) in order and stops at `limit`.
 * With OR the planner merged both conditions in a bitmap and sorted every due row to keep 100, so a claim cost
 * grew with the backlog (17–27 ms a batch with 10,000 waiting, on PGlite). Bitmap scans are off for the claim
 * (`set local`, its transaction only): on statistics that lag the table (PGlite has no autovacuum to refresh
 * them, a fresh burst of rows on PostgreSQL) the planner thought one row due and took the bitmap and the sort.
 * The claimed rows are then found by their primary key (`= any(array(…))`), whatever the planner thinks of the
 * table's size. When stale rows fill the batch, the pending rows the second select locked beside them are
 * unlocked again when the statement ends, untouched.
 *
 * On PGlite the statement is prepared once and run with its settings in one call (db/prepared.ts): a claim of
 * 100 rows with a 10,000-row backlog took 7.5 ms as a transaction of five statements, 4.7 ms so.
 */
export async function claimBatch(db: DbOrTx, opts: ClaimOptions): Promise<OutboxRow[]> {
  const staleBefore = new Date(opts.now.getTime() - opts.leaseMs);
  const topics = opts.topics?.length ? textArray(opts.topics) : null;
  const args = [opts.now.toISOString(), staleBefore.toISOString(), opts.workerId, topics, String(opts.limit)];
  const raw =
    (await execPreparedOnPglite(db, CLAIM_STATEMENT, args)) ??
    (await db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_bitmapscan = off`);
      const [now, stale, workerId, ofTopics, limit] = args;
      return rowsOf<Record<string, unknown>>(await tx.execute(claimStatement(sql`${now}::timestamptz`, sql`${stale}::timestamptz`, sql`${workerId}::text`, sql`${ofTopics}::text[]`, sql`${limit}::int`)));
    }));
  return tableRows(outbox, raw).sort((a, b) => a.availableAt.getTime() - b.availableAt.getTime());
}

/** The claim: `now` and `staleBefore` timestamptz, `workerId` text, `topics` text[] (null: every topic), `limit` int. */
const claimStatement = (now: SQL, staleBefore: SQL, workerId: SQL, topics: SQL, limit: SQL) => sql`
    with stale as (
      select id, available_at from ${outbox}
      where status = 'processing' and locked_at < ${staleBefore} and (${topics} is null or topic = any(${topics}))
      order by available_at limit ${limit} for update skip locked
    ), pending as (
      select id, available_at from ${outbox}
      where status = 'pending' and available_at <= ${now} and (${topics} is null or topic = any(${topics}))
      order by available_at limit ${limit} for update skip locked
    ), picked as (
      select id from (select id, available_at, 0 as expired from stale union all select id, available_at, 1 from pending) due
      order by expired, available_at limit ${limit}
    )
    update ${outbox} o set status = 'processing', locked_at = ${now}, locked_by = ${workerId}
    where o.id = any(array(select id from picked))
    returning o.*`;

const CLAIM_STATEMENT = preparedStatement("stanza_claim_outbox", ["timestamptz", "timestamptz", "text", "text[]", "int"], claimStatement);

/** A text[] literal of topic names (lower-case words: nothing to quote). */
function textArray(values: string[]): string {
  for (const v of values) if (!/^[a-z_]+$/.test(v)) throw new Error(`not a topic: ${v}`);
  return `{${values.join(",")}}`;
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
