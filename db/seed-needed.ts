import { sql } from "drizzle-orm";
import type { Db } from "./client";
import { enti } from "./schema";

/**
 * Whether the database is empty and the demo seed should run. Apart from ./seed.ts, so that a demo server on a
 * database seeded already never loads the seed's module graph (every workflow, sealing, PDF and PEC module it
 * drives): db/index.ts imports the seed only when this says so.
 */
export async function demoSeedNeeded(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(enti);
  return (row?.n ?? 0) === 0;
}
