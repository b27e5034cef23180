/**
 * Partner API benchmark: status changes per second through the API (HTTP → withPartner → lib/workflow) on a
 * local PostgreSQL, p50/p95 latency, and the ratio to the same transaction (`transition()` with the same
 * partner actor and input) run directly in the same process, in the same run. Target ratio ≥ 0.5.
 *
 * The API runs in the production Next server (`next start`, needs `npx next build` first) or, when there is no
 * build or BENCH_API_SERVER=inproc, in a plain node:http server that calls the same route handlers.
 *
 *   npx tsx bench/api.ts            (BENCH_N, BENCH_CONCURRENCY, BENCH_PORT, BENCH_DATABASE_URL)
 */
import { existsSync } from "node:fs";
import { Agent, createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { openDatabase, type Database } from "@/db/client";
import { enti, partnerServices, partners, pratiche, services, users } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { transition } from "@/lib/workflow/transition";
import { createBenchDatabase, startNextServer, stopServer, waitFor } from "./helpers/server";

const N = Number(process.env.BENCH_N ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const WARMUP = Math.min(200, Math.ceil(N / 10));
const SERVER_URL = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const SECRET = "bench-partner-secret";
const FORM = { pages: [{ id: "dati", title: "Dati", items: [{ type: "text" as const, name: "oggetto", label: "Oggetto", required: true }] }] };

type Fixture = { enteId: string; partnerSlug: string; ids: string[] };

async function seed(database: Database, count: number): Promise<Fixture> {
  const { db } = database;
  const [ente] = await db.insert(enti).values({ slug: "comune-bench", name: "Comune Bench" }).returning();
  if (!ente) throw new Error("ente");
  const [service] = await db
    .insert(services)
    .values({ enteId: ente.id, slug: "servizio-bench", name: "Servizio", infoSheet: { description: "", whoCanApply: "", howToApply: "", whatYouNeed: "", whatYouGet: "", costs: "", timesAndDeadlines: "", conditions: "", contacts: "" }, formDefinition: FORM })
    .returning();
  if (!service) throw new Error("service");
  const [partner] = await db
    .insert(partners)
    .values({ enteId: ente.id, slug: "partner-bench", name: "Partner", secretHash: await hashPassword(SECRET), rateLimitPerMinute: 1_000_000_000 })
    .returning();
  if (!partner) throw new Error("partner");
  await db.insert(partnerServices).values({ partnerId: partner.id, serviceId: service.id });
  const [citizen] = await db.insert(users).values({ email: "bench@example.com", name: "Bench", codiceFiscale: "BNCBNC80A01H501X" }).returning();
  if (!citizen) throw new Error("citizen");
  // Submitted pratiche (2000) inserted in bulk: the benchmark is about the status change, not about submission.
  const ids: string[] = [];
  for (let i = 0; i < count; i += 500) {
    const rows = await db
      .insert(pratiche)
      .values(
        Array.from({ length: Math.min(500, count - i) }, () => ({
          enteId: ente.id,
          serviceId: service.id,
          applicantId: citizen.id,
          status: 2000,
          subject: "Bench",
          formData: { oggetto: "bench" },
          submittedAt: new Date(),
          searchText: "bench",
        })),
      )
      .returning({ id: pratiche.id });
    ids.push(...rows.map((r) => r.id));
  }
  return { enteId: ente.id, partnerSlug: partner.slug, ids };
}

async function runPool(ids: string[], concurrency: number, one: (id: string) => Promise<void>): Promise<{ seconds: number; latencies: number[] }> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (;;) {
        const i = next++;
        const id = ids[i];
        if (id === undefined) return;
        const t0 = performance.now();
        await one(id);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return { seconds: (performance.now() - started) / 1000, latencies };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function summary(label: string, r: { seconds: number; latencies: number[] }) {
  const sorted = [...r.latencies].sort((a, b) => a - b);
  const rps = r.latencies.length / r.seconds;
  return { label, requests: r.latencies.length, rps, p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
}

/** The production server on the bench database, or the route handlers behind node:http. */
async function startApi(url: string): Promise<{ base: string; stop: () => Promise<void>; kind: string }> {
  const wantNext = process.env.BENCH_API_SERVER !== "inproc" && existsSync(".next/BUILD_ID");
  if (wantNext) {
    const port = Number(process.env.BENCH_PORT ?? 3300);
    // e.g. BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to see where the server spends its time.
    const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean);
    const child = startNextServer(
      port,
      { DATABASE_URL: url, DEMO_MODE: "false", AUTH_SECRET: "bench-secret-bench-secret-bench-secret-0", NODE_ENV: "production", WORKER: "off" },
      { nodeArgs },
    );
    const base = `http://127.0.0.1:${port}`;
    await waitFor(`${base}/api/health/ready`, 60_000);
    return { base, kind: "next start (production build)", stop: () => stopServer(child) };
  }
  const { setApiDeps } = await import("@/lib/api/deps");
  const database = await openDatabase({ driver: "postgres", url });
  setApiDeps({ db: database.db, config: { demoMode: false, trustProxy: false } });
  const { POST } = await import("@/app/api/v1.0/[partner]/pratica/[pratica]/status/route");
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const m = /^\/api\/v1\.0\/([^/]+)\/pratica\/([^/]+)\/status$/.exec(req.url ?? "");
      if (!m || req.method !== "POST") {
        res.writeHead(404).end();
        return;
      }
      const request = new Request(`http://127.0.0.1${req.url}`, { method: "POST", headers: req.headers as Record<string, string>, body: Buffer.concat(chunks) });
      const response = await POST(request, { params: Promise.resolve({ partner: m[1] ?? "", pratica: m[2] ?? "" }) });
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    kind: `node:http + the route handlers${existsSync(".next/BUILD_ID") ? "" : " (no Next build found)"}`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await database.close();
    },
  };
}

export async function runApiBench(): Promise<{ ratio: number }> {
  const benchDb = await createBenchDatabase(SERVER_URL, "api");
  const database = await openDatabase({ driver: "postgres", url: benchDb.url, max: 10 });
  let api: Awaited<ReturnType<typeof startApi>> | undefined;
  try {
    const total = 2 * (N + WARMUP);
    const fx = await seed(database, total);
    const [ente] = await database.db.select().from(enti);
    if (!ente) throw new Error("ente");
    const [partner] = await database.db.select().from(partners);
    if (!partner) throw new Error("partner");
    const direct = fx.ids.slice(0, N + WARMUP);
    const viaApi = fx.ids.slice(N + WARMUP);
    const meta = { operatore: "bench", responsabile: "bench", struttura: "bench", channel: "api" };

    const directOne = async (id: string) => {
      await transition({ db: database.db, ente, actor: { kind: "partner", partnerId: partner.id, operatore: "bench" } }, id, "assign", { meta });
    };
    api = await startApi(benchDb.url);
    const auth = `Basic ${Buffer.from(`${fx.partnerSlug}:${SECRET}`).toString("base64")}`;
    const body = JSON.stringify({ evento: "assign", operatore: "bench", responsabile: "bench", struttura: "bench" });
    const base = api.base;
    // A plain keep-alive node:http client: the client shares the machine with the server and the database, and
    // fetch() costs several times more CPU per request than the request itself is worth measuring.
    const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const target = new URL(base);
    const apiOne = (id: string) =>
      new Promise<void>((resolve, reject) => {
        const req = httpRequest(
          {
            agent,
            host: target.hostname,
            port: target.port,
            method: "POST",
            path: `/api/v1.0/${fx.partnerSlug}/pratica/${id}/status`,
            headers: { authorization: auth, "content-type": "application/json", "content-length": Buffer.byteLength(body) },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (c: Buffer) => chunks.push(c));
            res.on("end", () => (res.statusCode === 200 ? resolve() : reject(new Error(`API answered ${res.statusCode}: ${Buffer.concat(chunks).toString()}`))));
            res.on("error", reject);
          },
        );
        req.on("error", reject);
        req.end(body);
      });

    await runPool(direct.slice(0, WARMUP), CONCURRENCY, directOne);
    await runPool(viaApi.slice(0, WARMUP), CONCURRENCY, apiOne);
    // Interleaved rounds, so that both sides see the same machine (load from other processes comes and goes).
    const rounds = 10;
    const chunk = Math.ceil(N / rounds);
    const dAll = { seconds: 0, latencies: [] as number[] };
    const aAll = { seconds: 0, latencies: [] as number[] };
    for (let r = 0; r < rounds; r++) {
      const from = WARMUP + r * chunk;
      const to = Math.min(WARMUP + N, from + chunk);
      for (const [ids, one, acc] of [[direct, directOne, dAll], [viaApi, apiOne, aAll]] as const) {
        const res = await runPool(ids.slice(from, to), CONCURRENCY, one);
        acc.seconds += res.seconds;
        acc.latencies.push(...res.latencies);
      }
    }
    agent.destroy();
    const d = summary("direct transition()", dAll);
    const a = summary("POST …/status via API", aAll);
    const ratio = a.rps / d.rps;
    console.log(`\nPartner API status-change benchmark — PostgreSQL, ${N} requests each, concurrency ${CONCURRENCY}, event assign (2000 → 4000)`);
    console.log(`API server: ${api.kind}`);
    console.table([d, a].map((r) => ({ path: r.label, requests: r.requests, "req/s": r.rps.toFixed(1), "p50 ms": r.p50.toFixed(2), "p95 ms": r.p95.toFixed(2) })));
    console.log(`ratio API / direct = ${ratio.toFixed(2)} (target ≥ 0.5) ${ratio >= 0.5 ? "OK" : "BELOW TARGET"}`);
    return { ratio };
  } finally {
    await api?.stop();
    await database.close();
    await benchDb.drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runApiBench().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
