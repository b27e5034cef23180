/**
 * `npm run db:seed`: seeds the demo municipality into the configured database (PGlite under DATA_DIR, or
 * DATABASE_URL). Refuses when an ente already exists, so it never duplicates or overwrites real data.
 */
import path from "node:path";
import { openDatabase } from "@/db/client";
import { seedDemoIfEmpty } from "@/db/seed";
import { z } from "zod";
import { LocalDiskStorage, setStorage } from "@/lib/storage";

// Only what the seed needs: it runs before (or without) a server, so AUTH_SECRET and the rest are not required.
const config = z
  .object({
    databaseUrl: z.string().regex(/^postgres(ql)?:\/\//, "DATABASE_URL must start with postgres://").optional(),
    dataDir: z.string().default("./data"),
    appUrl: z.string().default("http://localhost:3000"),
  })
  .parse({ databaseUrl: process.env.DATABASE_URL || undefined, dataDir: process.env.DATA_DIR || undefined, appUrl: process.env.APP_URL || undefined });
setStorage(new LocalDiskStorage(path.join(path.resolve(config.dataDir), "files")));
let seeded = false;
// On PostgreSQL under the migration lock, so a server starting in demo mode at the same time does not seed too.
const database = config.databaseUrl
  ? await openDatabase({ driver: "postgres", url: config.databaseUrl, afterMigrate: async (db) => void (seeded = await seedDemoIfEmpty(db)) })
  : await openDatabase({ driver: "pglite", dataDir: path.join(config.dataDir, "pglite") });
try {
  if (!config.databaseUrl) seeded = await seedDemoIfEmpty(database.db);
  console.log(seeded ? "Demo municipality seeded." : "The database already has a municipality: nothing seeded.");
  if (seeded) console.log(`Demo logins (password stanza-demo): admin@bugliano.example, operatore@bugliano.example, operatore2@bugliano.example; citizens via ${config.appUrl}/comune-di-bugliano/accedi`);
} finally {
  await database.close();
}
