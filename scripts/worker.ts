// `npm run worker`: the outbox worker as its own process, for scale-out (run the web with WORKER=off, or not:
// several workers, in-process or not, share the work through FOR UPDATE SKIP LOCKED).
// SIGTERM/SIGINT: no new claim; the batch in hand goes on for SHUTDOWN_GRACE_MS at most, then the rows not started
// are released (pending, unlocked) and the process closes the database and exits 0.
import { getConfig } from "@/lib/config/env";
import { createConfiguredWorker } from "@/lib/outbox/runtime";

const { shutdownGraceMs } = getConfig();
const { worker, close } = await createConfiguredWorker({ pollMs: Number(process.env.WORKER_POLL_MS ?? 1000) });
console.log(`[outbox] worker ${worker.workerId} started`);
worker.start();
let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`[outbox] ${signal}: no new claim; the batch in hand has ${shutdownGraceMs} ms`);
  // The hard limit: a send still hanging past the grace (and the margin to release and close) is left to its lease.
  setTimeout(() => {
    console.error("[outbox] shutdown took longer than the grace time: exiting");
    process.exit(1);
  }, shutdownGraceMs + 2_000).unref();
  // Releasing a little before the end of the grace leaves time to record, release and close.
  await close({ releaseAfterMs: Math.max(0, shutdownGraceMs - 1_000) });
  const { getDatabase } = await import("@/db");
  await (await getDatabase()).close();
  console.log("[outbox] stopped");
  process.exit(0);
};
process.on("SIGTERM", () => void stop("SIGTERM"));
process.on("SIGINT", () => void stop("SIGINT"));
