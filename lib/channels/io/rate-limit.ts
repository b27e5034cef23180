import { createHash } from "node:crypto";
import { LRUCache } from "lru-cache";

/**
 * IO's documented limit is per subscription key: 150 requests every 5 seconds; past it the gateway answers 429.
 * A token bucket per key keeps one worker process under it (each message costs two calls: the profile check and the
 * submission). Several worker processes each have their own buckets, so together they can still go over: the
 * 429 answer, deferred until IO's Retry-After, is what keeps that case right; this only avoids asking for it.
 * Buckets are keyed by a hash of the key (the key itself is not kept) in a bounded LRU.
 */
export const IO_RATE = { capacity: 150, perSecond: 30 } as const;
export const RATE_LIMIT_KEYS_MAX = 1000;

type Bucket = { tokens: number; at: number };

export function createKeyRateLimiter(opts: { capacity?: number; perSecond?: number; max?: number; now?: () => number } = {}) {
  const capacity = opts.capacity ?? IO_RATE.capacity;
  const perSecond = opts.perSecond ?? IO_RATE.perSecond;
  const now = opts.now ?? Date.now;
  const buckets = new LRUCache<string, Bucket>({ max: opts.max ?? RATE_LIMIT_KEYS_MAX });
  const id = (key: string) => createHash("sha256").update(key).digest("hex").slice(0, 32);
  return {
    /**
     * Takes `n` calls' worth for this key. 0: go now. Otherwise the milliseconds to wait first; the calls are
     * reserved (the bucket goes below zero), so lanes waiting together queue up rather than all going at once.
     */
    take(key: string, n: number): number {
      const k = id(key);
      const t = now();
      const b = buckets.get(k) ?? { tokens: capacity, at: t };
      const tokens = Math.min(capacity, b.tokens + ((t - b.at) / 1000) * perSecond) - n;
      buckets.set(k, { tokens, at: t });
      return tokens >= 0 ? 0 : Math.ceil((-tokens / perSecond) * 1000);
    },
    /** Gives back calls taken but not made (the row was deferred instead). */
    giveBack(key: string, n: number): void {
      const b = buckets.get(id(key));
      if (b) b.tokens = Math.min(capacity, b.tokens + n);
    },
    size: () => buckets.size,
  };
}

export type KeyRateLimiter = ReturnType<typeof createKeyRateLimiter>;
