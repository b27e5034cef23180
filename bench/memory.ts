/**
 * Memory benchmark (`npx tsx bench/memory.ts`, part of `npm run bench`; needs `npx next build` first).
 *
 * For each database (PGlite under a temporary DATA_DIR, then a fresh PostgreSQL database) the production server
 * (`next start`, demo mode, the inline outbox worker as deployed) is started on the demo seed (the demo partner's
 * rate limit lifted) and sent BENCH_N
 * (20,000) mixed requests, 8 at a time on keep-alive connections: citizen pages (home, catalogue, a catalogue search
 * with a different term each time, service sheets, a signed-in citizen's personal area and pratica), the operator
 * dashboard (tabs, searches, pages, a pratica) with a signed-in operator, and the partner API (services, list,
 * detail) with Basic auth. The server's resident memory (VmRSS of the node process itself, read from /proc) is
 * taken after a warm-up (every request kind served a few hundred times) and after half and all of the requests.
 *
 * Targets: under 5% growth from the half to the end, and at most 400 MB on PostgreSQL, 500 MB on PGlite.
 * The benchmark reports (MET / MISSED); it does not fail on a missed target.
 *
 * Options (env): BENCH_N (20000), BENCH_CONCURRENCY (8), BENCH_WARMUP (1500), BENCH_PORT (3510),
 * BENCH_DATABASE_URL (postgres://postgres@127.0.0.1:5432/postgres: the server a database is created on),
 * BENCH_MEMORY_DBS (pglite,postgres), BENCH_SERVER_NODE_ARGS (extra node options for the server),
 * BENCH_SNAPSHOT_DIR (a folder: the server writes a V8 heap snapshot there at each of the three points, to compare
 * in Chrome DevTools' Memory tab; this slows the run and adds the snapshots' own memory to the later figures).
 */
import type { ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { Agent, request as httpRequest } from "node:http";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { openDatabase } from "@/db/client";
import { partners } from "@/db/schema";
import { seedDemo } from "@/db/seed";
import { createBenchDatabase, citizenCookie, prepareInProcessSeed, signIn, startNextServer, stopServer, waitFor } from "./helpers/server";

const N = Number(process.env.BENCH_N ?? 20_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 1500);
const PORT = Number(process.env.BENCH_PORT ?? 3510);
const SERVER_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const DBS = (process.env.BENCH_MEMORY_DBS ?? "pglite,postgres").split(",").filter((d): d is Driver => d === "pglite" || d === "postgres");
const LIMIT_MB: Record<Driver, number> = { pglite: 500, postgres: 400 };
const GROWTH_LIMIT = 0.05;
const ENTE = "comune-di-bugliano";
const PARTNER = { user: "bugliano-protocollo", secret: "stanza-demo-partner" };
const WORDS = ["contributo", "affitto", "mensa", "atti", "suolo", "bonus", "sosta", "nido", "rossi", "bianchi", "certificato", "idrico"];

type Driver = "pglite" | "postgres";
type Req = { path: string; headers: Record<string, string> };
type Fixture = { citizen: string; operator: string; apiAuth: string; serviceSlugs: string[]; citizenPratiche: string[]; apiPratiche: string[] };

/** Resident set size of a process, from /proc/<pid>/status, in MB. */
function rssMb(pid: number): number {
  return Number(procStatus(pid, "VmRSS")) / 1024;
}

function procStatus(pid: number, field: string): string {
  const m = new RegExp(`^${field}:\\s+(\\d+)`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  if (!m?.[1]) throw new Error(`no ${field} for process ${pid}`);
  return m[1];
}

const SNAPSHOT_DIR = process.env.BENCH_SNAPSHOT_DIR;

/** Asks the server for a heap snapshot (--heapsnapshot-signal) and waits until the file is written. */
async function snapshot(pid: number): Promise<void> {
  if (!SNAPSHOT_DIR) return;
  const before = new Set(readdirSync(SNAPSHOT_DIR));
  process.kill(pid, "SIGUSR2");
  let last = -1;
  for (;;) {
    await new Promise((r) => setTimeout(r, 1000));
    const file = readdirSync(SNAPSHOT_DIR).find((f) => f.endsWith(".heapsnapshot") && !before.has(f));
    if (!file) continue;
    const size = statSync(path.join(SNAPSHOT_DIR, file)).size;
    if (size > 0 && size === last) return;
    last = size;
  }
}

async function getJson<T>(base: string, p: string, headers: Record<string, string>): Promise<T> {
  const res = await fetch(`${base}${p}`, { headers });
  if (!res.ok) throw new Error(`GET ${p}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

export async function fixture(base: string): Promise<Fixture> {
  const citizen = await citizenCookie(base, "RSSMRA80A01H501U");
  const operator = await signIn(base, "staff", { ente: ENTE, email: "operatore@bugliano.example", password: "stanza-demo" });
  const apiAuth = `Basic ${Buffer.from(`${PARTNER.user}:${PARTNER.secret}`).toString("base64")}`;
  const catalogue = await (await fetch(`${base}/${ENTE}/servizi`)).text();
  const serviceSlugs = [...new Set([...catalogue.matchAll(new RegExp(`/${ENTE}/servizi/([a-z0-9-]+)"`, "g"))].map((m) => m[1] ?? ""))].filter(Boolean);
  const area = await (await fetch(`${base}/${ENTE}/area-personale`, { headers: { Cookie: citizen } })).text();
  const citizenPratiche = [...new Set([...area.matchAll(/pratiche\/([0-9a-f-]{36})"/g)].map((m) => m[1] ?? ""))];
  const list = await getJson<{ data: { id: string }[] }>(base, `/api/v1.0/${PARTNER.user}/pratiche?limit=50`, { authorization: apiAuth });
  const apiPratiche = list.data.map((p) => p.id);
  if (!serviceSlugs.length || !citizenPratiche.length || !apiPratiche.length) throw new Error(`demo data not found (services ${serviceSlugs.length}, citizen pratiche ${citizenPratiche.length}, API pratiche ${apiPratiche.length})`);
  return { citizen, operator, apiAuth, serviceSlugs, citizenPratiche, apiPratiche };
}

const pick = <T>(xs: T[], i: number): T => xs[i % xs.length] as T;

/** The i-th request of the mix: 16 kinds in turn, with parameters that vary (search terms are new text each time). */
function requestFor(fx: Fixture, i: number): Req {
  const k = Math.floor(i / 16);
  const term = `${pick(WORDS, k)} ${k}`;
  const anon = {};
  const citizen = { Cookie: fx.citizen };
  const operator = { Cookie: fx.operator };
  const api = { authorization: fx.apiAuth };
  const all: Req[] = [
    { path: `/${ENTE}`, headers: anon },
    { path: `/${ENTE}/servizi`, headers: anon },
    { path: `/${ENTE}/servizi?q=${encodeURIComponent(term)}`, headers: anon },
    { path: `/${ENTE}/servizi/${pick(fx.serviceSlugs, k)}`, headers: anon },
    { path: `/${ENTE}/area-personale`, headers: citizen },
    { path: `/${ENTE}/area-personale/pratiche/${pick(fx.citizenPratiche, k)}`, headers: citizen },
    { path: `/${ENTE}/operatori`, headers: operator },
    { path: `/${ENTE}/operatori?tab=${pick(["da-gestire", "da-assegnare", "concluse", "tutte"], k)}`, headers: operator },
    { path: `/${ENTE}/operatori?q=${encodeURIComponent(term)}`, headers: operator },
    { path: `/${ENTE}/operatori/pratiche/${pick(fx.apiPratiche, k)}`, headers: operator },
    { path: `/api/v1.0/services`, headers: api },
    { path: `/api/v1.0/${PARTNER.user}/pratiche?limit=${1 + (k % 50)}`, headers: api },
    { path: `/api/v1.0/${PARTNER.user}/pratica/${pick(fx.apiPratiche, k)}`, headers: api },
    { path: `/api/v1.0/${PARTNER.user}/webhooks/deliveries`, headers: api },
    { path: `/${ENTE}/servizi/${pick(fx.serviceSlugs, k + 3)}`, headers: anon },
    { path: `/${ENTE}/info/${pick(["privacy", "accessibilita"], k)}`, headers: anon },
  ];
  return pick(all, i);
}

/** Sends requests [from, to) of the mix, CONCURRENCY at a time, and counts the answers by status. */
export async function run(agent: Agent, fx: Fixture, from: number, to: number, statuses: Map<string, number>): Promise<void> {
  let next = from;
  const one = (r: Req) =>
    new Promise<void>((resolve, reject) => {
      const req = httpRequest({ agent, host: "127.0.0.1", port: PORT, method: "GET", path: r.path, headers: r.headers }, (res) => {
        res.resume();
        res.on("end", () => {
          const key = `${r.path.split("?")[0]?.replace(/[0-9a-f-]{36}/g, ":id")} ${res.statusCode}`;
          statuses.set(key, (statuses.get(key) ?? 0) + 1);
          resolve();
        });
        res.on("error", reject);
      });
      req.on("error", reject);
      req.setTimeout(60_000, () => req.destroy(new Error(`no answer to GET ${r.path} within 60 s`)));
      req.end();
    });
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let i = next++; i < to; i = next++) await one(requestFor(fx, i));
    }),
  );
}

/**
 * The demo seed, written before the server starts (which then finds the database seeded), with the demo partner's
 * rate limit lifted: the API requests are to be served, not answered 429.
 */
async function seed(driver: Driver, dataDir: string, url: string | undefined): Promise<void> {
  await prepareInProcessSeed(dataDir);
  const database = driver === "postgres" && url ? await openDatabase({ driver, url, max: 2 }) : await openDatabase({ driver: "pglite", dataDir: path.join(dataDir, "pglite") });
  try {
    await seedDemo(database.db);
    await database.db.update(partners).set({ rateLimitPerMinute: 1_000_000_000 }).where(eq(partners.slug, PARTNER.user));
  } finally {
    await database.close();
  }
}

type Result = { driver: Driver; warm: number; half: number; end: number; seconds: number; statuses: Map<string, number> };

async function measure(driver: Driver): Promise<Result> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "stanza-bench-memory-"));
  const pg = driver === "postgres" ? await createBenchDatabase(SERVER_URL, "memory") : undefined;
  let server: ChildProcess | undefined;
  try {
    await seed(driver, dataDir, pg?.url);
    const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean);
    if (SNAPSHOT_DIR) nodeArgs.push("--heapsnapshot-signal=SIGUSR2", `--diagnostic-dir=${SNAPSHOT_DIR}`);
    server = startNextServer(
      PORT,
      { DATA_DIR: dataDir, DATABASE_URL: pg?.url ?? "", DEMO_MODE: "true", NODE_ENV: "production", AUTH_SECRET: "bench-secret-bench-secret-bench-secret-00", APP_URL: `http://127.0.0.1:${PORT}` },
      { nodeArgs },
    );
    const pid = server.pid;
    if (!pid) throw new Error("the server did not start");
    const base = `http://127.0.0.1:${PORT}`;
    await waitFor(`${base}/api/health/ready`, 120_000);
    const fx = await fixture(base);
    const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const statuses = new Map<string, number>();
    // Warm-up: every kind of request served often enough that Next's and V8's start-up allocations are done.
    await run(agent, fx, 0, WARMUP, new Map());
    const warm = rssMb(pid);
    await snapshot(pid);
    const t0 = performance.now();
    await run(agent, fx, WARMUP, WARMUP + N / 2, statuses);
    const half = rssMb(pid);
    await snapshot(pid);
    console.log(`  ${driver}: ${N / 2} requests, RSS ${half.toFixed(0)} MB`);
    await run(agent, fx, WARMUP + N / 2, WARMUP + N, statuses);
    const end = rssMb(pid);
    await snapshot(pid);
    const seconds = (performance.now() - t0) / 1000;
    agent.destroy();
    return { driver, warm, half, end, seconds, statuses };
  } finally {
    if (server) await stopServer(server);
    await pg?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main() {
  if (!existsSync(".next/BUILD_ID")) throw new Error("no production build: run `npx next build` first");
  console.log(`\nServer memory over ${N.toLocaleString("en")} mixed requests (concurrency ${CONCURRENCY}, after ${WARMUP} warm-up requests)`);
  console.log(`machine: ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(" / ")} (1/5/15 min)`);
  const results: Result[] = [];
  for (const driver of DBS) results.push(await measure(driver));
  const rows = results.map((r) => {
    const growth = (r.end - r.half) / r.half;
    const ok = growth < GROWTH_LIMIT && r.end <= LIMIT_MB[r.driver];
    return {
      database: r.driver,
      "RSS warm MB": Number(r.warm.toFixed(0)),
      [`RSS ${(N / 2).toLocaleString("en")} MB`]: Number(r.half.toFixed(0)),
      [`RSS ${N.toLocaleString("en")} MB`]: Number(r.end.toFixed(0)),
      "growth 2nd half": `${(growth * 100).toFixed(1)}%`,
      "limit MB": LIMIT_MB[r.driver],
      "req/s": Number((N / r.seconds).toFixed(0)),
      target: ok ? "MET" : "MISSED",
    };
  });
  console.table(rows);
  for (const r of results) {
    const bad = [...r.statuses].filter(([k]) => !/ (200|304)$/.test(k));
    if (bad.length) console.log(`${r.driver}: answers other than 200: ${bad.map(([k, n]) => `${k} ×${n}`).join(", ")}`);
  }
  console.log(`Targets: growth < ${GROWTH_LIMIT * 100}% from ${(N / 2).toLocaleString("en")} to ${N.toLocaleString("en")} requests; RSS ≤ ${LIMIT_MB.postgres} MB (PostgreSQL), ≤ ${LIMIT_MB.pglite} MB (PGlite).`);
  console.log(rows.every((r) => r.target === "MET") ? "All memory targets MET." : "Memory targets MISSED (see the table).");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
