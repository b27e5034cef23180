import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { isIP } from "node:net";
import { randomBytes } from "node:crypto";
import type { Database } from "@/db/client";
import { markDraining } from "./health";
import { logger } from "./log";

/**
 * The web server's graceful shutdown, and what it needs to know about the HTTP server Next.js made.
 *
 * Next.js gives the application no handle on its `http.Server`. Node publishes every request on the diagnostics
 * channel `http.server.request.start` with its server, request, response and socket, synchronously, before the
 * server's "request" listeners run: from it we learn the server (to close it), the requests in flight (to wait for
 * them), and the socket's real peer address (which route handlers cannot see).
 *
 * On SIGTERM (or SIGINT), when the process was started with NEXT_MANUAL_SIG_HANDLE=true (`npm start`, the e2e
 * server, the container; without it Next.js runs its own shutdown and this only drains readiness and stops the
 * worker): readiness answers "draining"; the listening socket is closed (a new connection is refused) and idle
 * keep-alive connections with it; answers given from now on close their connection; the requests in flight get up
 * to SHUTDOWN_GRACE_MS to finish; the in-process outbox worker stops claiming and releases the rows it has not
 * started; the database is closed; the process exits 0 (1 when the grace ran out with requests still open).
 */
type State = {
  hooked: boolean;
  server?: Server;
  inFlight: Set<ServerResponse>;
  idle?: () => void;
  draining: boolean;
  shutdown?: Promise<void>;
  /** The header carrying the socket's peer verdict to route handlers: its name is random per process, so no client can send it. */
  peerHeader: string;
};
const state = ((globalThis as { __stanzaShutdown?: State }).__stanzaShutdown ??= {
  hooked: false,
  inFlight: new Set(),
  draining: false,
  peerHeader: `x-stanza-peer-${randomBytes(8).toString("hex")}`,
});

type RequestStart = { request: IncomingMessage; response: ServerResponse; socket: { remoteAddress?: string }; server: Server };

const FORWARDING_HEADERS = ["x-forwarded-for", "forwarded", "x-real-ip", "x-forwarded-host"];
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/** Subscribes to the HTTP server's requests (once per process). Safe to call from register(). */
export function watchHttpServer(): void {
  if (state.hooked) return;
  state.hooked = true;
  subscribe("http.server.request.start", (message) => {
    const { request, response, socket, server } = message as RequestStart;
    state.server ??= server;
    // "loopback": this very socket comes from the machine itself and no proxy relayed the request (a proxy on the
    // same machine would make every client look local).
    const address = socket.remoteAddress ?? "";
    const relayed = FORWARDING_HEADERS.some((h) => request.headers[h] !== undefined);
    request.headers[state.peerHeader] = isIP(address) && LOOPBACK.test(address) && !relayed ? "loopback" : "remote";
    if (state.draining) response.shouldKeepAlive = false;
    state.inFlight.add(response);
    response.once("close", () => {
      state.inFlight.delete(response);
      if (state.inFlight.size === 0) state.idle?.();
    });
  });
}

/**
 * Whether the request came over a loopback socket, not relayed by any proxy. False when it cannot be known (the
 * hook is not installed: `next dev` without instrumentation, a test), so a caller fails closed.
 */
export function isLoopbackSocket(req: Request): boolean {
  return state.hooked && req.headers.get(state.peerHeader) === "loopback";
}

/** Requests being served right now (a shutdown waits for them). */
export function requestsInFlight(): number {
  return state.inFlight.size;
}

function waitForIdle(ms: number): Promise<boolean> {
  if (state.inFlight.size === 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    state.idle = () => {
      clearTimeout(timer);
      resolve(true);
    };
  });
}

/** The database, if this process opened it (db/index.ts keeps it on globalThis): a shutdown never opens one. */
async function openedDatabase(): Promise<Database | undefined> {
  const pending = (globalThis as { __stanzaDb?: { promise?: Promise<Database> } }).__stanzaDb?.promise;
  return pending?.catch(() => undefined);
}

export type ShutdownOptions = {
  graceMs: number;
  /** Stops the in-process worker; past `releaseAfterMs` it releases the rows it has not started. */
  stopWorker: (opts: { releaseAfterMs: number }) => Promise<void>;
  log?: (msg: string) => void;
  exit?: (code: number) => void;
};

/** The shutdown itself (exported for the handler installed below). */
export function shutdown(signal: string, opts: ShutdownOptions & { manual: boolean }): Promise<void> {
  state.shutdown ??= (async () => {
    const log = opts.log ?? ((msg: string) => logger("shutdown").info(msg));
    const exit = opts.exit ?? ((code: number) => process.exit(code));
    const started = Date.now();
    const left = () => Math.max(0, opts.graceMs - (Date.now() - started));
    state.draining = true;
    markDraining();
    if (!opts.manual) {
      // Next.js closes the server and exits on its own: stop claiming, release the rest of the batch at once.
      log(`${signal}: NEXT_MANUAL_SIG_HANDLE is not set, Next.js shuts the server down; stopping the outbox worker`);
      await opts.stopWorker({ releaseAfterMs: 0 }).catch((err: unknown) => logger("shutdown").error({ err }, "stopping the outbox worker failed"));
      return;
    }
    log(`${signal}: refusing new connections, ${state.inFlight.size} request(s) in flight, ${opts.graceMs} ms to finish`);
    const server = state.server;
    if (server) {
      server.close();
      server.closeIdleConnections();
    }
    // The worker stops claiming at once and finishes its batch alongside the requests.
    const worker = opts.stopWorker({ releaseAfterMs: Math.max(0, opts.graceMs - 1_000) }).catch((err: unknown) => logger("shutdown").error({ err }, "stopping the outbox worker failed"));
    const finished = await waitForIdle(left());
    if (!finished) log(`grace time over with ${state.inFlight.size} request(s) still open: closing them`);
    server?.closeAllConnections();
    await Promise.race([worker, new Promise((r) => setTimeout(r, left() + 1_000).unref())]);
    const database = await openedDatabase();
    await database?.close().catch((err: unknown) => logger("shutdown").error({ err }, "closing the database failed"));
    log(`done in ${Date.now() - started} ms`);
    exit(finished ? 0 : 1);
  })();
  return state.shutdown;
}

/** Installs the SIGTERM/SIGINT handlers of the web server (instrumentation.ts register()). */
export function installShutdown(opts: ShutdownOptions): void {
  watchHttpServer();
  const manual = Boolean(process.env.NEXT_MANUAL_SIG_HANDLE);
  const onSignal = (signal: NodeJS.Signals) => void shutdown(signal, { ...opts, manual });
  process.once("SIGTERM", onSignal);
  process.once("SIGINT", onSignal);
}
