/**
 * Next.js calls register() once per server process (never in the edge runtime). First V8's heap growth is bounded
 * (lib/memory.ts), then the configuration is validated, so a wrong value stops start-up with one line naming the
 * variable instead of failing on the first request; then the in-process outbox worker starts (WORKER=inline, the default), never while `next build`
 * loads the app.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  // Bounds the server's heap to a small multiple of its live objects (see lib/memory.ts).
  const { tuneHeapGrowth } = await import("@/lib/memory");
  tuneHeapGrowth();
  const { getConfig, ConfigError } = await import("@/lib/config/env");
  let worker: "inline" | "off";
  try {
    worker = getConfig().worker;
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  // Metrics (issue 15): the latency of every request this server answers, by route (lib/ops/metrics.ts).
  await (await import("@/lib/ops/metrics")).instrumentHttpServer();
  // Graceful SIGTERM/SIGINT (lib/ops/shutdown.ts): readiness drains, requests in flight finish, the worker stops.
  const { installShutdown } = await import("@/lib/ops/shutdown");
  const { stopInlineWorker } = await import("./lib/outbox/runtime");
  installShutdown({ graceMs: getConfig().shutdownGraceMs, stopWorker: stopInlineWorker });
  if (worker !== "inline") return;
  const { startInlineWorker } = await import("./lib/outbox/runtime");
  // Not awaited: the server answers requests while the worker opens the database and starts polling.
  void startInlineWorker();
}
