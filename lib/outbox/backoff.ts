/**
 * Retry schedule for failed deliveries: exponential from one minute, capped at four hours, until the waits add
 * up to at least 24 hours; the failure after that makes the row a dead letter (an admin can retry it).
 */
export const BASE_DELAY_MS = 60_000;
export const MAX_DELAY_MS = 4 * 3_600_000;
export const RETRY_WINDOW_MS = 24 * 3_600_000;

/** The wait after the n-th failure (n ≥ 1), without jitter. */
export function retryDelayMs(failures: number): number {
  const n = Math.max(1, failures);
  return Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.min(n - 1, 30));
}

/** How many failures a row may have before it is dead: the first count whose waits cover the retry window. */
export const MAX_FAILURES: number = (() => {
  let total = 0;
  let n = 0;
  while (total < RETRY_WINDOW_MS) {
    n += 1;
    total += retryDelayMs(n);
  }
  // n failures have been waited out; the (n + 1)-th is the last one.
  return n + 1;
})();

/** Up to 10% extra so that many rows failing together (an SMTP outage) do not all come back at once. */
export function withJitter(ms: number, random: () => number = Math.random): number {
  return Math.round(ms * (1 + 0.1 * random()));
}
