import client from "prom-client";

/**
 * Prometheus metrics (issue 15), served at /metrics (lib/ops/metrics-endpoint.ts). One registry per process, kept on
 * globalThis: Next.js loads a module once for instrumentation.ts and again in each route bundle, and two registries
 * would each hold half the counts. Counters are bumped where things happen (the workflow, the outbox worker, webhook
 * deliveries); the database's state (outbox depth, protocol requests waiting, connections) is read at scrape time
 * by a few small queries, each bounded by a timeout, none able to fail the scrape (lib/ops/metrics-scrape.ts).
 */
export type MetricsState = {
  registry: client.Registry;
  httpDuration: client.Histogram<"method" | "route" | "status">;
  transitions: client.Counter<"event">;
  deliveries: client.Counter<"channel" | "result">;
  webhookFailures: client.Counter<"reason">;
  collectErrors: client.Counter<"collector">;
  outboxDepth: client.Gauge<"topic" | "status">;
  outboxOldestDue: client.Gauge<"topic">;
  protocolWaiting: client.Gauge;
  protocolOldest: client.Gauge;
  dbPoolMax: client.Gauge;
  dbPoolOpen: client.Gauge;
  dbPoolInUse: client.Gauge;
  routes: Set<string>;
  httpInstrumented: boolean;
  subscribers: ((message: unknown) => void)[];
};

function createState(): MetricsState {
  const registry = new client.Registry();
  // Node's own: CPU, memory, GC, handles, and the event loop lag (nodejs_eventloop_lag_* seconds).
  client.collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    httpDuration: new client.Histogram({
      name: "stanza_http_request_duration_seconds",
      help: "HTTP requests served, by method, route template and status: time until the response was finished",
      labelNames: ["method", "route", "status"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    transitions: new client.Counter({ name: "stanza_workflow_transitions_total", help: "Pratica transitions applied, by workflow event", labelNames: ["event"], registers }),
    deliveries: new client.Counter({
      name: "stanza_deliveries_total",
      help: "Outbox deliveries ended, by channel (outbox topic) and result (sent, skipped, cancelled, deferred, failed, dead, routed)",
      labelNames: ["channel", "result"],
      registers,
    }),
    webhookFailures: new client.Counter({
      name: "stanza_webhook_failures_total",
      help: "Webhook deliveries to partners that failed, by reason (http_3xx, http_4xx, http_5xx, timeout, network, config)",
      labelNames: ["reason"],
      registers,
    }),
    collectErrors: new client.Counter({ name: "stanza_metrics_collect_errors_total", help: "Scrape-time collectors that failed or timed out", labelNames: ["collector"], registers }),
    outboxDepth: new client.Gauge({ name: "stanza_outbox_depth", help: "Outbox rows waiting (pending) or being delivered (processing), by topic", labelNames: ["topic", "status"], registers }),
    outboxOldestDue: new client.Gauge({
      name: "stanza_outbox_oldest_due_age_seconds",
      help: "Age of the oldest pending outbox row that is due (available_at in the past), by topic; 0 when none is due",
      labelNames: ["topic"],
      registers,
    }),
    protocolWaiting: new client.Gauge({ name: "stanza_protocol_requests_waiting", help: "Protocol (registry) requests still waiting for their number, all enti", registers }),
    protocolOldest: new client.Gauge({ name: "stanza_protocol_requests_oldest_age_seconds", help: "Age of the oldest protocol request still waiting; 0 when none", registers }),
    dbPoolMax: new client.Gauge({ name: "stanza_db_pool_max_connections", help: "Database connections this process may open (postgres.js pool size; PGlite: 1)", registers }),
    dbPoolOpen: new client.Gauge({
      name: "stanza_db_pool_open_connections",
      help: "Database connections open (PostgreSQL: every process of this application on this database, from pg_stat_activity; PGlite: 1)",
      registers,
    }),
    dbPoolInUse: new client.Gauge({
      name: "stanza_db_pool_in_use_connections",
      help: "Database connections running a query or inside a transaction (same scope as stanza_db_pool_open_connections)",
      registers,
    }),
    routes: new Set(),
    httpInstrumented: false,
    subscribers: [],
  };
}

const holder = globalThis as { __stanzaMetrics?: MetricsState };
/** The process's metrics (the scrape-time collectors, lib/ops/metrics-scrape.ts, set some of them). */
export function metricsState(): MetricsState {
  holder.__stanzaMetrics ??= createState();
  return holder.__stanzaMetrics;
}

export function metricsRegistry(): client.Registry {
  return metricsState().registry;
}

// Counters must never break what they count: a bad label is dropped, not thrown.
function safely(fn: () => void): void {
  try {
    fn();
  } catch {
    /* a metric is not worth an error */
  }
}

export function countTransition(event: string): void {
  safely(() => metricsState().transitions.inc({ event: event.slice(0, 40) }));
}

export function countDelivery(channel: string, result: "sent" | "skipped" | "cancelled" | "deferred" | "failed" | "dead" | "routed"): void {
  safely(() => metricsState().deliveries.inc({ channel: channel.slice(0, 40), result }));
}

export type WebhookFailureReason = "http_3xx" | "http_4xx" | "http_5xx" | "timeout" | "network" | "config";
export function countWebhookFailure(reason: WebhookFailureReason): void {
  safely(() => metricsState().webhookFailures.inc({ reason }));
}

// ---- HTTP latency by route -------------------------------------------------------------------------------------

/** More distinct routes than this (a scanner trying paths) are counted as "other": the label set stays bounded. */
export const MAX_ROUTES = 300;
const MAX_SEGMENTS = 8;
/** First path segments that are the app's own; any other first segment is an ente's slug. */
const SITE_SEGMENTS = new Set(["api", "_next", "demo-idp", "lingua", "posta", "metrics", "favicon.ico", "robots.txt", "sitemap.xml", "manifest.webmanifest"]);
/** Segments of the partner API under /api/v1.0/ that are not a partner's slug. */
const API_FIXED = new Set(["services", "schedaInformativa", "servizioTexts", "openapi.json"]);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

function segmentTemplate(seg: string, i: number, segs: string[]): string {
  const prev = segs[i - 1];
  if (i === 0) return SITE_SEGMENTS.has(seg) ? seg : "[ente]";
  if (segs[0] === "api") {
    if (segs[1] === "v1.0" && i === 2 && !API_FIXED.has(seg)) return "[partner]";
    if (segs[1] === "pagamenti" && i === 2) return "[ente]";
    if ((segs[2] === "schedaInformativa" || segs[2] === "servizioTexts") && i >= 3) return ["[servizio]", "[ente]", "[step]"][i - 3] ?? "[x]";
  }
  if (segs[0] !== "api" && segs[0] !== "_next") {
    if (prev === "servizi") return "[slug]";
    if (prev === "info") return "[page]";
  }
  if (UUID.test(seg)) return "[id]";
  if (/^\d+$/.test(seg)) return "[n]";
  if (seg.length > 24 || (seg.length >= 12 && /\d/.test(seg) && /[A-Za-z]/.test(seg)) || /[^A-Za-z0-9._~-]/.test(seg)) return "[token]";
  return seg;
}

/**
 * The route template of a request path, with bounded cardinality: `/comune-x/operatori/pratiche/<uuid>` →
 * `/[ente]/operatori/pratiche/[id]`; numbers, long tokens and static build files collapse too.
 */
export function routeTemplate(url: string): string {
  const path = (url.split("?")[0] ?? "").split("#")[0] ?? "";
  if (path.startsWith("/_next/static/")) return "/_next/static/[...]";
  if (path.startsWith("/api/auth/")) return "/api/auth/[...]";
  const segs = path.split("/").filter((s) => s.length > 0);
  const template = segs.slice(0, MAX_SEGMENTS).map((seg, i) => segmentTemplate(seg, i, segs));
  return `/${template.join("/")}${segs.length > MAX_SEGMENTS ? "/[...]" : ""}`;
}

function boundedRoute(route: string, routes: Set<string>): string {
  if (routes.has(route)) return route;
  if (routes.size >= MAX_ROUTES) return "other";
  routes.add(route);
  return route;
}

/** Records one finished request (exported for tests; the server's requests come through `instrumentHttpServer`). */
export function observeHttpRequest(method: string, url: string, status: number, seconds: number): void {
  safely(() => {
    const s = metricsState();
    const m = METHODS.has(method) ? method : "OTHER";
    s.httpDuration.observe({ method: m, route: boundedRoute(routeTemplate(url), s.routes), status: String(status) }, seconds);
  });
}

/**
 * The socket's address, put on each request by the instrumentation below (replacing any such header the client
 * sent): route handlers cannot see the socket, and Next's own X-Forwarded-For keeps a client's value.
 */
export const PEER_HEADER = "x-stanza-peer-address";

/** Headers a proxy adds to the request it relays. */
const RELAY_HEADERS = ["x-forwarded-for", "forwarded", "x-real-ip"];

type NodeRequest = { method?: string; url?: string; headers: Record<string, string | string[] | undefined>; rawHeaders: string[] };
type NodeResponse = { statusCode: number };
type NodeSocket = { remoteAddress?: string };

/** Whether this process's HTTP server is instrumented, i.e. whether `PEER_HEADER` can be believed. */
export function peerAddressKnown(): boolean {
  return metricsState().httpInstrumented;
}

/**
 * Measures every request of this process's HTTP server through Node's diagnostics channels (Node ≥ 18.7), which
 * see the request before Next.js does and the response when its last byte is handed to the socket. Called once from
 * instrumentation.ts register(); later calls are no-ops.
 */
export async function instrumentHttpServer(): Promise<void> {
  const s = metricsState();
  if (s.httpInstrumented) return;
  const dc = await import("node:diagnostics_channel");
  const started = new WeakMap<object, bigint>();
  const onStart = (message: unknown) => {
    const { request, response, socket } = message as { request: NodeRequest; response: NodeResponse; socket: NodeSocket };
    started.set(response, process.hrtime.bigint());
    const raw = request.rawHeaders;
    const relayed = raw.some((name, i) => i % 2 === 0 && RELAY_HEADERS.includes(name.toLowerCase()));
    for (let i = raw.length - 2; i >= 0; i -= 2) if (raw[i]?.toLowerCase() === PEER_HEADER) raw.splice(i, 2);
    // A request a proxy relayed (a forwarding header) is not the socket's own: the socket is the proxy's, and a proxy
    // on this machine would make every client look local. Its address is unknown here ("") unless TRUST_PROXY.
    const peer = relayed ? "" : (socket.remoteAddress ?? "");
    raw.push(PEER_HEADER, peer);
    request.headers[PEER_HEADER] = peer;
  };
  const onFinish = (message: unknown) => {
    const { request, response } = message as { request: NodeRequest; response: NodeResponse };
    const t0 = started.get(response);
    if (t0 === undefined) return;
    observeHttpRequest(request.method ?? "GET", request.url ?? "/", response.statusCode, Number(process.hrtime.bigint() - t0) / 1e9);
  };
  dc.subscribe("http.server.request.start", onStart);
  dc.subscribe("http.server.response.finish", onFinish);
  s.subscribers.push(onStart, onFinish);
  s.httpInstrumented = true;
}
