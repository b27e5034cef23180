import { hostname } from "node:os";
import type { DbOrTx } from "@/db/client";
import type { OutboxRow, OutboxTopic } from "@/db/schema";
import { claimBatch, releaseClaims } from "./claim";
import { logger } from "@/lib/ops/log";
import { describeError, isPermanent } from "./errors";
import { inRowContext, observeDelivery } from "./observe";
import { OutcomeRecorder, recordFailure, type Outcome } from "./record";

/**
 * Delivers one row. `prefetch`, when a handler has it, is called once per claimed batch with that handler's rows,
 * before any of them is delivered, to read in a few queries what the rows will need; a failure there is logged
 * and the handler reads per row.
 */
export type Handler = ((row: OutboxRow, now: Date) => Promise<Outcome>) & { prefetch?: (rows: OutboxRow[]) => Promise<void> };
export type Handlers = Partial<Record<OutboxTopic, Handler>>;

export type WorkerOptions = {
  db: DbOrTx;
  handlers: Handlers;
  workerId?: string;
  /** Rows claimed per short transaction. */
  batchSize?: number;
  /**
   * Rows of a batch being delivered at once: the SMTP pool's connections (5). Each lane has at most one message
   * sent and not yet recorded, so a crash can repeat at most this many messages.
   */
  concurrency?: number;
  /** Longer than any send can take (SMTP timeouts are 30–60 s): past it, a claim is taken to be a dead worker's. */
  leaseMs?: number;
  pollMs?: number;
  /** Periodic housekeeping (protocol alerts): runs at most every `sweepEveryMs`. */
  sweep?: (now: Date) => Promise<void>;
  sweepEveryMs?: number;
  now?: () => Date;
  random?: () => number;
  log?: (msg: string, err?: unknown) => void;
};

export type RunStats = { claimed: number; sent: number; failed: number; dead: number; deferred: number; skipped: number; cancelled: number; routed: number };

const emptyStats = (): RunStats => ({ claimed: 0, sent: 0, failed: 0, dead: 0, deferred: 0, skipped: 0, cancelled: 0, routed: 0 });

/**
 * Delivers outbox rows. Each row goes through three steps, none holding a transaction open across the network:
 * claim (short transaction, SKIP LOCKED, lease) → deliver (outside any transaction) → record (one statement,
 * shared with the outcomes of the other lanes ready within a few milliseconds: see OutcomeRecorder).
 * The only window for a duplicate is a crash after the remote side accepted a message and before the record
 * commits: the row is claimed again when its lease expires and sent again with the same Message-ID /
 * X-Stanza-Delivery id, so the receiver can drop it. A retry after a recorded failure never duplicates.
 */
export class OutboxWorker {
  readonly workerId: string;
  private readonly opts: Required<Omit<WorkerOptions, "sweep" | "workerId">> & { sweep?: WorkerOptions["sweep"] };
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private lastSweep = 0;
  private readonly recorder: OutcomeRecorder;
  private lanesDelivering = 0;
  /** Set when stopping and the grace time ran out: lanes start no new row; the rest of the batch is released. */
  private halted = false;

  constructor(options: WorkerOptions) {
    this.workerId = options.workerId ?? `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
    this.opts = {
      db: options.db,
      handlers: options.handlers,
      batchSize: options.batchSize ?? 100,
      concurrency: options.concurrency ?? 5,
      leaseMs: options.leaseMs ?? 5 * 60_000,
      pollMs: options.pollMs ?? 1_000,
      sweep: options.sweep,
      sweepEveryMs: options.sweepEveryMs ?? 5 * 60_000,
      now: options.now ?? (() => new Date()),
      random: options.random ?? Math.random,
      log: options.log ?? ((msg, err) => logger("outbox").error({ err }, msg)),
    };
    this.recorder = new OutcomeRecorder(this.opts.db, this.workerId, { flushAt: () => this.lanesDelivering });
  }

  /** Claims and delivers one batch; returns what happened (0 claimed: nothing was due). */
  async runOnce(): Promise<RunStats> {
    const stats = emptyStats();
    const topics = Object.keys(this.opts.handlers) as OutboxTopic[];
    const rows = await claimBatch(this.opts.db, { workerId: this.workerId, limit: this.opts.batchSize, now: this.opts.now(), leaseMs: this.opts.leaseMs, topics });
    stats.claimed = rows.length;
    for (const topic of topics) {
      const prefetch = this.opts.handlers[topic]?.prefetch;
      const mine = rows.filter((r) => r.topic === topic);
      if (prefetch && mine.length > 0) await prefetch(mine).catch((err: unknown) => this.opts.log(`prefetch for ${topic} failed`, err));
    }
    let next = 0;
    const lane = async () => {
      this.lanesDelivering += 1;
      try {
        while (next < rows.length && !this.halted) {
          const row = rows[next++];
          if (row) await this.deliver(row, stats);
        }
      } finally {
        this.lanesDelivering -= 1;
        this.recorder.poke();
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.opts.concurrency, rows.length) }, lane));
    // Stopped with rows not started: back to pending at once rather than waiting for the lease to run out.
    if (next < rows.length) await releaseClaims(this.opts.db, this.workerId, rows.slice(next)).catch((err: unknown) => this.opts.log("could not release the claimed rows", err));
    return stats;
  }

  /** Runs batches until nothing is due (tests, the bench, a one-off drain). */
  async drain(maxBatches = Number.POSITIVE_INFINITY): Promise<RunStats> {
    const total = emptyStats();
    for (let i = 0; i < maxBatches; i++) {
      const s = await this.runOnce();
      for (const k of Object.keys(total) as (keyof RunStats)[]) total[k] += s[k];
      if (s.claimed === 0) break;
    }
    return total;
  }

  private async deliver(row: OutboxRow, stats: RunStats): Promise<void> {
    const handler = this.opts.handlers[row.topic];
    const now = this.opts.now();
    let outcome: Outcome;
    try {
      if (!handler) throw new Error(`no handler for topic ${row.topic}`);
      outcome = await inRowContext(row, () => handler(row, now));
    } catch (err) {
      const result = await recordFailure(this.opts.db, row, this.workerId, describeError(err), isPermanent(err), this.opts.now(), this.opts.random).catch((e: unknown) => {
        this.opts.log(`could not record the failure of ${row.id}`, e);
        return "retry" as const;
      });
      stats.failed += 1;
      if (result === "dead") stats.dead += 1;
      observeDelivery(row, result === "dead" ? "dead" : "failed", err);
      return;
    }
    try {
      await this.recorder.record(row, outcome, this.opts.now());
      stats[outcome.status] += 1;
      observeDelivery(row, outcome.status);
    } catch (err) {
      // Delivered but not recorded: the lease will expire and the row will be sent again with the same id.
      this.opts.log(`delivered ${row.id} but could not record it`, err);
    }
  }

  /** Polls until stopped. Safe to call once; a second call is a no-op. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        let claimed = 0;
        try {
          await this.maybeSweep();
          claimed = (await this.runOnce()).claimed;
        } catch (err) {
          this.opts.log("batch failed", err);
        }
        // A full batch means there is probably more: go again at once.
        if (claimed >= this.opts.batchSize || !this.running) continue;
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, this.opts.pollMs);
          t.unref?.();
          this.wake = () => {
            clearTimeout(t);
            resolve();
          };
        });
        this.wake = undefined;
      }
    })();
  }

  /**
   * Ends the poll loop: no new claim; the batch in hand is delivered and recorded. With `releaseAfterMs` (shutdown),
   * past that time the lanes finish the rows they are sending and the rows of the batch not started yet are
   * released (pending again, unlocked) for another worker.
   */
  async stop(opts: { releaseAfterMs?: number } = {}): Promise<void> {
    this.running = false;
    this.wake?.();
    const timer = opts.releaseAfterMs === undefined ? undefined : setTimeout(() => (this.halted = true), opts.releaseAfterMs);
    try {
      await this.loop;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Asks a sleeping worker to look for work now (after an enqueue in the same process). */
  poke(): void {
    this.wake?.();
  }

  private async maybeSweep(): Promise<void> {
    if (!this.opts.sweep) return;
    const now = this.opts.now();
    if (now.getTime() - this.lastSweep < this.opts.sweepEveryMs) return;
    this.lastSweep = now.getTime();
    try {
      await this.opts.sweep(now);
    } catch (err) {
      this.opts.log("sweep failed", err);
    }
  }
}
