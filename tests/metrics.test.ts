import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outbox, type Ente, type Service, type User } from "@/db/schema";
import { SmtpMailer } from "@/lib/notifications/mailer";
import { createLogger, setRootLogger } from "@/lib/ops/log";
import { metricsRefusal, serveMetrics, type MetricsAccess } from "@/lib/ops/metrics-endpoint";
import { instrumentHttpServer, MAX_ROUTES, observeHttpRequest, PEER_HEADER, peerAddressKnown, routeTemplate } from "@/lib/ops/metrics";
import { setMetricsDatabase } from "@/lib/ops/metrics-scrape";
import { startWorkerMetricsServer } from "@/lib/ops/worker-metrics";
import { createHandlers } from "@/lib/outbox/handlers";
import { OutboxWorker } from "@/lib/outbox/worker";
import { transition } from "@/lib/workflow/transition";
import { GET } from "@/app/metrics/route";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { createCitizen, createEnte, createPartner, createService, createStaff, operatorCtx, submittedPratica } from "./helpers/fixtures";
import { closeMailLine, openMailLine, SmtpSink } from "./helpers/smtp";

// The route reads the configuration once: a token for the route's own test, and the secret it requires.
const TOKEN = "metrics-token-0123456789abcdef";
process.env.METRICS_TOKEN = TOKEN;
process.env.AUTH_SECRET ??= "a".repeat(40);

let tdb: TestDatabase;
let ente: Ente;
let service: Service;
let protoService: Service;
let citizen: User;
let operator: User;
let sink: SmtpSink;
let mailer: SmtpMailer;
/** A partner's webhook endpoint that is down (503). */
let hookServer: Server;
/** This process's own HTTP server, instrumented like the app's, serving /metrics and a few other paths. */
let app: Server;
let appUrl: string;

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

/** What Next.js does with a Node request: a Web Request with the same headers. */
function toRequest(req: IncomingMessage, base: string): Request {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
  return new Request(`${base}${req.url ?? "/"}`, { headers });
}

beforeAll(async () => {
  tdb = await createTestDatabase();
  setMetricsDatabase(tdb);
  ente = await createEnte(tdb.db, { quietHoursStart: "00:00", quietHoursEnd: "00:00" });
  service = await createService(tdb.db, ente);
  protoService = await createService(tdb.db, ente, { protocolRequired: true, protocolMode: "external" });
  citizen = await createCitizen(tdb.db);
  operator = await createStaff(tdb.db, ente, "operator", [service.id, protoService.id]);
  ({ sink, mailer } = await openMailLine());
  hookServer = createServer((_req, res) => {
    res.statusCode = 503;
    res.end("down");
  });
  const hookUrl = await listen(hookServer);
  await createPartner(tdb.db, ente, [service.id], { webhookUrl: `${hookUrl}/hook`, webhookSecret: "segreto-webhook-di-prova", webhookEvents: ["pratica.assign"] });

  await instrumentHttpServer();
  app = createServer((req, res) => {
    void (async () => {
      const answer = req.url === "/metrics" ? await serveMetrics(toRequest(req, appUrl), { token: undefined, trustProxy: false, peerKnown: peerAddressKnown() }) : new Response("ok");
      res.statusCode = answer.status;
      answer.headers.forEach((v, k) => res.setHeader(k, v));
      res.end(Buffer.from(await answer.arrayBuffer()));
    })();
  });
  appUrl = await listen(app);
});

afterAll(async () => {
  setMetricsDatabase(undefined);
  await new Promise((r) => app?.close(r));
  await new Promise((r) => hookServer?.close(r));
  await closeMailLine({ sink, mailer });
  await tdb?.close();
});

/** The value of one sample line (`name{labels} value`), or undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split("\n")) {
    if (line.startsWith("#")) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[3] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[4]);
  }
  return undefined;
}

async function scrape(headers: Record<string, string> = {}): Promise<string> {
  const res = await fetch(`${appUrl}/metrics`, { headers });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("text/plain; version=0.0.4");
  return res.text();
}

describe("/metrics shows every metric of the issue", () => {
  it("after requests, a transition and deliveries: latency by route, transitions, deliveries, outbox, protocol, webhooks, pool, event loop", async () => {
    const id = "0b6f3a52-5d1e-4c59-9d7e-0a7a3c2f1e11";
    for (const path of [`/comune-di-prova/operatori/pratiche/${id}`, `/comune-di-prova/operatori/pratiche/${id}`, "/api/v1.0/partner-x/pratiche?limit=5"]) {
      expect((await fetch(`${appUrl}${path}`)).status).toBe(200);
    }
    // A submission to a service with an external registry: one protocol request waiting for its number.
    await submittedPratica(tdb.db, ente, protoService, citizen);
    // An assignment: a transition, an email to the citizen and a webhook to the partner (whose server is down).
    const p = await submittedPratica(tdb.db, ente, service, citizen);
    await transition(operatorCtx(tdb.db, ente, operator), p.id, "assign");
    const worker = new OutboxWorker({
      db: tdb.db,
      workerId: "metrics-test",
      handlers: createHandlers({ db: tdb.db, mailer, appUrl: "http://stanza.test", mailFrom: "Stanza <noreply@stanza.test>" }),
      now: () => new Date(Date.now() + 5_000),
      log: () => {},
    });
    const stats = await worker.drain(5);
    expect(stats.sent).toBeGreaterThan(0);
    expect(sink.messages.length).toBeGreaterThan(0);
    // One row due ten minutes ago, never claimed: the age of the oldest due row.
    const [late] = await tdb.db.select().from(outbox).where(eq(outbox.topic, "webhook"));
    expect(late?.status).toBe("pending");
    await tdb.db.update(outbox).set({ availableAt: new Date(Date.now() - 10 * 60_000) }).where(eq(outbox.id, late!.id));

    const text = await scrape();
    const histogram = (route: string) => sample(text, "stanza_http_request_duration_seconds_count", { method: "GET", route, status: "200" });
    expect(histogram("/[ente]/operatori/pratiche/[id]")).toBe(2);
    expect(histogram("/api/v1.0/[partner]/pratiche")).toBe(1);
    expect(sample(text, "stanza_http_request_duration_seconds_bucket", { route: "/[ente]/operatori/pratiche/[id]", le: "+Inf" })).toBe(2);
    expect(sample(text, "stanza_workflow_transitions_total", { event: "submit" })).toBe(2);
    expect(sample(text, "stanza_workflow_transitions_total", { event: "assign" })).toBe(1);
    expect(sample(text, "stanza_deliveries_total", { channel: "email", result: "sent" })).toBeGreaterThanOrEqual(1);
    expect(sample(text, "stanza_deliveries_total", { channel: "webhook", result: "failed" })).toBe(1);
    expect(sample(text, "stanza_webhook_failures_total", { reason: "http_5xx" })).toBe(1);
    expect(sample(text, "stanza_outbox_depth", { topic: "webhook", status: "pending" })).toBe(1);
    expect(sample(text, "stanza_outbox_oldest_due_age_seconds", { topic: "webhook" })).toBeGreaterThanOrEqual(590);
    expect(sample(text, "stanza_outbox_oldest_due_age_seconds", { topic: "email" })).toBe(0);
    expect(sample(text, "stanza_protocol_requests_waiting")).toBe(1);
    expect(sample(text, "stanza_protocol_requests_oldest_age_seconds")).toBeGreaterThan(0);
    const max = sample(text, "stanza_db_pool_max_connections");
    expect(max).toBe(tdb.driver === "pglite" ? 1 : 25);
    expect(sample(text, "stanza_db_pool_open_connections")).toBeGreaterThanOrEqual(1);
    expect(sample(text, "stanza_db_pool_in_use_connections")).toBeGreaterThanOrEqual(1);
    expect(sample(text, "nodejs_eventloop_lag_seconds")).toBeGreaterThanOrEqual(0);
    expect(text).toContain("# TYPE stanza_metrics_collect_errors_total counter");
    expect(sample(text, "stanza_metrics_collect_errors_total", { collector: "outbox" })).toBeUndefined();
  });

  it("a collector that fails does not fail the scrape: it is counted and the rest is served", async () => {
    const broken = await createTestDatabase();
    await broken.close();
    setMetricsDatabase(broken);
    const lines: string[] = [];
    setRootLogger(createLogger({ destination: { write: (chunk: string) => void lines.push(chunk) } }));
    try {
      const text = await scrape();
      expect(lines.join("")).toContain('"msg":"metrics collector failed"');
      for (const collector of ["outbox", "protocol", "pool"]) {
        if (collector === "pool" && broken.driver === "pglite") continue;
        expect(sample(text, "stanza_metrics_collect_errors_total", { collector }), collector).toBeGreaterThanOrEqual(1);
      }
      expect(text).toContain("stanza_http_request_duration_seconds_count");
    } finally {
      setMetricsDatabase(tdb);
      setRootLogger(undefined);
    }
  });
});

describe("who may read /metrics", () => {
  const req = (headers: Record<string, string>) => new Request("http://127.0.0.1:3411/metrics", { headers });
  const open: MetricsAccess = { token: undefined, trustProxy: false, peerKnown: true };

  it("without a token: loopback clients only, by the socket's address (a client's own header is replaced)", async () => {
    // Sent from loopback with a forged non-loopback peer header: the instrumentation put the real address in its place.
    const res = await fetch(`${appUrl}/metrics`, { headers: { [PEER_HEADER]: "203.0.113.9" } });
    expect(res.status).toBe(200);
    expect(metricsRefusal(req({ [PEER_HEADER]: "127.0.0.1" }), open)).toBeNull();
    expect(metricsRefusal(req({ [PEER_HEADER]: "::ffff:127.0.0.1" }), open)).toBeNull();
    expect(metricsRefusal(req({ [PEER_HEADER]: "::1" }), open)).toBeNull();
    const refused = metricsRefusal(req({ [PEER_HEADER]: "10.0.0.7" }), open);
    expect(refused?.status).toBe(403);
    expect(refused?.headers.get("content-type")).toBe("application/problem+json");
    // A forwarded header proves nothing without a trusted proxy; an unknown address is refused.
    expect(metricsRefusal(req({ "x-forwarded-for": "127.0.0.1", [PEER_HEADER]: "10.0.0.7" }), open)?.status).toBe(403);
    expect(metricsRefusal(req({ [PEER_HEADER]: "127.0.0.1" }), { ...open, peerKnown: false })?.status).toBe(403);
    // A browser on this machine, sent there by another site's page (DNS rebinding): refused without a token.
    expect(metricsRefusal(req({ [PEER_HEADER]: "127.0.0.1", "sec-fetch-site": "cross-site" }), open)?.status).toBe(403);
    expect(metricsRefusal(req({ [PEER_HEADER]: "127.0.0.1", origin: "http://evil.example" }), open)?.status).toBe(403);
    expect(metricsRefusal(req({ [PEER_HEADER]: "127.0.0.1", "sec-fetch-site": "none" }), open)).toBeNull();
    // Behind a trusted proxy: the address it appended (the last entry) counts, not the proxy's own.
    expect(metricsRefusal(req({ "x-forwarded-for": "203.0.113.9, 127.0.0.1", [PEER_HEADER]: "10.0.0.2" }), { ...open, trustProxy: true })).toBeNull();
    expect(metricsRefusal(req({ "x-forwarded-for": "127.0.0.1, 203.0.113.9", [PEER_HEADER]: "127.0.0.1" }), { ...open, trustProxy: true })?.status).toBe(403);
  });

  it("without a token: a request relayed by a proxy on this machine (TRUST_PROXY off) is not a loopback client", async () => {
    // nginx on the same host forwards the internet's requests from 127.0.0.1: the socket is loopback, the client is not.
    const relayed: Record<string, string>[] = [{ "x-forwarded-for": "203.0.113.9" }, { forwarded: "for=203.0.113.9" }, { "x-real-ip": "203.0.113.9" }];
    for (const header of relayed) {
      const res = await fetch(`${appUrl}/metrics`, { headers: header });
      expect(res.status).toBe(403);
    }
    expect((await fetch(`${appUrl}/metrics`)).status).toBe(200);
  });

  it("with METRICS_TOKEN: the bearer token is required, from anywhere; the route answers 401 problem+json otherwise", async () => {
    const withToken: MetricsAccess = { token: TOKEN, trustProxy: false, peerKnown: true };
    expect(metricsRefusal(req({ authorization: `Bearer ${TOKEN}`, [PEER_HEADER]: "203.0.113.9" }), withToken)).toBeNull();
    expect(metricsRefusal(req({ [PEER_HEADER]: "127.0.0.1" }), withToken)?.status).toBe(401);
    expect(metricsRefusal(req({ authorization: `Bearer ${TOKEN}x` }), withToken)?.status).toBe(401);
    expect(metricsRefusal(req({ authorization: `Basic ${TOKEN}` }), withToken)?.status).toBe(401);

    const refused = await GET(req({}));
    expect(refused.status).toBe(401);
    expect(refused.headers.get("content-type")).toBe("application/problem+json");
    expect(refused.headers.get("www-authenticate")).toContain("Bearer");
    expect(await refused.json()).toMatchObject({ status: 401, reason: "request.unauthorized" });
    const wrong = await GET(req({ authorization: "Bearer not-the-token-at-all-0000" }));
    expect(wrong.status).toBe(401);
    const ok = await GET(req({ authorization: `Bearer ${TOKEN}` }));
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toContain("text/plain; version=0.0.4");
    expect(await ok.text()).toContain("stanza_workflow_transitions_total");
  });
});

describe("a worker process's own /metrics (WORKER_METRICS_PORT)", () => {
  it("serves the registry on its port: the bearer token when set, loopback otherwise; only GET /metrics", async () => {
    const open = await startWorkerMetricsServer(0, { token: undefined, host: "127.0.0.1" });
    const guarded = await startWorkerMetricsServer(0, { token: TOKEN, host: "127.0.0.1" });
    try {
      const base = (s: Server) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
      const loopback = await fetch(`${base(open)}/metrics`);
      expect(loopback.status).toBe(200);
      const text = await loopback.text();
      for (const name of ["stanza_deliveries_total", "stanza_outbox_depth", "nodejs_eventloop_lag_seconds"]) expect(text).toContain(name);
      expect((await fetch(`${base(open)}/altro`)).status).toBe(404);
      expect((await fetch(`${base(open)}/metrics`, { method: "POST" })).status).toBe(404);
      expect((await fetch(`${base(guarded)}/metrics`)).status).toBe(401);
      expect((await fetch(`${base(guarded)}/metrics`, { headers: { authorization: "Bearer wrong-token-0123456789" } })).status).toBe(401);
      expect((await fetch(`${base(guarded)}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
    } finally {
      open.close();
      guarded.close();
    }
  });
});

describe("route labels stay few", () => {
  it("templates: ente slug, ids, numbers, tokens, static files, the partner API", () => {
    expect(routeTemplate("/")).toBe("/");
    expect(routeTemplate("/comune-x/servizi/carta-identita/compila?x=1")).toBe("/[ente]/servizi/[slug]/compila");
    expect(routeTemplate("/comune-x/area-personale/pratiche/0b6f3a52-5d1e-4c59-9d7e-0a7a3c2f1e11/bozza")).toBe("/[ente]/area-personale/pratiche/[id]/bozza");
    expect(routeTemplate("/comune-x/operatori/imposta-password/Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5")).toBe("/[ente]/operatori/imposta-password/[token]");
    expect(routeTemplate("/comune-x/info/privacy")).toBe("/[ente]/info/[page]");
    expect(routeTemplate("/_next/static/chunks/app/page-abc123.js")).toBe("/_next/static/[...]");
    expect(routeTemplate("/api/v1.0/acme/pratica/0b6f3a52-5d1e-4c59-9d7e-0a7a3c2f1e11/status")).toBe("/api/v1.0/[partner]/pratica/[id]/status");
    expect(routeTemplate("/api/v1.0/services")).toBe("/api/v1.0/services");
    expect(routeTemplate("/api/v1.0/servizioTexts/anagrafe/comune-x/2")).toBe("/api/v1.0/servizioTexts/[servizio]/[ente]/[step]");
    expect(routeTemplate("/api/pagamenti/comune-x/notifica")).toBe("/api/pagamenti/[ente]/notifica");
    expect(routeTemplate("/api/auth/callback/credentials")).toBe("/api/auth/[...]");
    expect(routeTemplate("/metrics")).toBe("/metrics");
    expect(routeTemplate("/posta/42")).toBe("/posta/[n]");
    expect(routeTemplate("/a/b/c/d/e/f/g/h/i/j")).toBe("/[ente]/b/c/d/e/f/g/h/[...]");
  });

  it(`past ${MAX_ROUTES} distinct routes, new ones are counted as "other"`, async () => {
    observeHttpRequest("BREW", "/", 405, 0.001);
    for (let i = 0; i < MAX_ROUTES + 20; i++) observeHttpRequest("GET", `/comune-x/scan-${String.fromCharCode(97 + (i % 26))}${"z".repeat(Math.floor(i / 26))}`, 404, 0.001);
    const text = await scrape();
    expect(sample(text, "stanza_http_request_duration_seconds_count", { route: "other", status: "404" })).toBeGreaterThan(0);
    expect(sample(text, "stanza_http_request_duration_seconds_count", { method: "OTHER", route: "/" })).toBe(1);
    const routes = new Set([...text.matchAll(/stanza_http_request_duration_seconds_count\{[^}]*route="([^"]*)"/g)].map((m) => m[1]));
    expect(routes.size).toBeLessThanOrEqual(MAX_ROUTES + 1);
  });
});
