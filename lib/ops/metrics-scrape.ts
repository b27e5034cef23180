import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { logger } from "./log";
import { metricsState, type MetricsState } from "./metrics";

/**
 * The scrape (issue 15): the database's state read by a few small queries (outbox depth and age, protocol requests
 * waiting, connections), each bounded by a timeout and none able to fail the scrape (a failed one counts in
 * stanza_metrics_collect_errors_total and leaves its gauges as they were), then every metric in Prometheus' format.
 */
export type MetricsDatabase = { db: Db; driver: "pglite" | "postgres" };

const processDatabase = async (): Promise<MetricsDatabase> => (await import("@/db")).getDatabase();
const source = globalThis as { __stanzaMetricsDb?: () => Promise<MetricsDatabase> };

/** Tests: read the scrape-time figures from this database instead of the process's own. */
export function setMetricsDatabase(database: MetricsDatabase | undefined): void {
  source.__stanzaMetricsDb = database ? async () => database : undefined;
}

export const COLLECT_TIMEOUT_MS = 2_000;

type Row = Record<string, unknown>;
const num = (v: unknown): number => {
  const n = typeof v === "number" ? v : Number(v ?? 0);
  return Number.isFinite(n) ? n : 0;
};

async function query(database: MetricsDatabase, q: SQL): Promise<Row[]> {
  if (database.driver === "pglite") return rowsOf<Row>(await database.db.execute(q));
  // On PostgreSQL the server stops the query too, not just our wait for it.
  return database.db.transaction(async (tx) => {
    await tx.execute(sql.raw(`set local statement_timeout = ${COLLECT_TIMEOUT_MS}`));
    return rowsOf<Row>(await tx.execute(q));
  });
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    timer.unref?.();
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

const collectors: Record<string, (s: MetricsState, database: MetricsDatabase) => Promise<void>> = {
  async outbox(s, database) {
    const rows = await query(
      database,
      sql`select topic, status, count(*)::int as n,
            coalesce(extract(epoch from now() - min(available_at) filter (where status = 'pending' and available_at <= now())), 0)::float8 as oldest
          from outbox where status in ('pending', 'processing') group by topic, status`,
    );
    s.outboxDepth.reset();
    s.outboxOldestDue.reset();
    const oldest = new Map<string, number>();
    for (const r of rows) {
      const topic = String(r.topic);
      s.outboxDepth.set({ topic, status: String(r.status) }, num(r.n));
      oldest.set(topic, Math.max(oldest.get(topic) ?? 0, num(r.oldest)));
    }
    for (const topic of ["email", "protocol", "webhook", "payment", "appointment"]) if (!oldest.has(topic)) oldest.set(topic, 0);
    for (const [topic, age] of oldest) s.outboxOldestDue.set({ topic }, age);
  },
  async protocol(s, database) {
    const [row] = await query(
      database,
      sql`select count(*)::int as n, coalesce(extract(epoch from now() - min(p.created_at)), 0)::float8 as oldest
          from protocol_entries p
          where p.status = 'requested' and p.request_id is null
            and not exists (select 1 from protocol_entries a where a.request_id = p.id)`,
    );
    s.protocolWaiting.set(num(row?.n));
    s.protocolOldest.set(num(row?.oldest));
  },
  async pool(s, database) {
    if (database.driver === "pglite") {
      s.dbPoolMax.set(1);
      s.dbPoolOpen.set(1);
      s.dbPoolInUse.set(1);
      return;
    }
    const max = (database.db as unknown as { $client?: { options?: { max?: unknown } } }).$client?.options?.max;
    if (typeof max === "number") s.dbPoolMax.set(max);
    const [row] = await query(
      database,
      sql`select count(*)::int as open, count(*) filter (where state is distinct from 'idle')::int as in_use
          from pg_stat_activity where datname = current_database() and application_name = current_setting('application_name')`,
    );
    s.dbPoolOpen.set(num(row?.open));
    s.dbPoolInUse.set(num(row?.in_use));
  },
};

async function refreshDatabaseFigures(s: MetricsState): Promise<void> {
  let database: MetricsDatabase;
  try {
    database = await withTimeout((source.__stanzaMetricsDb ?? processDatabase)(), COLLECT_TIMEOUT_MS);
  } catch (err) {
    for (const name of Object.keys(collectors)) s.collectErrors.inc({ collector: name });
    logger("metrics").warn({ err }, "metrics: database not available");
    return;
  }
  await Promise.all(
    Object.entries(collectors).map(async ([name, collect]) => {
      try {
        await withTimeout(collect(s, database), COLLECT_TIMEOUT_MS);
      } catch (err) {
        s.collectErrors.inc({ collector: name });
        logger("metrics").warn({ err, collector: name }, "metrics collector failed");
      }
    }),
  );
}

/** The scrape: database figures refreshed (each bounded), then every metric in Prometheus' text format. */
export async function renderMetrics(): Promise<{ contentType: string; body: string }> {
  const s = metricsState();
  await refreshDatabaseFigures(s);
  return { contentType: s.registry.contentType, body: await s.registry.metrics() };
}
