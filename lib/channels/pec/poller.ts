import type { DbOrTx } from "@/db/client";
import { logger } from "@/lib/ops/log";
import { pollAllPecMailboxes } from "./receipts";

/**
 * Reads the PEC mailboxes every `everyMs` beside the outbox worker (lib/outbox/runtime.ts), one poll at a time.
 * Returns the stop, which waits for a poll under way.
 */
export function startPecPoller(db: DbOrTx, opts: { everyMs: number; now?: () => Date }): () => Promise<void> {
  const log = logger("pec");
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = () => {
    if (stopped || running) return;
    running = pollAllPecMailboxes(db, opts.now?.() ?? new Date(), { everyMs: opts.everyMs, log: (msg, err) => log.warn({ err }, msg) })
      .then((results) => {
        for (const r of results) if (r.error) log.warn({ enteId: r.enteId, error: r.error }, "PEC mailbox poll failed");
      })
      .catch((err: unknown) => log.error({ err }, "PEC receipts poll failed"))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, opts.everyMs);
  timer.unref();
  tick();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
