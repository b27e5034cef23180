import type { DbOrTx } from "@/db/client";
import type { OutboxRow } from "@/db/schema";
import { enqueue } from "@/lib/outbox/enqueue";
import type { Outcome } from "@/lib/outbox/record";
import type { Channel, HandOverPayload } from "./types";

/**
 * Hands a notice over to the first of `channels`: one new outbox row of that channel's topic (same kind, pratica and
 * payload, `via` that channel, the rest of `channels` as its fallbacks, parentId = this row). Its idempotency key
 * derives from this row's, so handing over twice (a crash between this and recording the outcome, a retry) adds
 * one row only. Returns the "routed" outcome for this row, or null when no channel is left (the caller decides:
 * the notice stays readable in the personal area, and the admins see the row).
 */
export async function handOver(db: DbOrTx, row: OutboxRow, channels: readonly Channel[], reason: string): Promise<Outcome | null> {
  const [next, ...rest] = channels;
  if (!next) return null;
  const payload: Record<string, unknown> & HandOverPayload = { ...row.payload, via: next, fallbacks: rest, handOverReason: reason.slice(0, 300) };
  await enqueue(db, [
    {
      enteId: row.enteId,
      praticaId: row.praticaId,
      topic: next,
      kind: row.kind,
      payload,
      parentId: row.id,
      idempotencyKey: `${row.idempotencyKey}>${next}`,
    },
  ]);
  return { status: "routed", detail: `${CHANNEL_NAMES[next]}: ${reason}`.slice(0, 500) };
}

/** The channels' names in records and logs (the UI translates its own). */
export const CHANNEL_NAMES: Record<Channel, string> = { email: "email", io: "App IO", pec: "PEC" };

/** The fallbacks a handed-over row still has (none for a row that was not handed over). */
export function fallbacksOf(row: OutboxRow): Channel[] {
  const f = row.payload.fallbacks;
  return Array.isArray(f) ? f.filter((c): c is Channel => c === "email" || c === "io" || c === "pec") : [];
}

/** The channel a handed-over row must use, if it was handed over. */
export function viaOf(row: OutboxRow): Channel | undefined {
  const v = row.payload.via;
  return v === "email" || v === "io" || v === "pec" ? v : undefined;
}
