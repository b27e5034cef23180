// `npm run worker`: the outbox worker as its own process, for scale-out (run the web with WORKER=off, or not:
// several workers, in-process or not, share the work through FOR UPDATE SKIP LOCKED).
// SIGTERM/SIGINT: no new claim; the batch in hand goes on for SHUTDOWN_GRACE_MS at most, then the rows not started
// are released (pending, unlocked) and the process closes the database and exits 0.
// WORKER_METRICS_PORT: this process's own /metrics (deliveries, webhook failures, event loop lag; the database
// figures too), guarded as the web's: METRICS_TOKEN as a bearer token, or loopback clients only.
import { getConfig } from "@/lib/config/env";
import { logger } from "@/lib/ops/log";
import { startWorkerMetricsServer } from "@/lib/ops/worker-metrics";
import { createConfiguredWorker } from "@/lib/outbox/runtime";

const log = logger("outbox");
const config = getConfig();
const { shutdownGraceMs } = config;
const { worker, close } = await createConfiguredWorker({ pollMs: Number(process.env.WORKER_POLL_MS ?? 1000) });
const metricsServer = config.workerMetricsPort ? await startWorkerMetricsServer(config.workerMetricsPort, { token: config.metricsToken }) : null;
log.info({ workerId: worker.workerId, metricsPort: config.workerMetricsPort ?? null }, "worker started");
worker.start();
let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  log.info({ workerId: worker.workerId, signal, graceMs: shutdownGraceMs }, "no new claim; finishing the batch in hand");
  // The hard limit: a send still hanging past the grace (and the margin to release and close) is left to its lease.
  setTimeout(() => {
    log.error({ workerId: worker.workerId }, "shutdown took longer than the grace time: exiting");
    process.exit(1);
  }, shutdownGraceMs + 2_000).unref();
  // Releasing a little before the end of the grace leaves time to record, release and close.
  await close({ releaseAfterMs: Math.max(0, shutdownGraceMs - 1_000) });
  metricsServer?.close();
  const { getDatabase } = await import("@/db");
  await (await getDatabase()).close();
  log.info({ workerId: worker.workerId }, "stopped");
  process.exit(0);
};
process.on("SIGTERM", () => void stop("SIGTERM"));
process.on("SIGINT", () => void stop("SIGINT"));
