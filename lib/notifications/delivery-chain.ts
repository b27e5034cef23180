import type { DeliveryStatus } from "@/db/schema";
import type { Channel } from "@/db/schema/shapes/channels";
import type { PraticaNumberTexts } from "@/lib/i18n/pratica-number";
import type { DeliveryView } from "./deliveries";

/**
 * The path of one notice across channels (lib/channels/hand-over.ts makes one outbox row per channel tried, each
 * pointing to the one before): grouping a pratica's rows into chains, and each row's short step in one.
 */

export const asChannel = (v: unknown): Channel | undefined => (v === "email" || v === "io" || v === "pec" ? v : undefined);

/** The reason of a hand-over as recorded on the routed step ("App IO: profilo non trovato" → "profilo non trovato"). */
export function stripChannel(detail: string | null | undefined): string | null {
  if (!detail) return null;
  return detail.replace(/^(email|App IO|PEC):\s*/, "");
}

type ChainTexts = PraticaNumberTexts["delivery"]["chain"];

/** One row's short step in a notice's path: "App IO: rifiutato (profilo non trovato)". */
export function chainStep(r: Pick<DeliveryView, "topic" | "status" | "history">, childReason: string | null, c: ChainTexts, names: Record<Channel, string>): string {
  const channel = asChannel(r.topic) ?? "email";
  const has = (s: DeliveryStatus) => r.history.some((a) => a.status === s);
  const receipt = [...r.history].reverse().find((a) => a.status === "accepted" || a.status === "delivered" || a.status === "undelivered");
  let what: string;
  switch (r.status) {
    case "routed": {
      const why = childReason ?? stripChannel([...r.history].reverse().find((a) => a.status === "routed")?.detail) ?? c.noReason;
      what = has("undelivered") ? c.undelivered({ reason: why }) : has("failed") ? c.failed({ reason: why }) : c.refused({ reason: why });
      break;
    }
    case "sent":
      what =
        channel === "pec"
          ? receipt?.status === "delivered"
            ? c.pecDelivered
            : receipt?.status === "undelivered"
              ? c.undelivered({ reason: receipt.detail ?? c.noReason })
              : receipt?.status === "accepted"
                ? c.pecAccepted
                : c.pecSent
          : channel === "io"
            ? c.ioSent
            : c.emailSent;
      break;
    case "pending":
      what = c.waiting;
      break;
    case "processing":
      what = c.processing;
      break;
    case "dead":
      what = c.dead;
      break;
    case "skipped":
      what = c.skipped;
      break;
    case "cancelled":
      what = c.cancelled;
      break;
  }
  return `${names[channel]}: ${what}`;
}

/**
 * A notice's rows grouped by their hand-overs: for each first row (no parent in the pratica) that has children, the
 * chain of rows below it (the newest child at each step: a second hand-over of the same row is a retry of it).
 */
export function noticeChains<R extends { id: string; parentId: string | null; createdAt: Date }>(rows: readonly R[]): Map<string, R[]> {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const children = new Map<string, R[]>();
  for (const r of rows) if (r.parentId && byId.has(r.parentId)) children.set(r.parentId, [...(children.get(r.parentId) ?? []), r]);
  const chains = new Map<string, R[]>();
  for (const r of rows) {
    if (r.parentId && byId.has(r.parentId)) continue;
    if (!children.has(r.id)) continue;
    const chain: R[] = [r];
    const seen = new Set([r.id]);
    let cur = r;
    for (;;) {
      const next = (children.get(cur.id) ?? []).toSorted((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0];
      if (!next || seen.has(next.id)) break;
      seen.add(next.id);
      chain.push(next);
      cur = next;
    }
    chains.set(r.id, chain);
  }
  return chains;
}
