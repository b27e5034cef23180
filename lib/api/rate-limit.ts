import { lt, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { apiRateLimits } from "@/db/schema";
import { RateLimitedError } from "@/lib/errors";
import { logger } from "@/lib/ops/log";

const WINDOW_MS = 60_000;
/** While far from the limit, an instance adds its requests to the shared counter at most this often. */
const FLUSH_EVERY_MS = 200;
/** Below this limit, or past half of it, every request is counted in the database before it is let through. */
const EXACT_BELOW_LIMIT = 100;
/** An instance never holds more than 1/MAX_UNFLUSHED_SHARE of the limit uncounted in the database. */
const MAX_UNFLUSHED_SHARE = 20;

type Entry = { windowStart: number; global: number; local: number; lastFlush: number; flushing: Promise<void> | null; synced: boolean };

/**
 * Fixed-window request counters per credential per minute, kept in the database (`api_rate_limits`) so the limit
 * holds across every instance. Counting every request with its own write makes the one counter row of a busy
 * partner a hot spot that serializes all its requests, so far from the limit an instance batches: it lets requests
 * through on its own count plus the last shared total, and adds its count to the shared row every
 * FLUSH_EVERY_MS. The first request of a window, every request from half the limit on, and every request of a
 * small limit are counted in the database first, so the limit is exact where it matters; an instance never holds
 * more than 5% of the limit uncounted, which bounds what several instances together can over-admit.
 */
export class RateLimiter {
  private readonly entries = new Map<string, Entry>();
  private readonly flushEveryMs: number;
  /** Milliseconds since the epoch; tests pass a fixed clock, so no window rolls over in the middle of one. */
  private readonly clock: () => number;

  constructor(opts: { flushEveryMs?: number; clock?: () => number } = {}) {
    this.flushEveryMs = opts.flushEveryMs ?? FLUSH_EVERY_MS;
    this.clock = opts.clock ?? Date.now;
  }

  async consume(db: DbOrTx, bucket: string, limit: number, now = new Date(this.clock())): Promise<{ remaining: number; resetSeconds: number }> {
    const windowStart = Math.floor(now.getTime() / WINDOW_MS) * WINDOW_MS;
    const resetSeconds = Math.max(1, Math.ceil((windowStart + WINDOW_MS - now.getTime()) / 1000));
    const key = `${bucket}\0${windowStart}`;
    let entry = this.entries.get(key);
    if (!entry) {
      this.sweep(db, windowStart);
      entry = { windowStart, global: 0, local: 0, lastFlush: 0, flushing: null, synced: false };
      this.entries.set(key, entry);
    }
    const estimate = entry.global + entry.local + 1;
    const exact =
      limit < EXACT_BELOW_LIMIT ||
      !entry.synced || // the first request of a window learns what the other instances counted
      estimate * 2 >= limit ||
      entry.local + 1 > Math.floor(limit / MAX_UNFLUSHED_SHARE);
    if (exact) {
      // Exact: our pending count and this request go to the shared row now, and its total decides.
      const delta = entry.local + 1;
      entry.local = 0;
      const count = await this.add(db, bucket, new Date(windowStart), delta).catch((err: unknown) => {
        entry.local += delta;
        throw err;
      });
      entry.global = Math.max(entry.global, count);
      entry.synced = true;
      if (count > limit) throw new RateLimitedError(resetSeconds);
      return { remaining: Math.max(0, limit - count), resetSeconds };
    }
    entry.local++;
    if (!entry.flushing && now.getTime() - entry.lastFlush >= this.flushEveryMs) this.startFlush(db, bucket, entry, now.getTime());
    return { remaining: Math.max(0, limit - estimate), resetSeconds };
  }

  /** Writes every pending count (tests, shutdown). */
  async flush(db: DbOrTx): Promise<void> {
    for (const [key, entry] of this.entries) {
      await entry.flushing;
      if (entry.local > 0) {
        this.startFlush(db, key.split("\0")[0] ?? "", entry, this.clock());
        await entry.flushing;
      }
    }
  }

  private startFlush(db: DbOrTx, bucket: string, entry: Entry, at: number): void {
    const delta = entry.local;
    entry.local = 0;
    entry.lastFlush = at;
    entry.flushing = this.add(db, bucket, new Date(entry.windowStart), delta)
      .then((count) => {
        entry.global = Math.max(entry.global, count);
      })
      .catch((err: unknown) => {
        entry.local += delta;
        logger("api").error({ err }, "rate-limit counter flush failed");
      })
      .finally(() => {
        entry.flushing = null;
      });
  }

  private async add(db: DbOrTx, bucket: string, windowStart: Date, delta: number): Promise<number> {
    const [row] = await db
      .insert(apiRateLimits)
      .values({ bucket, windowStart, count: delta })
      .onConflictDoUpdate({ target: [apiRateLimits.bucket, apiRateLimits.windowStart], set: { count: sql`${apiRateLimits.count} + ${delta}` } })
      .returning({ count: apiRateLimits.count });
    return row?.count ?? delta;
  }

  /** A new window: forget past windows (after their last flush) and delete rows that can no longer matter. */
  private sweep(db: DbOrTx, windowStart: number): void {
    for (const [key, entry] of this.entries) {
      if (entry.windowStart < windowStart && !entry.flushing && entry.local === 0) this.entries.delete(key);
    }
    db.delete(apiRateLimits)
      .where(lt(apiRateLimits.windowStart, new Date(windowStart - 10 * WINDOW_MS)))
      .catch((err: unknown) => logger("api").error({ err }, "rate-limit sweep failed"));
  }
}

/** The process's limiter, which the partner API counts with (unless a test gives `setApiDeps` its own). */
export const rateLimiter = new RateLimiter();
