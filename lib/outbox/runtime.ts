import { getDatabase } from "@/db";
import { PGLITE_VACUUM_EVERY_MS, vacuumPglite } from "@/db/housekeeping";
import { getConfig } from "@/lib/config/env";
import { startPecPoller } from "@/lib/channels/pec/poller";
import { createMailer } from "@/lib/notifications/mailer";
import { sweepPayments } from "@/lib/payments/outbox";
import { sweepProtocolAlerts } from "@/lib/protocol/requests";
import { createHandlers } from "./handlers";
import { OutboxWorker } from "./worker";
import { logger } from "@/lib/ops/log";

/** A worker wired from the process's configuration (database, SMTP_URL or DATA_DIR/mail, APP_URL, MAIL_FROM). */
export async function createConfiguredWorker(overrides: { pollMs?: number } = {}): Promise<{ worker: OutboxWorker; close: (opts?: { releaseAfterMs?: number }) => Promise<void> }> {
  const config = getConfig();
  const { db } = await getDatabase();
  const mailer = createMailer(config);
  let lastVacuum = Number.NEGATIVE_INFINITY;
  const worker = new OutboxWorker({
    db,
    handlers: createHandlers({ db, mailer, appUrl: config.appUrl, mailFrom: config.mailFrom, emailShapeCache: config.emailShapeCache }),
    pollMs: overrides.pollMs ?? 1_000,
    leaseMs: config.outboxLeaseMs,
    sweep: async (now) => {
      await sweepProtocolAlerts(db, now);
      await sweepPayments(db, now).catch((err: unknown) => logger("payments").error({ err }, "payments sweep failed"));
      // PGlite has no autovacuum (db/housekeeping.ts); on PostgreSQL this is a no-op.
      if (now.getTime() - lastVacuum >= PGLITE_VACUUM_EVERY_MS) {
        lastVacuum = now.getTime();
        const t0 = performance.now();
        await vacuumPglite(db).then(
          (ran) => ran && logger("db").info({ ms: Math.round(performance.now() - t0) }, "PGlite vacuumed (no autovacuum)"),
          (err: unknown) => logger("db").error({ err }, "PGlite vacuum failed"),
        );
      }
    },
  });
  // PEC receipts are read here, beside the worker, never in a request.
  const stopPecPoller = startPecPoller(db, { everyMs: config.pecPollMs });
  return {
    worker,
    close: async (opts = {}) => {
      await stopPecPoller();
      await worker.stop(opts);
      mailer.close();
    },
  };
}

type Holder = { started?: Promise<OutboxWorker | null>; close?: (opts?: { releaseAfterMs?: number }) => Promise<void> };
const holder = ((globalThis as { __stanzaWorker?: Holder }).__stanzaWorker ??= {});

/** Starts the in-process worker once per server process (WORKER=inline, the default). */
export function startInlineWorker(): Promise<OutboxWorker | null> {
  holder.started ??= (async () => {
    if (getConfig().worker !== "inline") return null;
    const { worker, close } = await createConfiguredWorker({ pollMs: 500 });
    // No signal handlers here: the server's shutdown (lib/ops/shutdown.ts) calls stopInlineWorker.
    holder.close = close;
    worker.start();
    return worker;
  })().catch((err: unknown) => {
    logger("outbox").error({ err }, "the in-process worker did not start");
    holder.started = undefined;
    return null;
  });
  return holder.started;
}

/**
 * Stops the in-process worker, if it runs: no new claim; past `releaseAfterMs` the rows of its batch not started
 * are released. A send cut short by the process's exit is taken again after its lease.
 */
export async function stopInlineWorker(opts: { releaseAfterMs?: number } = {}): Promise<void> {
  const started = holder.started;
  if (!started || !(await started) || !holder.close) return;
  await holder.close(opts);
}
