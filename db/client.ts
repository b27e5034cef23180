import { mkdirSync } from "node:fs";
import path from "node:path";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import * as schema from "./schema";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything queries can run on: the database or an open transaction. */
export type DbOrTx = Db | Tx;

export type Database = {
  db: Db;
  driver: "pglite" | "postgres";
  close: () => Promise<void>;
};

/** What the project uses of a PGlite client directly, beside drizzle: backups (lib/ops/backup.ts), prepared statements (db/prepared.ts). */
export type PgliteClient = {
  /** Simple protocol: one or more statements, each one's rows. `parsers` turn a column's text into a value, by type oid. */
  exec: (query: string, options?: { parsers?: Record<number, (value: string) => unknown> }) => Promise<{ rows: Record<string, unknown>[] }[]>;
  query: <T>(query: string) => Promise<{ rows: T[] }>;
  dumpDataDir: (compression?: "none" | "gzip" | "auto") => Promise<Blob>;
};

/** The PGlite client under a drizzle database (`$client`), or null (PostgreSQL, or an open transaction). */
export function pgliteClientOf(db: unknown): PgliteClient | null {
  const client = (db as { $client?: Partial<PgliteClient> } | null)?.$client;
  return client && typeof client.exec === "function" && typeof client.query === "function" && typeof client.dumpDataDir === "function" ? (client as PgliteClient) : null;
}

/** `db.execute` answers an array (postgres-js) or `{ rows }` (PGlite): the rows either way. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] } | null)?.rows ?? []) as T[];
}

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");

export type OpenOptions =
  /**
   * `afterMigrate` runs while this process still holds the migration lock: instances starting together on an
   * empty database (demo mode) seed it once, the others wait and find it seeded.
   */
  | { driver: "postgres"; url: string; max?: number; afterMigrate?: (db: Db) => Promise<void> }
  /**
   * `dataDir` undefined: an in-memory database (tests). `loadDataDir`: start from a dump of a data folder
   * (`dumpDataDir`) instead of an empty one: tests load a migrated template rather than run initdb each time.
   */
  | { driver: "pglite"; dataDir?: string; loadDataDir?: Blob };

/**
 * PGlite's buffer pool. It lives in the WebAssembly memory, which grows to hold it and never shrinks: at
 * PostgreSQL's default (128MB) the pool was the largest single part of a PGlite server's memory. The pages it does
 * not hold are still read from the operating system's file cache.
 */
export const PGLITE_SHARED_BUFFERS = "32MB";

/** Opens a database and brings its schema up to date. Imports drivers lazily so a build never opens one. */
export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.driver === "postgres") {
    const { default: postgres } = await import("postgres");
    const { drizzle } = await import("drizzle-orm/postgres-js");
    const { migrate } = await import("drizzle-orm/postgres-js/migrator");
    const client = postgres(opts.url, { max: opts.max ?? 10, onnotice: () => {}, prepare: true });
    const db = drizzle({ client, schema }) as unknown as Db;
    // Several instances may start at once: one migrates while the others wait on the advisory lock.
    const reserved = await client.reserve();
    try {
      await reserved`select pg_advisory_lock(727274)`;
      await migrate(drizzle({ client, schema }), { migrationsFolder: MIGRATIONS_FOLDER });
      if (opts.afterMigrate) await opts.afterMigrate(db);
    } finally {
      await reserved`select pg_advisory_unlock(727274)`;
      reserved.release();
    }
    return { db, driver: "postgres", close: () => client.end({ timeout: 5 }) };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  const { drizzle } = await import("drizzle-orm/pglite");
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true });
  const client = await PGlite.create(opts.dataDir, { extensions: { pg_trgm }, startParams: [...PGlite.defaultStartParams, "-c", `shared_buffers=${PGLITE_SHARED_BUFFERS}`], loadDataDir: opts.loadDataDir });
  const pgliteDb = drizzle({ client, schema });
  await migrate(pgliteDb, { migrationsFolder: MIGRATIONS_FOLDER });
  return { db: pgliteDb as unknown as Db, driver: "pglite", close: () => client.close() };
}
