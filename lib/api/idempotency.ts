import { createHash } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { idempotencyKeys } from "@/db/schema";
import { BadRequestError, ConflictError, ValidationError, fieldError } from "@/lib/errors";

/** A stored answer is replayed for a day; after that the key may be used again. */
const KEY_TTL_MS = 24 * 60 * 60_000;
/** Marks a key whose first request is still running. */
const IN_PROGRESS = 0;

export function requestHash(method: string, path: string, body: Buffer): string {
  return createHash("sha256").update(method).update("\0").update(path).update("\0").update(body).digest("hex");
}

export function parseIdempotencyKey(value: string | null): string | null {
  if (value === null) return null;
  if (!/^[\x21-\x7e]{1,255}$/.test(value)) throw new BadRequestError("idempotency.invalid_key", {}, { field: "Idempotency-Key" });
  return value;
}

/** The claim time as JavaScript reads it (milliseconds): rows written by the database's clock have microseconds. */
const claimedAtIs = (at: Date) => sql`date_trunc('milliseconds', ${idempotencyKeys.createdAt}) = ${at.toISOString()}::timestamptz`;

export type StoredAnswer = { status: number; body: unknown };

/**
 * How long a claim holds a key while its first request runs. A request that takes longer (or whose process died)
 * loses the key: a retry after the lease takes it over instead of getting 409 for a day. Partner requests are
 * short (the body is capped, the work is a few queries), so a minute is far beyond a live request.
 */
export const CLAIM_LEASE_MS = 60_000;

/** This request's hold on a key: `claimedAt` identifies the claim, so a request that lost its lease settles nothing. */
export type IdempotencyClaim = { key: string; claimedAt: Date };
export type ClaimResult = { replay: StoredAnswer } | { claim: IdempotencyClaim };

/**
 * Claims a key for this request. Returns the stored answer when the same request was already answered; refuses
 * a key reused for a different request (422) or one whose first request is still running within its lease (409).
 */
export async function claimIdempotencyKey(db: DbOrTx, partnerId: string, key: string, hash: string, now: Date = new Date()): Promise<ClaimResult> {
  const where = and(eq(idempotencyKeys.partnerId, partnerId), eq(idempotencyKeys.key, key));
  for (let attempt = 0; attempt < 3; attempt++) {
    const inserted = await db
      .insert(idempotencyKeys)
      .values({ partnerId, key, requestHash: hash, responseStatus: IN_PROGRESS, responseBody: {}, createdAt: now })
      .onConflictDoNothing()
      .returning({ createdAt: idempotencyKeys.createdAt });
    if (inserted[0]) return { claim: { key, claimedAt: inserted[0].createdAt } };
    const [row] = await db.select().from(idempotencyKeys).where(where);
    if (!row) continue;
    const age = now.getTime() - row.createdAt.getTime();
    if (age > KEY_TTL_MS) {
      await db.delete(idempotencyKeys).where(and(where, claimedAtIs(row.createdAt)));
      continue;
    }
    if (row.responseStatus === IN_PROGRESS && age > CLAIM_LEASE_MS) {
      // The first request outlived its lease: take the key over (for this request, whatever its body), guarded
      // on the old claim so that of two retries exactly one wins.
      const taken = await db
        .update(idempotencyKeys)
        .set({ requestHash: hash, createdAt: now })
        .where(and(where, eq(idempotencyKeys.responseStatus, IN_PROGRESS), claimedAtIs(row.createdAt)))
        .returning({ createdAt: idempotencyKeys.createdAt });
      if (taken[0]) return { claim: { key, claimedAt: taken[0].createdAt } };
      continue;
    }
    if (row.requestHash !== hash)
      throw new ValidationError("idempotency.reused", [fieldError("Idempotency-Key", "idempotency.reused_field")]);
    if (row.responseStatus === IN_PROGRESS) throw new ConflictError("idempotency.in_progress");
    return { replay: { status: row.responseStatus, body: row.responseBody } };
  }
  throw new ConflictError("idempotency.contended");
}

/**
 * Stores the answer for replays. Answers that a retry could change (an internal error, a rate limit) release
 * the key instead, so the retry runs for real. Only the claim that still holds the key settles it.
 */
export async function settleIdempotencyKey(db: DbOrTx, partnerId: string, claim: IdempotencyClaim, answer: StoredAnswer): Promise<void> {
  const where = and(
    eq(idempotencyKeys.partnerId, partnerId),
    eq(idempotencyKeys.key, claim.key),
    claimedAtIs(claim.claimedAt),
    eq(idempotencyKeys.responseStatus, IN_PROGRESS),
  );
  if (answer.status >= 500 || answer.status === 429) {
    await db.delete(idempotencyKeys).where(where);
    return;
  }
  await db.update(idempotencyKeys).set({ responseStatus: answer.status, responseBody: answer.body ?? {} }).where(where);
}
