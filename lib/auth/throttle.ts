import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { loginThrottle } from "@/db/schema";

/**
 * Growing delays instead of a lock. A key (an account, an address, an email address asking for links) gets
 * `freeAttempts` attempts; from then on each further attempt must wait 2, 4, 8, … seconds after the previous
 * one, up to `maxDelayS`. A hard lock after N failures let anyone who knew a login name keep its owner out;
 * a delay costs the owner at most `maxDelayS` once, while an attacker gets a few guesses an hour.
 *
 * The attempt is counted BEFORE the password is checked (claimAttempt), atomically, so that parallel guesses
 * cannot all slip through an open window; a successful login then clears the account's count. Attempts refused
 * because of the delay are not counted and do not extend it: the delay ends at a time fixed by the last real
 * attempt. After `RESET_AFTER_MS` without attempts the count starts again.
 */
export type ThrottlePolicy = { freeAttempts: number; maxDelayS: number };

/** Per account: three tries, then 2 s, 4 s, 8 s, … up to 15 minutes. */
export const ACCOUNT_POLICY: ThrottlePolicy = { freeAttempts: 3, maxDelayS: 15 * 60 };
/** Per client address (a municipality's office may share one): more room before the delays start. */
export const ADDRESS_POLICY: ThrottlePolicy = { freeAttempts: 30, maxDelayS: 15 * 60 };
const RESET_AFTER_MS = 60 * 60_000;

/** The delay, in seconds, imposed after the n-th attempt in a row. */
export function delayAfterAttempts(n: number, policy: ThrottlePolicy): number {
  if (n < policy.freeAttempts) return 0;
  const exponent = Math.min(n - policy.freeAttempts + 1, 30);
  return Math.min(2 ** exponent, policy.maxDelayS);
}

export type Claim = { ok: true } | { ok: false; retryAfterS: number };

// Raw sql`` parameters carry no column type, and postgres.js cannot serialize a Date without one:
// pass timestamps as ISO text cast in SQL (PGlite and PostgreSQL alike).
const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;

/**
 * Takes one attempt for `key`: refused with the seconds left while the key's delay runs, otherwise counted
 * (as a failure until clearAttempts says otherwise) and allowed.
 */
export async function claimAttempt(db: DbOrTx, key: string, policy: ThrottlePolicy, now = new Date()): Promise<Claim> {
  const nowTs = ts(now);
  const fresh = sql`(${loginThrottle.lastFailureAt} is null or ${loginThrottle.lastFailureAt} < ${ts(new Date(now.getTime() - RESET_AFTER_MS))})`;
  const next = sql`(case when ${fresh} then 1 else ${loginThrottle.failures} + 1 end)`;
  const exponent = sql`least(${next} - ${policy.freeAttempts}::int + 1, 30)`;
  const delayS = sql`least(power(2, ${exponent}), ${policy.maxDelayS}::int)`;
  const firstLock = delayAfterAttempts(1, policy);
  const claimed = await db
    .insert(loginThrottle)
    .values({ key, failures: 1, windowStart: now, lastFailureAt: now, lockedUntil: firstLock > 0 ? new Date(now.getTime() + firstLock * 1000) : null })
    .onConflictDoUpdate({
      target: loginThrottle.key,
      set: {
        failures: next,
        windowStart: sql`case when ${fresh} then ${nowTs} else ${loginThrottle.windowStart} end`,
        lastFailureAt: nowTs,
        lockedUntil: sql`case when ${next} >= ${policy.freeAttempts}::int then ${nowTs} + ${delayS} * interval '1 second' else null end`,
      },
      setWhere: sql`${loginThrottle.lockedUntil} is null or ${loginThrottle.lockedUntil} <= ${nowTs}`,
    })
    .returning({ key: loginThrottle.key });
  if (claimed.length > 0) return { ok: true };
  return { ok: false, retryAfterS: await retryAfterSeconds(db, key, now) };
}

/** Seconds before `key` may try again (0: now). */
export async function retryAfterSeconds(db: DbOrTx, key: string, now = new Date()): Promise<number> {
  const [row] = await db.select({ lockedUntil: loginThrottle.lockedUntil }).from(loginThrottle).where(eq(loginThrottle.key, key));
  const ms = row?.lockedUntil ? row.lockedUntil.getTime() - now.getTime() : 0;
  return ms > 0 ? Math.ceil(ms / 1000) : 0;
}

/** A successful login: the account's count starts again. */
export async function clearAttempts(db: DbOrTx, key: string): Promise<void> {
  await db.delete(loginThrottle).where(eq(loginThrottle.key, key));
}

/**
 * A successful login from an address: its attempt is given back, so an office whose staff log in all day never
 * reaches the delays, while an attacker cannot wipe the address's count by logging into an account of their own.
 */
export async function refundAttempt(db: DbOrTx, key: string, policy: ThrottlePolicy): Promise<void> {
  await db
    .update(loginThrottle)
    .set({
      failures: sql`greatest(${loginThrottle.failures} - 1, 0)`,
      lockedUntil: sql`case when ${loginThrottle.failures} - 1 >= ${policy.freeAttempts}::int then ${loginThrottle.lockedUntil} else null end`,
    })
    .where(and(eq(loginThrottle.key, key)));
}
