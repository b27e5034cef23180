import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
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

export type StoredAnswer = { status: number; body: unknown };

/**
 * Claims a key for this request. Returns the stored answer when the same request was already answered; refuses
 * a key reused for a different request (422) or one whose first request is still running (409).
 */
export async function claimIdempotencyKey(db: DbOrTx, partnerId: string, key: string, hash: string): Promise<StoredAnswer | null> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const inserted = await db
      .insert(idempotencyKeys)
      .values({ partnerId, key, requestHash: hash, responseStatus: IN_PROGRESS, responseBody: {} })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key });
    if (inserted.length > 0) return null;
    const [row] = await db.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.partnerId, partnerId), eq(idempotencyKeys.key, key)));
    if (!row) continue;
    if (Date.now() - row.createdAt.getTime() > KEY_TTL_MS) {
      await db.delete(idempotencyKeys).where(and(eq(idempotencyKeys.partnerId, partnerId), eq(idempotencyKeys.key, key), eq(idempotencyKeys.createdAt, row.createdAt)));
      continue;
    }
    if (row.requestHash !== hash)
      throw new ValidationError("idempotency.reused", [fieldError("Idempotency-Key", "idempotency.reused_field")]);
    if (row.responseStatus === IN_PROGRESS) throw new ConflictError("idempotency.in_progress");
    return { status: row.responseStatus, body: row.responseBody };
  }
  throw new ConflictError("idempotency.contended");
}

/**
 * Stores the answer for replays. Answers that a retry could change (an internal error, a rate limit) release
 * the key instead, so the retry runs for real.
 */
export async function settleIdempotencyKey(db: DbOrTx, partnerId: string, key: string, answer: StoredAnswer): Promise<void> {
  const where = and(eq(idempotencyKeys.partnerId, partnerId), eq(idempotencyKeys.key, key));
  if (answer.status >= 500 || answer.status === 429) {
    await db.delete(idempotencyKeys).where(where);
    return;
  }
  await db.update(idempotencyKeys).set({ responseStatus: answer.status, responseBody: answer.body ?? {} }).where(where);
}
