// `npm run worker`: the outbox worker as its own process, for scale-out (run the web with WORKER=off, or not:
// several workers, in-process or not, share the work through FOR UPDATE SKIP LOCKED).
import { logger } from "@/lib/ops/log";
import { createConfiguredWorker } from "@/lib/outbox/runtime";

const { worker, close } = await createConfiguredWorker({ pollMs: Number(process.env.WORKER_POLL_MS ?? 1000) });
logger("outbox").info({ workerId: worker.workerId }, "worker started");
worker.start();
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  logger("outbox").info({ workerId: worker.workerId }, "stopping after the batch in hand");
  await close();
  const { getDatabase } = await import("@/db");
  await (await getDatabase()).close();
  process.exit(0);
};
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
