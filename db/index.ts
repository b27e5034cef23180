import path from "node:path";
import { getConfig } from "@/lib/config/env";
import { openDatabase, type Database, type Db } from "./client";
import { demoSeedNeeded } from "./seed-needed";

export type { Db, DbOrTx, Tx } from "./client";

type Holder = { promise?: Promise<Database> };
// Cached on globalThis so that dev-server reloads reuse one connection (and PGlite's single file lock).
const holder = ((globalThis as { __stanzaDb?: Holder }).__stanzaDb ??= {});

/**
 * The process's database, opened on first use (never at import, so `next build` opens nothing):
 * PostgreSQL when DATABASE_URL is set, otherwise PGlite under DATA_DIR. Migrations run on open; an empty
 * database in demo mode gets the demo seed.
 */
export function getDatabase(): Promise<Database> {
  holder.promise ??= (async () => {
    const config = getConfig();
    const seed = async (db: Db) => {
      if (!config.demoMode) return;
      // The seed's modules are loaded only when there is something to seed (db/seed-needed.ts).
      if (!(await demoSeedNeeded(db))) return;
      const { seedDemoIfEmpty } = await import("./seed");
      await seedDemoIfEmpty(db);
    };
    // On PostgreSQL the seed runs under the migration lock: several instances starting at once seed it once.
    if (config.databaseUrl) return openDatabase({ driver: "postgres", url: config.databaseUrl, afterMigrate: seed });
    const database = await openDatabase({ driver: "pglite", dataDir: path.join(config.dataDir, "pglite") });
    await seed(database.db);
    return database;
  })().catch((err: unknown) => {
    holder.promise = undefined;
    throw err;
  });
  return holder.promise;
}

export async function getDb() {
  return (await getDatabase()).db;
}
