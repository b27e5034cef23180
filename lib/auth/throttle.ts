import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { loginThrottle } from "@/db/schema";

/** After this many failures within the window, an account is locked for LOCK_MS. */
export const MAX_FAILURES = 5;
/** An address (a municipality's office may share one) gets more room. */
export const MAX_ADDRESS_FAILURES = 50;
const WINDOW_MS = 15 * 60_000;
const LOCK_MS = 15 * 60_000;

export async function isThrottled(db: DbOrTx, key: string, now = new Date()): Promise<boolean> {
  const [row] = await db.select().from(loginThrottle).where(eq(loginThrottle.key, key));
  return Boolean(row?.lockedUntil && row.lockedUntil > now);
}

/** Counts a failure (atomically, so parallel guesses all count) and locks the key past the limit. */
export async function recordFailure(db: DbOrTx, key: string, maxFailures = MAX_FAILURES, now = new Date()): Promise<void> {
  // Raw sql`` parameters carry no column type, and postgres.js cannot serialize a Date without one:
  // pass timestamps as ISO text cast in SQL (PGlite and PostgreSQL alike).
  const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;
  const windowStart = ts(new Date(now.getTime() - WINDOW_MS));
  const lockUntil = ts(new Date(now.getTime() + LOCK_MS));
  const nowTs = ts(now);
  await db
    .insert(loginThrottle)
    .values({ key, failures: 1, windowStart: now })
    .onConflictDoUpdate({
      target: loginThrottle.key,
      set: {
        failures: sql`case when ${loginThrottle.windowStart} < ${windowStart} then 1 else ${loginThrottle.failures} + 1 end`,
        windowStart: sql`case when ${loginThrottle.windowStart} < ${windowStart} then ${nowTs} else ${loginThrottle.windowStart} end`,
        lockedUntil: sql`case when ${loginThrottle.windowStart} >= ${windowStart} and ${loginThrottle.failures} + 1 >= ${maxFailures} then ${lockUntil} else ${loginThrottle.lockedUntil} end`,
      },
    });
}

export async function clearFailures(db: DbOrTx, key: string): Promise<void> {
  await db.delete(loginThrottle).where(eq(loginThrottle.key, key));
}
