/**
 * Dashboard benchmark (not a test): one municipality with 1,000,000 pratiche on local PostgreSQL. For each tab's
 * first page — without search, with a search term, with a sort — it times `listDashboard` (the server's page data
 * query as the page calls it) and the same SQL run bare on the driver, in the same run, and reports p50/p95 and
 * their ratio; then the tab counts. Run alone with `npx tsx bench/dashboard.ts`.
 *
 * BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/stanza_bench) — the database is created when
 * missing and the data generated once (INSERT … SELECT generate_series); later runs reuse it.
 * BENCH_PRATICHE (default 1000000), BENCH_RUNS (default 30).
 */
import { performance } from "node:perf_hooks";
import postgres from "postgres";
import { and, eq, sql } from "drizzle-orm";
import { openDatabase } from "@/db/client";
import { enti, memberships, operatorServices, payments, pratiche, services, users, type Ente } from "@/db/schema";
import { countDashboardTabs, DASHBOARD_TABS, dashboardPageQuery, dashboardQuerySchema, listDashboard, type DashboardQuery } from "@/lib/backoffice/dashboard";
import type { Ctx } from "@/lib/context";

const URL_ = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/stanza_bench";
const TOTAL = Number(process.env.BENCH_PRATICHE ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const SLUG = "comune-bench";
const CITIZENS = 100_000;
const OPERATORS = 30;

const GIVEN = ["Mario", "Giulia", "Luca", "Anna", "Marco", "Sara", "Paolo", "Chiara", "Andrea", "Francesca", "Giuseppe", "Elena", "Davide", "Laura", "Matteo", "Valentina", "Stefano", "Martina", "Alessandro", "Silvia", "Roberto", "Federica", "Simone", "Alessia", "Fabio", "Giorgia", "Lorenzo", "Ilaria", "Riccardo", "Elisa"];
const FAMILY = ["Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco", "Bruno", "Gallo", "Conti", "De Luca", "Mancini", "Costa", "Giordano", "Rizzo", "Lombardi", "Moretti", "Barbieri", "Fontana", "Santoro", "Mariani", "Rinaldi", "Caruso", "Ferrara", "Galli", "Martini", "Leone", "Longo", "Gentile", "Martinelli", "Vitale", "Lombardo", "Serra", "Coppola", "De Santis", "D'Angelo", "Marchetti", "Parisi", "Villa", "Conte", "Ferraro", "Ferri", "Fabbri", "Bianco", "Marini", "Grasso", "Valentini", "Messina", "Sala", "De Angelis", "Gatti", "Pellegrini", "Palumbo", "Sanna", "Farina", "Rizzi", "Monti", "Cattaneo", "Morelli", "Amato", "Silvestri", "Mazza", "Testa", "Grassi", "Pellegrino", "Carbone", "Giuliani", "Benedetti", "Barone", "Rossetti", "Caputo", "Montanari", "Guerra", "Palmieri", "Bernardi", "Martino", "Fiore", "De Rosa", "Ferretti", "Bellini", "Basile", "Riva", "Donati", "Piras", "Vitali", "Battaglia", "Sartori", "Neri", "Costantini", "Milani", "Pagano", "Ruggiero", "Sorrentino", "D'Amico", "Orlando", "Damico", "Negri"];
const SERVICE_NAMES = ["Richiesta di accesso agli atti", "Contributo per il sostegno all'affitto", "Occupazione temporanea di suolo pubblico", "Iscrizione al servizio di mensa scolastica", "Bonus idrico comunale", "Permesso di sosta residenti", "Certificato di idoneità abitativa", "Contributo libri di testo", "Segnalazione guasto illuminazione", "Iscrizione asilo nido"];

async function ensureDatabase(): Promise<void> {
  const url = new URL(URL_);
  const name = url.pathname.slice(1);
  url.pathname = "/postgres";
  const admin = postgres(url.toString(), { max: 1, onnotice: () => {} });
  const [row] = await admin`select 1 as x from pg_database where datname = ${name}`;
  if (!row) await admin.unsafe(`create database "${name.replace(/"/g, "")}"`);
  await admin.end();
}

const sqlText = (xs: string[]) => `array[${xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(",")}]`;

async function generate(raw: postgres.Sql, ente: Ente): Promise<void> {
  const t0 = performance.now();
  console.log(`generating ${CITIZENS.toLocaleString("en")} citizens and ${TOTAL.toLocaleString("en")} pratiche (once)…`);
  await raw.unsafe(`
    insert into users (email, name, given_name, family_name, codice_fiscale)
    select 'bench-' || i || '@example.com', g || ' ' || f, g, f, 'BNC' || lpad(i::text, 13, '0')
    from generate_series(1, ${CITIZENS}) i,
      lateral (select (${sqlText(GIVEN)})[1 + (i * 7) % ${GIVEN.length}] as g, (${sqlText(FAMILY)})[1 + (i * 13) % ${FAMILY.length}] as f) n`);
  await raw.unsafe(`create temporary table bench_citizens as select row_number() over (order by id) as rn, id, name, family_name || ' ' || given_name as sort_name, codice_fiscale from users where email like 'bench-%@example.com'`);
  await raw.unsafe(`create index on bench_citizens (rn)`);
  await raw.unsafe(`create temporary table bench_services as select row_number() over (order by slug) as rn, id, name from services where ente_id = '${ente.id}'`);
  await raw.unsafe(`create temporary table bench_ops as select row_number() over (order by u.email) as rn, u.id from users u join memberships m on m.user_id = u.id where m.ente_id = '${ente.id}' and m.role = 'operator'`);
  const batch = 100_000;
  for (let start = 0; start < TOTAL; start += batch) {
    const end = Math.min(TOTAL, start + batch);
    // Status mix of a municipality a few years in: mostly concluded, a few hundred a day coming in.
    await raw.unsafe(`
      insert into pratiche (ente_id, service_id, applicant_id, applicant_name, applicant_sort, numero, status, subject, search_text, assigned_operator_id, outcome, submitted_at, assigned_at, concluded_at, created_at, updated_at)
      select '${ente.id}', s.id, c.id, c.name, c.sort_name, n.numero, x.status, s.name, lower(coalesce(n.numero || ' ', '') || s.name || ' ' || c.name || ' ' || c.codice_fiscale),
        case when x.status >= 4000 and x.status <> 20000 then o.id end,
        case x.status when 7000 then 'accepted' when 9000 then 'rejected' end,
        case when x.status > 1000 then x.sub end,
        case when x.status >= 4000 and x.status <> 20000 then x.sub + x.take end,
        case when x.status in (7000, 9000) then x.sub + x.take + x.work end,
        x.sub - interval '1 hour',
        x.sub + case when x.status in (7000, 9000) then x.take + x.work when x.status >= 4000 then x.take else interval '0' end
      from generate_series(${start + 1}, ${end}) i
      cross join lateral (
        select
          case when r < 0.02 then 1000 when r < 0.04 then 2000 when r < 0.07 then 3000 when r < 0.12 then 4000 when r < 0.13 then 4100
               when r < 0.14 then 4300 when r < 0.74 then 7000 when r < 0.94 then 9000 when r < 0.98 then 20000 else 50000 end as status,
          now() - (r2 * interval '1095 days') as sub,
          (r3 * interval '5 days') as take,
          (r4 * interval '40 days') as work
        from (select random() + 0 * i as r, random() + 0 * i as r2, random() + 0 * i as r3, random() + 0 * i as r4) rr
      ) x
      join bench_services s on s.rn = 1 + (i % 10)
      join bench_citizens c on c.rn = 1 + ((i::bigint * 7919) % ${CITIZENS})
      join bench_ops o on o.rn = 1 + ((i::bigint * 31) % ${OPERATORS})
      -- A number for every submitted pratica: unique per ente (the year of submission and i), as the workflow's are.
      cross join lateral (select case when x.status > 1000 then extract(year from x.sub)::int || '-' || lpad(i::text, 7, '0') end as numero) n`);
    process.stdout.write(`  ${end.toLocaleString("en")} pratiche\r`);
  }
  console.log(`\n  vacuum analyze…`);
  await raw.unsafe(`vacuum analyze pratiche`);
  await raw.unsafe(`vacuum analyze users`);
  console.log(`  generated in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}

/**
 * One payment for one submitted pratica in twenty (5%: a municipality where a few services have fees), in every
 * status, so the dashboard's payment filter (an EXISTS on payments) is timed on a realistic spread.
 */
async function generatePayments(raw: postgres.Sql, ente: Ente): Promise<void> {
  const t0 = performance.now();
  console.log("generating payments for 5% of the submitted pratiche (once)…");
  await raw.unsafe(`
    insert into payments (ente_id, pratica_id, phase, status, amount_cents, causale, lines, due_date, notice_code, iuv, provider, paid_at, paid_amount_cents, created_at)
    select '${ente.id}', p.id, 'upfront', x.status, 1600, 'Diritti di segreteria', '[]'::jsonb, '2030-01-01', '3' || lpad(p.rn::text, 17, '0'), lpad(p.rn::text, 17, '0'), 'demo',
      case when x.status = 'paid' then p.submitted_at end, case when x.status = 'paid' then 1600 end, coalesce(p.submitted_at, now())
    from (select id, submitted_at, row_number() over (order by id) as rn from pratiche where ente_id = '${ente.id}' and submitted_at is not null) p
    cross join lateral (select (array['paid', 'paid', 'paid', 'pending', 'failed', 'expired', 'cancelled', 'creating'])[1 + (p.rn % 8)::int] as status) x
    where p.rn % 20 = 0`);
  await raw.unsafe(`vacuum analyze payments`);
  console.log(`  generated in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}

async function setup(db: Awaited<ReturnType<typeof openDatabase>>["db"], raw: postgres.Sql): Promise<{ ente: Ente; operatorId: string }> {
  let [ente] = await db.select().from(enti).where(eq(enti.slug, SLUG));
  if (!ente) {
    [ente] = await db.insert(enti).values({ slug: SLUG, name: "Comune del Benchmark" }).returning();
    if (!ente) throw new Error("ente");
    const svc = await db
      .insert(services)
      .values(SERVICE_NAMES.map((name, i) => ({ enteId: ente!.id, slug: `servizio-${String(i).padStart(2, "0")}`, name, maxResponseDays: 30, infoSheet: { description: "", whoCanApply: "", howToApply: "", whatYouNeed: "", whatYouGet: "", costs: "", timesAndDeadlines: "", conditions: "", contacts: "" }, formDefinition: { pages: [{ id: "dati", title: "Dati", items: [{ type: "text" as const, name: "oggetto", label: "Oggetto", required: false }] }] } })))
      .returning();
    for (let i = 0; i < OPERATORS; i++) {
      const [u] = await db.insert(users).values({ email: `bench-op-${String(i).padStart(2, "0")}@comune-bench.example`, name: `Operatore ${i}` }).returning();
      if (!u) throw new Error("op");
      await db.insert(memberships).values({ userId: u.id, enteId: ente.id, role: "operator" });
      await db.insert(operatorServices).values(svc.map((s) => ({ userId: u.id, serviceId: s.id })));
    }
  }
  const [have] = await db.select({ n: sql<number>`count(*)::int` }).from(pratiche).where(eq(pratiche.enteId, ente.id));
  if (Number(have?.n ?? 0) < TOTAL) {
    if (Number(have?.n ?? 0) > 0) throw new Error(`${SLUG} holds ${have?.n} pratiche, fewer than ${TOTAL}: drop the bench database and run again`);
    await generate(raw, ente);
  }
  const [pay] = await db.select({ n: sql<number>`count(*)::int` }).from(payments).where(eq(payments.enteId, ente.id));
  if (Number(pay?.n ?? 0) === 0) await generatePayments(raw, ente);
  const [op] = await db.select({ id: users.id }).from(users).innerJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.enteId, ente.id))).where(eq(users.email, "bench-op-00@comune-bench.example"));
  if (!op) throw new Error("operator");
  return { ente, operatorId: op.id };
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
}

async function time(fn: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 3; i++) await fn(); // warm the cache and the prepared statement
  const out: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

async function main(): Promise<void> {
  await ensureDatabase();
  const database = await openDatabase({ driver: "postgres", url: URL_, max: 4 });
  const raw = postgres(URL_, { max: 2, onnotice: () => {}, prepare: true });
  try {
    const { ente, operatorId } = await setup(database.db, raw);
    const ctx: Ctx = { db: database.db, ente, actor: { kind: "operator", userId: operatorId } };
    const [total] = await database.db.select({ n: sql<number>`count(*)::int` }).from(pratiche).where(eq(pratiche.enteId, ente.id));
    const serviceIds = (await database.db.select({ id: services.id }).from(services).where(eq(services.enteId, ente.id))).map((s) => s.id);
    console.log(`\nDashboard benchmark — ${Number(total?.n).toLocaleString("en")} pratiche in one ente, operator enabled on ${serviceIds.length} services, ${RUNS} runs each (after 3 warm-up runs)`);
    console.log(`PostgreSQL: ${(await raw`select version()`)[0]?.version.split(" on ")[0]}\n`);
    const scenarios: { name: string; q: Partial<DashboardQuery> }[] = [
      { name: "first page", q: {} },
      { name: "search \"rossi\" (1% match)", q: { q: "rossi" } },
      { name: "sort Richiedente A→Z", q: { sort: "richiedente", dir: "asc" } },
      { name: "sort Stato ↓", q: { sort: "stato", dir: "desc" } },
      { name: "sort Ultimo aggiornamento", q: { sort: "aggiornata", dir: "desc" } },
      { name: "search + sort Servizio", q: { q: "rossi", sort: "servizio", dir: "asc" } },
      { name: "search codice fiscale", q: { q: "bnc0000000012345" } },
      { name: "search \"rossi mario\" (two words)", q: { q: "rossi mario" } },
      { name: "search a pratica number", q: { q: "0012345" } },
      { name: "payment: paid (EXISTS)", q: { pay: "pagato" } },
      { name: "payment: failed (rare)", q: { pay: "non-riuscito" } },
      { name: "payment: none (NOT EXISTS)", q: { pay: "nessuno" } },
      { name: "search + payment to pay", q: { q: "rossi", pay: "da-pagare" } },
    ];
    const rows: string[][] = [];
    let worst = 0;
    for (const tab of DASHBOARD_TABS) {
      for (const s of scenarios) {
        const query = dashboardQuerySchema.parse({ tab, ...s.q });
        const page = await listDashboard(ctx, query);
        const built = dashboardPageQuery(ctx, operatorId, serviceIds, query).toSQL();
        const lib = await time(() => listDashboard(ctx, query));
        const bare = await time(() => raw.unsafe(built.sql, built.params as postgres.ParameterOrJSON<never>[], { prepare: true }));
        const p95 = pct(lib, 95);
        worst = Math.max(worst, p95);
        rows.push([tab, s.name, String(page.rows.length), pct(lib, 50).toFixed(1), p95.toFixed(1), pct(bare, 50).toFixed(1), pct(bare, 95).toFixed(1), (pct(lib, 50) / pct(bare, 50)).toFixed(2)]);
      }
    }
    const counts = await time(() => countDashboardTabs(ctx));
    const countsQ = await time(() => countDashboardTabs(ctx, "rossi"));
    const header = ["tab", "scenario", "rows", "p50 ms", "p95 ms", "bare p50", "bare p95", "ratio p50"];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
    const line = (r: string[]) => `| ${r.map((c, i) => (i < 2 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join(" | ")} |`;
    console.log(line(header));
    console.log(`|${widths.map((w, i) => (i < 2 ? "-".repeat(w + 2) : `${"-".repeat(w + 1)}:`)).join("|")}|`);
    for (const r of rows) console.log(line(r));
    console.log(`\nTab counts (4 capped counts, in parallel): p50 ${pct(counts, 50).toFixed(1)} ms, p95 ${pct(counts, 95).toFixed(1)} ms; with search "rossi": p50 ${pct(countsQ, 50).toFixed(1)} ms, p95 ${pct(countsQ, 95).toFixed(1)} ms`);
    console.log(`Worst page p95: ${worst.toFixed(1)} ms — target ≤ 100 ms: ${worst <= 100 ? "met" : "NOT met"}`);
  } finally {
    await raw.end();
    await database.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
