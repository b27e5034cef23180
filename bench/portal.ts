/**
 * Citizen portal benchmark (`npx tsx bench/portal.ts`, part of `npm run bench`).
 *
 * 1. JavaScript each citizen page ships: from the production build's manifests (run `npx next build` first),
 *    the union of the root chunks and the page's entry chunks (layouts + page), gzipped. Target ≤ 150 kB.
 * 2. Server time at 100,000 pratiche: a fresh PGlite database under a temporary DATA_DIR gets the demo seed plus
 *    100,000 pratiche (with their iter rows) spread over 5,000 citizens, Mario Rossi owning 120 of them. Then the
 *    production server is started on it and the catalogue, form and "le mie pratiche" pages (plus the pratica
 *    detail) are requested N times each with Mario's session; p50/p95 of the full response time. Target p95 ≤ 50 ms.
 *
 * Options (env): BENCH_PORT (3501), BENCH_RUNS (60), BENCH_PRATICHE (100000), SKIP_SERVER=1 (only the JS part).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { count, sql } from "drizzle-orm";
import { openDatabase } from "@/db/client";
import { pratiche } from "@/db/schema";
import { seedDemo } from "@/db/seed";
import { citizenCookie, prepareInProcessSeed, startNextServer, stopServer, waitFor } from "./helpers/server";

const ROOT = process.cwd();
const NEXT = path.join(ROOT, ".next");
const JS_BUDGET_KB = 150;
const P95_BUDGET_MS = 50;
const PORT = Number(process.env.BENCH_PORT ?? 3501);
const RUNS = Number(process.env.BENCH_RUNS ?? 60);
const PRATICHE = Number(process.env.BENCH_PRATICHE ?? 100_000);

const CITIZEN_PAGES = [
  "/(citizen)/[ente]/page",
  "/(citizen)/[ente]/servizi/page",
  "/(citizen)/[ente]/servizi/[slug]/page",
  "/(citizen)/[ente]/servizi/[slug]/compila/page",
  "/(citizen)/[ente]/area-personale/page",
  "/(citizen)/[ente]/area-personale/messaggi/page",
  "/(citizen)/[ente]/area-personale/attivita/page",
  "/(citizen)/[ente]/area-personale/servizi/page",
  "/(citizen)/[ente]/area-personale/pratiche/[id]/inviata/page",
  "/(citizen)/[ente]/area-personale/pratiche/[id]/page",
  "/(citizen)/[ente]/area-personale/pratiche/[id]/modifica/page",
  "/(citizen)/[ente]/area-personale/pratiche/[id]/riepilogo/page",
  "/(citizen)/[ente]/area-personale/profilo/page",
  "/(citizen)/[ente]/accedi/page",
  "/(citizen)/[ente]/accedi/email/page",
  "/(citizen)/[ente]/info/[page]/page",
];

type Row = Record<string, string | number>;
const failures: string[] = [];

function firstLoadJs(): Row[] {
  if (!existsSync(path.join(NEXT, "build-manifest.json"))) throw new Error("no production build: run `npx next build` first");
  const build = JSON.parse(readFileSync(path.join(NEXT, "build-manifest.json"), "utf8")) as { rootMainFiles: string[] };
  const gz = new Map<string, number>();
  const size = (f: string) => {
    if (!gz.has(f)) gz.set(f, gzipSync(readFileSync(path.join(NEXT, f)), { level: 9 }).length);
    return gz.get(f) ?? 0;
  };
  const rows: Row[] = [];
  for (const route of CITIZEN_PAGES) {
    const target = path.join(NEXT, "server", "app", `${route.slice(1)}_client-reference-manifest.js`);
    const g = globalThis as { __RSC_MANIFEST?: Record<string, { entryJSFiles: Record<string, string[]> }> };
    g.__RSC_MANIFEST = {};
    // The manifest is a script that assigns itself to globalThis.__RSC_MANIFEST.
    new Function(readFileSync(target, "utf8"))();
    const manifest = g.__RSC_MANIFEST[route];
    if (!manifest) throw new Error(`no client manifest for ${route}`);
    const files = new Set<string>(build.rootMainFiles);
    for (const [segment, chunks] of Object.entries(manifest.entryJSFiles)) {
      // The page's own segment chain: the root layout, the citizen layout, the page; not the error pages.
      if (segment.endsWith("/not-found") || segment.includes("global-error")) continue;
      chunks.forEach((c) => files.add(c));
    }
    const kb = [...files].reduce((n, f) => n + size(f), 0) / 1024;
    rows.push({ page: route.replace("/(citizen)", "").replace(/\/page$/, "") || "/", chunks: files.size, "first-load JS (kB gz)": Number(kb.toFixed(1)) });
    if (kb > JS_BUDGET_KB) failures.push(`${route}: ${kb.toFixed(1)} kB > ${JS_BUDGET_KB} kB`);
  }
  return rows;
}

async function seedBig(dataDir: string): Promise<void> {
  await prepareInProcessSeed(dataDir);
  const database = await openDatabase({ driver: "pglite", dataDir: path.join(dataDir, "pglite") });
  const { db } = database;
  const t0 = Date.now();
  await seedDemo(db);
  // Bulk rows straight in SQL: 5,000 citizens, PRATICHE pratiche over the available services, one iter row each.
  await db.execute(sql`
    insert into users (email, name, given_name, family_name)
    select 'bench' || g || '@example.com', 'Cittadino ' || g, 'Cittadino', 'N' || g from generate_series(1, 5000) g`);
  await db.execute(sql`
    with s as (select id, ente_id, name, row_number() over (order by slug) - 1 as n, count(*) over () as c from services where status = 'available'),
         u as (select id, row_number() over (order by email) - 1 as n from users where email like 'bench%'),
         mario as (select id from users where email = 'mario.rossi@example.com'),
         codes as (select array[2000,3000,4000,4100,4300,7000,9000,20000] as a)
    insert into pratiche (ente_id, service_id, applicant_id, status, subject, form_data, search_text, submitted_at, created_at, updated_at)
    select s.ente_id, s.id,
           case when g % ${Math.max(1, Math.floor(PRATICHE / 120))} = 0 then (select id from mario) else u.id end,
           (select a[1 + g % 8] from codes), s.name, '{}'::jsonb, lower(s.name),
           now() - (g || ' minutes')::interval, now() - (g || ' minutes')::interval, now() - (g || ' minutes')::interval
    from generate_series(1, ${PRATICHE}) g
    join s on s.n = g % s.c
    join u on u.n = g % 5000`);
  await db.execute(sql`
    insert into status_history (ente_id, pratica_id, from_status, to_status, event, actor_kind, created_at)
    select p.ente_id, p.id, 1000, 2000, 'submit', 'citizen', p.submitted_at from pratiche p
    where p.status <> 1000 and not exists (select 1 from status_history h where h.pratica_id = p.id)`);
  await db.execute(sql`analyze`);
  const [n] = await db.select({ n: count() }).from(pratiche);
  console.log(`seeded ${n?.n ?? 0} pratiche in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  await database.close();
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function timePages(base: string, cookie: string, pages: { name: string; path: string }[]): Promise<Row[]> {
  const rows: Row[] = [];
  for (const p of pages) {
    for (let i = 0; i < 5; i++) await (await fetch(`${base}${p.path}`, { headers: { Cookie: cookie } })).text(); // warm-up
    const times: number[] = [];
    let status = 0;
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      const res = await fetch(`${base}${p.path}`, { headers: { Cookie: cookie }, redirect: "manual" });
      await res.text();
      times.push(performance.now() - t);
      status = res.status;
    }
    times.sort((a, b) => a - b);
    const p95 = percentile(times, 95);
    rows.push({ page: p.name, status, "p50 ms": Number(percentile(times, 50).toFixed(1)), "p95 ms": Number(p95.toFixed(1)), runs: RUNS });
    if (status !== 200) failures.push(`${p.name}: HTTP ${status}`);
    if (p95 > P95_BUDGET_MS) failures.push(`${p.name}: p95 ${p95.toFixed(1)} ms > ${P95_BUDGET_MS} ms`);
  }
  return rows;
}

async function serverTimes(): Promise<Row[]> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "stanza-bench-portal-"));
  try {
    await seedBig(dataDir);
    const env = { DATA_DIR: dataDir, DEMO_MODE: "true", WORKER: "off", DATABASE_URL: "", AUTH_SECRET: "bench-secret-bench-secret-bench-secret-00", APP_URL: `http://127.0.0.1:${PORT}`, NEXT_TELEMETRY_DISABLED: "1" };
    const server = startNextServer(PORT, env);
    try {
      const base = `http://127.0.0.1:${PORT}`;
      await waitFor(`${base}/api/health/ready`, 120_000);
      const cookie = await citizenCookie(base, "RSSMRA80A01H501U");
      // A draft of Mario's and one of his pratiche, found through the pages themselves.
      const area = await (await fetch(`${base}/comune-di-bugliano/area-personale`, { headers: { Cookie: cookie } })).text();
      const draft = /pratiche\/([0-9a-f-]{36})\/modifica/.exec(area)?.[1];
      const pratica = /pratiche\/([0-9a-f-]{36})"/.exec(area)?.[1];
      if (!draft || !pratica) throw new Error("no draft or pratica of Mario's on the personal area page");
      return await timePages(base, cookie, [
        { name: "catalogue /servizi", path: "/comune-di-bugliano/servizi" },
        { name: "catalogue search /servizi?q=", path: "/comune-di-bugliano/servizi?q=contributo%20affitto" },
        { name: "service sheet", path: "/comune-di-bugliano/servizi/contributo-affitto" },
        { name: "form (draft) …/modifica", path: `/comune-di-bugliano/area-personale/pratiche/${draft}/modifica` },
        { name: "le mie pratiche /area-personale", path: "/comune-di-bugliano/area-personale" },
        { name: "le mie pratiche, page 5", path: "/comune-di-bugliano/area-personale?pagina=5" },
        { name: "pratica detail", path: `/comune-di-bugliano/area-personale/pratiche/${pratica}` },
      ]);
    } finally {
      await stopServer(server);
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main() {
  console.log(`\nCitizen pages: first-load JavaScript (gzip), budget ${JS_BUDGET_KB} kB`);
  console.table(firstLoadJs());
  if (process.env.SKIP_SERVER !== "1") {
    // Timings mean little on a busy machine: say how busy it was.
    console.log(`\nServer time at ${PRATICHE.toLocaleString("en")} pratiche (PGlite, production build), budget p95 ${P95_BUDGET_MS} ms`);
    console.log(`machine: ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(" / ")} (1/5/15 min)`);
    console.table(await serverTimes());
  }
  if (failures.length) {
    console.error(`\nOver budget:\n- ${failures.join("\n- ")}`);
    process.exitCode = 1;
  } else console.log("\nAll citizen pages within budget.");
}

void main();
