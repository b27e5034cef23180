import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { deliveryAttempts, outbox, type DeliveryStatus, type OutboxRow } from "@/db/schema";
import { MAX_FAILURES, retryDelayMs, withJitter } from "./backoff";

/** What a handler made of one row. A thrown error is a failure (retried, or dead when permanent). */
export type Outcome =
  | { status: "sent"; detail: string; /** payload keys to drop once delivered (a sign-in link's secret URL) */ scrub?: string[] }
  | { status: "deferred"; until: Date; detail: string }
  | { status: "skipped"; detail: string }
  | { status: "cancelled"; detail: string };

/** Only the worker holding the claim may finish a row: a worker whose lease ran out no longer owns it. */
const ownedBy = (row: OutboxRow, workerId: string) => and(eq(outbox.id, row.id), eq(outbox.status, "processing"), eq(outbox.lockedBy, workerId));

async function attempt(db: DbOrTx, row: OutboxRow, status: DeliveryStatus, detail: string, at: Date) {
  await db.insert(deliveryAttempts).values({ outboxId: row.id, enteId: row.enteId, status, detail: detail.slice(0, 4000), createdAt: at });
}

/**
 * Writes a handler's outcome: the row's new state and the attempt, in one statement (a data-modifying WITH is
 * atomic like a transaction, at one round trip instead of four). The attempt is recorded even when the claim
 * was lost: it did happen.
 */
export async function recordOutcome(db: DbOrTx, row: OutboxRow, workerId: string, outcome: Outcome, now: Date): Promise<void> {
  let change;
  switch (outcome.status) {
    case "sent":
    case "skipped":
    case "cancelled": {
      const payload = outcome.status === "sent" && outcome.scrub?.length ? scrubbed(row.payload, outcome.scrub) : undefined;
      change = db
        .update(outbox)
        .set({ status: outcome.status, doneAt: now, lockedAt: null, lockedBy: null, lastError: null, ...(payload ? { payload } : {}) })
        .where(ownedBy(row, workerId));
      break;
    }
    case "deferred":
      change = db.update(outbox).set({ status: "pending", availableAt: outcome.until, lockedAt: null, lockedBy: null }).where(ownedBy(row, workerId));
      break;
  }
  const record = db.insert(deliveryAttempts).values({ outboxId: row.id, enteId: row.enteId, status: outcome.status, detail: outcome.detail.slice(0, 4000), createdAt: now });
  await db.execute(sql`with finished as (${change.getSQL()}) ${record.getSQL()}`);
}

/** A failed attempt: back off and retry, or give up (dead letter) when permanent or past the retry window. */
export async function recordFailure(
  db: DbOrTx,
  row: OutboxRow,
  workerId: string,
  error: string,
  permanent: boolean,
  now: Date,
  random: () => number = Math.random,
): Promise<"retry" | "dead"> {
  const failures = row.attempts + 1;
  const dead = permanent || failures >= MAX_FAILURES;
  await db.transaction(async (tx) => {
    await tx
      .update(outbox)
      .set({
        status: dead ? "dead" : "pending",
        attempts: failures,
        lastError: error.slice(0, 4000),
        lockedAt: null,
        lockedBy: null,
        availableAt: dead ? row.availableAt : new Date(now.getTime() + withJitter(retryDelayMs(failures), random)),
        doneAt: dead ? now : null,
      })
      .where(ownedBy(row, workerId));
    await attempt(tx, row, "failed", error, now);
    if (dead) await attempt(tx, row, "dead", permanent ? "errore permanente: nessun nuovo tentativo" : `${failures} tentativi falliti in 24 ore`, now);
  });
  return dead ? "dead" : "retry";
}

function scrubbed(payload: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  const copy = { ...payload };
  for (const k of keys) if (k in copy) copy[k] = "[rimosso dopo l'invio]";
  return copy;
}

