// `npm run worker`: the outbox worker as its own process, for scale-out (run the web with WORKER=off, or not:
// several workers, in-process or not, share the work through FOR UPDATE SKIP LOCKED).
import { createConfiguredWorker } from "@/lib/outbox/runtime";

const { worker, close } = await createConfiguredWorker({ pollMs: Number(process.env.WORKER_POLL_MS ?? 1000) });
console.log(`[outbox] worker ${worker.workerId} started`);
worker.start();
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  console.log("[outbox] stopping after the batch in hand");
  await close();
  const { getDatabase } = await import("@/db");
  await (await getDatabase()).close();
  process.exit(0);
};
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
