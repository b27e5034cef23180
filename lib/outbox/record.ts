import { and, eq, sql, type SQL } from "drizzle-orm";
import { execPreparedOnPglite, preparedStatement } from "@/db/prepared";
import type { DbOrTx } from "@/db/client";
import { deliveryAttempts, outbox, type DeliveryStatus, type OutboxRow } from "@/db/schema";
import { isUuid } from "@/lib/uuid";
import { MAX_FAILURES, retryDelayMs, withJitter } from "./backoff";

/** What a handler made of one row. A thrown error is a failure (retried, or dead when permanent). */
export type Outcome =
  | { status: "sent"; detail: string; /** payload keys to drop once delivered (a sign-in link's secret URL) */ scrub?: string[] }
  | { status: "deferred"; until: Date; detail: string }
  | { status: "skipped"; detail: string }
  | { status: "cancelled"; detail: string }
  /** Handed over to another channel's row (lib/channels/hand-over.ts wrote it): this row is done. */
  | { status: "routed"; detail: string };

/**
 * A server's answer or an error message as it can be stored: PostgreSQL text cannot hold NUL nor jsonb a lone
 * surrogate, and a detail that cannot be written would leave a sent message unrecorded (and sent again when its
 * lease runs out).
 */
const storable = (detail: string) =>
  detail
    .replaceAll("\u0000", "")
    .slice(0, 4000)
    // A lone surrogate (an answer cut in the middle of an emoji) is not valid JSON text for jsonb.
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");

/**
 * Only the worker holding the claim may finish a row: a worker whose lease ran out no longer owns it. The claim is
 * checked as one opaque condition (`is true`) so that the row is found by its primary key alone: offered
 * `status = 'processing'`, the planner also walks outbox_due_idx's entries for "processing", and every row ever
 * claimed left one there that stays until a vacuum (PGlite has no autovacuum): each write then grew with the
 * number of rows delivered before it.
 */
const claimHeldBy = (alias: string, workerId: SQL) => sql`(${sql.raw(alias)}.status = 'processing' and ${sql.raw(alias)}.locked_by = ${workerId}) is true`;
const ownedBy = (row: OutboxRow, workerId: string) => and(eq(outbox.id, row.id), claimHeldBy('"outbox"', sql`${workerId}`));

async function attempt(db: DbOrTx, row: OutboxRow, status: DeliveryStatus, detail: string, at: Date) {
  await db.insert(deliveryAttempts).values({ outboxId: row.id, enteId: row.enteId, status, detail: storable(detail), createdAt: at });
}

export type Recorded = { row: OutboxRow; outcome: Outcome; at: Date };

/**
 * Writes handlers' outcomes: each row's new state and its attempt, for many rows in one statement (a
 * data-modifying WITH is atomic like a transaction). A row whose claim was lost to another worker keeps its state,
 * but its attempt is recorded all the same: it did happen.
 */
export async function recordOutcomes(db: DbOrTx, workerId: string, items: Recorded[]): Promise<void> {
  if (items.length === 0) return;
  const input = items.map(({ row, outcome, at }) => {
    const deferred = outcome.status === "deferred";
    const payload = outcome.status === "sent" && outcome.scrub?.length ? scrubbed(row.payload, outcome.scrub) : null;
    return {
      id: row.id,
      ente_id: row.enteId,
      row_status: deferred ? "pending" : outcome.status,
      attempt_status: outcome.status,
      done: !deferred,
      available_at: deferred ? outcome.until.toISOString() : null,
      payload,
      detail: storable(outcome.detail),
      at: at.toISOString(),
    };
  });
  const json = JSON.stringify(input);
  const ids = uuidArray(items.map((i) => i.row.id));
  // PGlite: prepared once, no planning per write (db/prepared.ts); PostgreSQL: postgres-js prepares it itself.
  if ((await execPreparedOnPglite(db, RECORD_STATEMENT, [json, ids, workerId])) !== null) return;
  await db.execute(recordStatement(sql`${json}::jsonb`, sql`${ids}::uuid[]`, sql`${workerId}`));
}

/**
 * The record: the rows' new state (only where this worker still holds the claim) and one attempt each, in one
 * statement. `input` is a jsonb array of recordOutcomes' items, `ids` their uuid[], `workerId` text.
 */
const recordStatement = (input: SQL, ids: SQL, workerId: SQL) => sql`
    with input as (
      select * from jsonb_to_recordset(${input})
        as i(id uuid, ente_id uuid, row_status text, attempt_status text, done boolean, available_at timestamptz, payload jsonb, detail text, at timestamptz)
    ), finished as (
      update ${outbox} o set
        status = i.row_status,
        done_at = case when i.done then i.at else o.done_at end,
        available_at = coalesce(i.available_at, o.available_at),
        last_error = case when i.done then null else o.last_error end,
        payload = coalesce(i.payload, o.payload),
        locked_at = null,
        locked_by = null
      from input i
      where o.id = any(${ids}) and o.id = i.id and ${claimHeldBy("o", workerId)}
    )
    insert into ${deliveryAttempts} (outbox_id, ente_id, status, detail, created_at)
    select i.id, i.ente_id, i.attempt_status, i.detail, i.at from input i`;

const RECORD_STATEMENT = preparedStatement("stanza_record_outcomes", ["jsonb", "uuid[]", "text"], recordStatement);

/**
 * A uuid[] literal. The rows are found through it, by the primary key: joined only to the function's rows, the
 * planner (which takes jsonb_to_recordset for 100 rows) scans the whole outbox.
 */
function uuidArray(ids: string[]): string {
  for (const id of ids) if (!isUuid(id)) throw new Error(`not a uuid: ${id}`);
  return `{${ids.join(",")}}`;
}

/**
 * Group commit for one worker's outcomes, as PostgreSQL's own commit_delay does for WAL flushes: the first outcome
 * to arrive waits up to `lingerMs` (a few milliseconds) for others, or less once `flushAt()` have arrived (every
 * lane still delivering is then waiting: nothing more will come), and they are written in one statement; outcomes
 * arriving during a write go in the next. A busy worker thus writes several outcomes per statement, at the cost
 * of widening by at most `lingerMs` the window in which a crash after a send makes the message go again (with the
 * same Message-ID). A failed group write is retried row by row, so that one bad row cannot keep the others
 * unrecorded.
 */
export class OutcomeRecorder {
  private queue: (Recorded & { done: (err?: unknown) => void })[] = [];
  private writing = false;
  private wake: (() => void) | undefined;
  private readonly lingerMs: number;
  private readonly flushAt: () => number;
  private readonly maxPerWrite: number;
  private readonly schedule: (fn: () => void, ms: number) => () => void;

  constructor(
    private readonly db: DbOrTx,
    private readonly workerId: string,
    /**
     * `flushAt`: how many outcomes can come at most (the lanes still delivering); when all are in, write.
     * `schedule`: arms the linger (returns its cancel); tests pass their own to see the wait without waiting.
     */
    opts: { lingerMs?: number; flushAt?: () => number; maxPerWrite?: number; schedule?: (fn: () => void, ms: number) => () => void } = {},
  ) {
    this.lingerMs = opts.lingerMs ?? 5;
    this.flushAt = opts.flushAt ?? (() => 10);
    this.maxPerWrite = opts.maxPerWrite ?? 100;
    this.schedule =
      opts.schedule ??
      ((fn, ms) => {
        const timer = setTimeout(fn, ms);
        return () => clearTimeout(timer);
      });
  }

  record(row: OutboxRow, outcome: Outcome, at: Date): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ row, outcome, at, done: (err) => (err === undefined ? resolve() : reject(err)) });
      if (this.writing) return this.poke();
      this.writing = true;
      void this.write();
    });
  }

  /** Writes now if every outcome that could come is in (call it when a lane ends). */
  poke(): void {
    if (this.queue.length >= this.flushAt()) this.wake?.();
  }

  private gather(): Promise<void> {
    if (this.queue.length >= this.flushAt()) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = () => {
        cancel();
        this.wake = undefined;
        resolve();
      };
      const cancel = this.schedule(done, this.lingerMs);
      this.wake = done;
    });
  }

  private async write(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        await this.gather();
        const group = this.queue.splice(0, this.maxPerWrite);
        try {
          await recordOutcomes(this.db, this.workerId, group);
          for (const g of group) g.done();
        } catch (err) {
          if (group.length === 1) {
            group[0]?.done(err ?? new Error("record failed"));
            continue;
          }
          for (const g of group) {
            await recordOutcomes(this.db, this.workerId, [g]).then(
              () => g.done(),
              (e: unknown) => g.done(e ?? new Error("record failed")),
            );
          }
        }
      }
    } finally {
      this.writing = false;
    }
  }
}

/** A failed attempt: back off and retry, or give up (dead letter) when permanent or past the retry window. */
export async function recordFailure(
  db: DbOrTx,
  row: OutboxRow,
  workerId: string,
  error: string,
  permanent: boolean,
  now: Date,
  random: () => number = Math.random,
): Promise<"retry" | "dead"> {
  const failures = row.attempts + 1;
  const dead = permanent || failures >= MAX_FAILURES;
  await db.transaction(async (tx) => {
    await tx
      .update(outbox)
      .set({
        status: dead ? "dead" : "pending",
        attempts: failures,
        lastError: storable(error),
        lockedAt: null,
        lockedBy: null,
        availableAt: dead ? row.availableAt : new Date(now.getTime() + withJitter(retryDelayMs(failures), random)),
        doneAt: dead ? now : null,
      })
      .where(ownedBy(row, workerId));
    await attempt(tx, row, "failed", error, now);
    if (dead) await attempt(tx, row, "dead", permanent ? "errore permanente: nessun nuovo tentativo" : `${failures} tentativi falliti in 24 ore`, now);
  });
  return dead ? "dead" : "retry";
}

function scrubbed(payload: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  const copy = { ...payload };
  for (const k of keys) if (k in copy) copy[k] = "[rimosso dopo l'invio]";
  return copy;
}

