import type { OutboxRow } from "@/db/schema";
import { logger, scrubMessage } from "@/lib/ops/log";
import { countDelivery } from "@/lib/ops/metrics";
import { withRequestContext } from "@/lib/ops/request-context";

export type DeliveryResult = "sent" | "skipped" | "cancelled" | "deferred" | "failed" | "dead" | "routed";

/** Runs a row's delivery in the context of the request that enqueued it: the handler's log lines carry its id. */
export function inRowContext<T>(row: OutboxRow, fn: () => Promise<T>): Promise<T> {
  return row.requestId ? withRequestContext({ requestId: row.requestId }, fn) : fn();
}

/**
 * One delivery's end, counted (stanza_deliveries_total) and logged with ids only: the row, its pratica, topic, kind,
 * attempt and the enqueueing request. An error goes as its code and a message with addresses taken out (an SMTP
 * refusal quotes the recipient).
 */
export function observeDelivery(row: OutboxRow, result: DeliveryResult, err?: unknown): void {
  countDelivery(row.topic, result);
  const fields = {
    outboxId: row.id,
    praticaId: row.praticaId,
    topic: row.topic,
    kind: row.kind,
    attempt: row.attempts + 1,
    ...(row.requestId ? { requestId: row.requestId } : {}),
  };
  const log = logger("outbox");
  if (err === undefined) {
    // Every attempt is already a delivery_attempts row: a success is worth a line only when debugging.
    log.debug({ ...fields, result }, `delivery ${result}`);
    return;
  }
  const code = (err as { code?: unknown; responseCode?: unknown } | null) ?? {};
  const error = {
    ...(typeof code.code === "string" ? { code: code.code } : {}),
    ...(typeof code.responseCode === "number" ? { responseCode: code.responseCode } : {}),
    message: scrubMessage(typeof (err as { message?: unknown } | null)?.message === "string" ? (err as { message: string }).message : String(err)),
  };
  (result === "dead" ? log.error.bind(log) : log.warn.bind(log))({ ...fields, result, error }, `delivery ${result}`);
}
